// Outgoing webhooks (admins): endpoints with the events they receive and their signing secret, and
// the delivery log with each delivery's last outcome and a "Resend".
import { useState } from "react";
import { QueryTable, RowActions } from "../../components/QueryTable.tsx";
import { ConfirmDialog, Empty, useToast } from "../../components/ui.tsx";
import { trpc, type RouterOutputs } from "../../trpc.ts";
import { CreateEndpointDialog } from "./CreateEndpointDialog.tsx";
import { DeliveryLog } from "./DeliveryLog.tsx";

type Endpoint = RouterOutputs["webhook"]["list"][number];

export function WebhooksPage() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const endpoints = trpc.webhook.list.useQuery();
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<Endpoint | null>(null);
  const remove = trpc.webhook.remove.useMutation({
    onSuccess: async () => {
      setRemoving(null);
      toast("Endpoint removed with its delivery log.");
      await Promise.all([utils.webhook.list.invalidate(), utils.webhook.deliveries.invalidate()]);
    },
  });
  const toggle = trpc.webhook.update.useMutation({ onSuccess: () => void utils.webhook.list.invalidate() });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Webhooks</h1>
          <p>
            Other tools hear about conversations and tickets as they happen. Each request is signed with the endpoint's
            secret (header <code>X-Support-Signature</code>, see the README) and retried with growing delays for about
            three hours if the receiver doesn't answer 2xx.
          </p>
        </div>
        <button className="primary" onClick={() => setCreating(true)}>
          + New endpoint
        </button>
      </div>
      <div className="panel">
        <QueryTable
          items={endpoints.data}
          error={endpoints.error}
          label="Webhook endpoints"
          columns={["URL", "Events", "Signing secret", "Status"]}
          actions
          empty={
            <Empty icon="○" title="No endpoints yet">
              <p>Add the URL of a tool that should hear about new tickets, messages or feedback.</p>
            </Empty>
          }
        >
          {(e) => (
            <tr key={e.id} className={e.isActive ? "" : "inactive"} data-testid="endpoint-row">
              <td className="q">
                <code>{e.url}</code>
                {e.description && <div className="faint small">{e.description}</div>}
              </td>
              <td>
                <span className="chips">
                  {e.events.map((ev) => (
                    <span key={ev} className="badge category">
                      {ev}
                    </span>
                  ))}
                </span>
              </td>
              <td>
                <Secret value={e.secret} />
              </td>
              <td>
                <span className={`badge ${e.isActive ? "resolved" : "inactive"}`}>
                  {e.isActive ? "Active" : "Paused"}
                </span>
              </td>
              <RowActions>
                <button
                  className="small ghost"
                  disabled={toggle.isPending}
                  onClick={() => toggle.mutate({ id: e.id, isActive: !e.isActive })}
                >
                  {e.isActive ? "Pause" : "Resume"}
                </button>
                <button className="small ghost" onClick={() => setRemoving(e)} aria-label={`Remove ${e.url}`}>
                  Remove
                </button>
              </RowActions>
            </tr>
          )}
        </QueryTable>
      </div>

      <DeliveryLog />

      {creating && (
        <CreateEndpointDialog
          onClose={() => setCreating(false)}
          onCreated={() => void utils.webhook.list.invalidate()}
        />
      )}
      {removing && (
        <ConfirmDialog
          title="Remove this endpoint?"
          confirmLabel="Remove endpoint"
          danger
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => setRemoving(null)}
          onConfirm={() => remove.mutate({ id: removing.id })}
        >
          <p>
            <code>{removing.url}</code> stops receiving events, and its delivery log is deleted. Deliveries still
            waiting are not sent.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function Secret({ value }: { value: string }) {
  const [shown, setShown] = useState(false);
  return (
    <span className="row" style={{ flexWrap: "nowrap", gap: "0.4rem" }}>
      <code>{shown ? value : `${value.slice(0, 10)}…`}</code>
      <button className="small ghost" type="button" onClick={() => setShown((s) => !s)}>
        {shown ? "Hide" : "Show"}
      </button>
    </span>
  );
}
