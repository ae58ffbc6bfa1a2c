// API tokens for developers' scripts (admins): list, create with scopes and an optional expiry
// (the secret is shown once), revoke.
import { KeyIcon } from "../components/icons.tsx";
import { useState } from "react";
import { API_TOKEN_SCOPES } from "@support/schemas";
import { Field } from "../components/Field.tsx";
import { formErrors } from "../components/form-errors.ts";
import { FormModal, Modal } from "../components/Modal.tsx";
import {
  ConfirmDialog,
  Empty,
  ErrorAlert,
  formatDateTime,
  formatRelative,
  Loading,
  toDate,
  useToast,
} from "../components/ui.tsx";
import { trpc, type RouterOutputs } from "../trpc.ts";

type Token = RouterOutputs["apiToken"]["list"][number];
type Scope = (typeof API_TOKEN_SCOPES)[number];

const SCOPE_HELP: Record<Scope, string> = {
  "faq:read": "Read FAQs (export, sync to a help centre)",
  "faq:write": "Add, change and import FAQs",
  "ticket:read": "Read tickets and their conversations",
  "ticket:write": "Change ticket status, assignees and notes",
  "insights:read": "Read usage and answer statistics",
  "assistant:preview": "Ask the bot a question without a customer session",
  "customers:export": "Find a customer's conversations and export everything stored about them",
  "customers:erase": "Erase a customer's messages, contact and tickets' transcripts (data requests)",
};

function tokenState(t: Token): { label: string; className: string } {
  if (t.revokedAt) return { label: "Revoked", className: "inactive" };
  const expires = toDate(t.expiresAt);
  if (expires && expires.getTime() <= Date.now()) return { label: "Expired", className: "inactive" };
  return { label: "Active", className: "resolved" };
}

