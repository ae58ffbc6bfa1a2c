// "New API token": name, scopes and an optional expiry; then the secret, shown this once.
import { useState } from "react";
import { API_TOKEN_SCOPES } from "@support/schemas";
import { Field } from "../../components/Field.tsx";
import { formErrors } from "../../components/form-errors.ts";
import { FormModal, Modal } from "../../components/Modal.tsx";
import { trpc } from "../../trpc.ts";

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

/** yyyy-mm-dd of tomorrow, local time: the earliest expiry the form offers. */
function tomorrow(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function CreateTokenDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
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
