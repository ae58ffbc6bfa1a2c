// The webhook delivery log: the latest deliveries with their last outcome, filtered by status (in
// the URL, ?status=failed), each with a "Resend".
import { formatDateTime, formatRelative, Empty, useToast } from "../../components/ui.tsx";
import { QueryTable, RowActions } from "../../components/QueryTable.tsx";
import { oneOf, useListParams } from "../../components/useListParams.ts";
import { trpc, type RouterOutputs } from "../../trpc.ts";

type Delivery = RouterOutputs["webhook"]["deliveries"][number];

const STATUS_LABEL: Record<Delivery["status"], { label: string; className: string }> = {
  pending: { label: "Pending", className: "open" },
  delivered: { label: "Delivered", className: "resolved" },
  failed: { label: "Failed", className: "inactive" },
};

export function DeliveryLog() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const { values, set } = useListParams({ status: "" });
  const status = oneOf<Delivery["status"] | "">(values.status, ["pending", "delivered", "failed"], "");
  const deliveries = trpc.webhook.deliveries.useQuery(
    { limit: 100, ...(status && { status }) },
    { refetchInterval: 5_000 },
  );
  const resend = trpc.webhook.resend.useMutation({
    onSuccess: async () => {
      toast("Queued to be sent again.");
      await utils.webhook.deliveries.invalidate();
    },
  });
  return (
    <>
      <div className="page-head" style={{ marginTop: "1.5rem" }}>
        <div>
          <h2>Delivery log</h2>
          <p>
            The latest 100 deliveries, newest first. A delivery is sent again with the same event id, so receivers can
            ignore repeats.
          </p>
        </div>
        <label className="field" style={{ minWidth: "12rem" }}>
          Show
          <select value={status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">All deliveries</option>
            <option value="pending">Pending</option>
            <option value="delivered">Delivered</option>
            <option value="failed">Failed</option>
          </select>
        </label>
      </div>
      <div className="panel">
        <QueryTable
          items={deliveries.data}
          error={[deliveries.error, resend.error]}
          label="Webhook deliveries"
          columns={["Event", "Endpoint", "Created", "Attempts", "Last outcome", "Status"]}
          actions
          empty={<Empty icon="○" title={status ? `No ${status} deliveries` : "Nothing sent yet"} />}
        >
          {(d) => (
            <tr key={d.id} data-testid="delivery-row">
              <td>
                <code>{d.event}</code>
              </td>
              <td className="muted">
                <code>{d.endpointUrl}</code>
              </td>
              <td className="nowrap">{formatDateTime(d.createdAt)}</td>
              <td>{d.attempts}</td>
              <td className="muted">
                {d.lastAttemptAt ? (
                  <>
                    {d.lastError ?? `HTTP ${d.lastStatusCode ?? "?"}`}
                    <div className="faint small">{formatRelative(d.lastAttemptAt)}</div>
                  </>
                ) : (
                  "Not tried yet"
                )}
              </td>
              <td>
                <span className={`badge ${STATUS_LABEL[d.status].className}`}>{STATUS_LABEL[d.status].label}</span>
              </td>
              <RowActions>
                <button
                  className="small ghost"
                  disabled={resend.isPending}
                  onClick={() => resend.mutate({ id: d.id })}
                  aria-label={`Resend ${d.event} delivery`}
                >
                  Resend
                </button>
              </RowActions>
            </tr>
          )}
        </QueryTable>
      </div>
    </>
  );
}
