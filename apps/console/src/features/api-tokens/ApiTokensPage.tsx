// API tokens for developers' scripts (admins): list, create with scopes and an optional expiry
// (the secret is shown once), revoke.
import { useState } from "react";
import { KeyIcon } from "../../components/icons.tsx";
import { QueryTable, RowActions } from "../../components/QueryTable.tsx";
import { ConfirmDialog, Empty, formatDateTime, formatRelative, toDate, useToast } from "../../components/ui.tsx";
import { trpc, type RouterOutputs } from "../../trpc.ts";
import { CreateTokenDialog } from "./CreateTokenDialog.tsx";

type Token = RouterOutputs["apiToken"]["list"][number];

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
        <QueryTable
          items={tokens.data}
          error={tokens.error}
          label="API tokens"
          columns={["Name", "Token", "Scopes", "Created", "Last used", "Expires", "Status"]}
          actions
          empty={
            <Empty icon={<KeyIcon />} title="No API tokens yet">
              <p>Create one for each script that talks to the support bot.</p>
            </Empty>
          }
        >
          {(t) => {
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
                <RowActions>
                  {!t.revokedAt && (
                    <button className="small ghost" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
                      Revoke
                    </button>
                  )}
                </RowActions>
              </tr>
            );
          }}
        </QueryTable>
      </div>
      {creating && (
        <CreateTokenDialog onClose={() => setCreating(false)} onCreated={() => void utils.apiToken.list.invalidate()} />
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