export function ApiTokensPage() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const tokens = trpc.apiToken.list.useQuery();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const revoke = trpc.apiToken.revoke.useMutation({
    onSuccess: async (t) => {
      setRevoking(null);
      toast(`“${t.name}” is revoked: scripts using it are refused from now on.`);
      await utils.apiToken.list.invalidate();
    },
  });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>API tokens</h1>
          <p>
            Scripts use a token to import FAQs, export tickets or ask the bot (see{" "}
            <code>packages/client/README.md</code>). Give each script its own token with only the scopes it needs.
          </p>
        </div>
        <button className="primary" onClick={() => setCreating(true)}>
          + New token
        </button>
      </div>
      <div className="panel">
        {tokens.error && (
          <div className="panel-body">
            <ErrorAlert error={tokens.error} />
          </div>
        )}
        {tokens.isPending && <Loading />}
        {tokens.data && tokens.data.length === 0 && (
          <Empty icon={<KeyIcon />} title="No API tokens yet">
            <p>Create one for each script that talks to the support bot.</p>
          </Empty>
        )}
        {tokens.data && tokens.data.length > 0 && (
          <div className="table-wrap">
            <table className="table" aria-label="API tokens">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Token</th>
                  <th>Scopes</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th>Expires</th>
                  <th>Status</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((t) => {
                  const state = tokenState(t);
                  return (
                    <tr key={t.id} className={state.label === "Active" ? "" : "inactive"} data-testid="token-row">
                      <td className="q">{t.name}</td>
                      <td>
                        <code>{t.prefix}…</code>
                      </td>
                      <td>
                        <span className="chips">
                          {t.scopes.map((s) => (
                            <span key={s} className="badge category">
                              {s}
                            </span>
                          ))}
                        </span>
                      </td>
                      <td className="nowrap">
                        {formatDateTime(t.createdAt)}
                        <div className="faint small">{t.createdBy ? `by ${t.createdBy}` : "by a removed account"}</div>
                      </td>
                      <td className="muted nowrap">{t.lastUsedAt ? formatRelative(t.lastUsedAt) : "Never"}</td>
                      <td className="muted nowrap">{t.expiresAt ? formatDateTime(t.expiresAt) : "Never"}</td>
                      <td>
                        <span className={`badge ${state.className}`}>{state.label}</span>
                        {t.revokedAt && <div className="faint small">{formatDateTime(t.revokedAt)}</div>}
                      </td>
                      <td className="nowrap" style={{ textAlign: "right" }}>
                        {!t.revokedAt && (
                          <button
                            className="small ghost"
                            onClick={() => setRevoking(t)}
                            aria-label={`Revoke ${t.name}`}
                          >
                            Revoke
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {creating && (
        <CreateToken onClose={() => setCreating(false)} onCreated={() => void utils.apiToken.list.invalidate()} />
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke token"
          danger
          busy={revoke.isPending}
          error={revoke.error}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.mutate({ id: revoking.id })}
        >
          <p>
            Every script using this token stops working at once. This can't be undone: create a new token if you need
            one again.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** yyyy-mm-dd of tomorrow, local time: the earliest expiry the form offers. */
function tomorrow(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function CreateToken({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Set<Scope>>(new Set());
  const [expires, setExpires] = useState("");
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const [noScope, setNoScope] = useState(false);
  const create = trpc.apiToken.create.useMutation({ onSuccess: onCreated });
  const errors = formErrors(create.error, ["name", "scopes", "expiresAt"]);

  const submit = () => {
    if (scopes.size === 0) {
      setNoScope(true);
      return;
    }
    // The end of the chosen local day.
    const expiresAt = expires ? new Date(`${expires}T23:59:59`).toISOString() : undefined;
    create.mutate({ name, scopes: [...scopes], expiresAt });
  };
  const toggle = (s: Scope) => {
    setNoScope(false);
    setScopes((all) => {
      const next = new Set(all);
      if (next.has(s)) next.delete(s);
      else next.add(s);
      return next;
    });
  };
  const scopeError = noScope ? "Choose at least one scope" : errors.fields.scopes;

  if (create.data) {
    const secret = create.data.secret;
    return (
      <Modal
        title="Token created"
        onClose={onClose}
        footer={
          <button className="primary" onClick={onClose}>
            I've stored it safely
          </button>
        }
      >
        <div className="stack">
          <div className="alert warn" role="alert">
            <strong>Copy this token now.</strong> It is shown only once: we keep only a fingerprint of it and can't show
            it again. Anyone with it can act with the scopes you chose, so keep it in a password manager or your
            script's secret store, never in code.
          </div>
          <label className="field">
            Token for “{create.data.token.name}”
            <div className="row" style={{ flexWrap: "nowrap" }}>
              <input
                readOnly
                value={secret}
                onFocus={(e) => e.currentTarget.select()}
                aria-describedby="secret-hint"
                style={{ fontFamily: "ui-monospace, monospace" }}
              />
              <button
                type="button"
                onClick={() =>
                  navigator.clipboard.writeText(secret).then(
                    () => setCopied("yes"),
                    () => setCopied("failed"),
                  )
                }
              >
                Copy
              </button>
            </div>
          </label>
          <p id="secret-hint" className="hint" role="status">
            {copied === "yes"
              ? "Copied to the clipboard."
              : copied === "failed"
                ? "Couldn't copy: select the token and copy it by hand."
                : "Scripts send it as Authorization: Bearer <token>."}
          </p>
        </div>
      </Modal>
    );
  }

  return (
    <FormModal
      title="New API token"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Create token"
      busyLabel="Creating…"
      busy={create.isPending}
      dirty={name !== "" || scopes.size > 0 || expires !== ""}
      error={errors.form}
    >
      <Field label="Name" hint="What uses it, e.g. “Help centre sync”." error={errors.fields.name}>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
      </Field>
      <fieldset className="fieldset" aria-describedby={scopeError ? "scope-error" : undefined}>
        <legend>Scopes</legend>
        <span className="hint">Only what the script needs.</span>
        {API_TOKEN_SCOPES.map((s) => (
          <label key={s} className="check-row">
            <input type="checkbox" checked={scopes.has(s)} onChange={() => toggle(s)} />
            <span>
              <code>{s}</code> <span className="muted">{SCOPE_HELP[s]}</span>
            </span>
          </label>
        ))}
        {scopeError && (
          <span id="scope-error" className="field-error" role="alert">
            {scopeError}
          </span>
        )}
      </fieldset>
      <Field
        label="Expires (optional)"
        hint="After this day the token stops working. Leave empty for no expiry."
        error={errors.fields.expiresAt}
      >
        <input
          type="date"
          value={expires}
          min={tomorrow()}
          onChange={(e) => setExpires(e.target.value)}
          style={{ maxWidth: 200 }}
        />
      </Field>
    </FormModal>
  );
}
