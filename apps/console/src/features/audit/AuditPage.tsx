// The audit log (admins): who changed what or read which customer's data, when and from where;
// filtered by person, action, kind and dates (in the URL), paged, exported as CSV.
import { useDownload } from "../../components/download.ts";
import { QueryTable } from "../../components/QueryTable.tsx";
import { Empty, ErrorAlert, formatDateTime, useDebounced } from "../../components/ui.tsx";
import { oneOf, useListParams } from "../../components/useListParams.ts";
import { trpc, type RouterInputs } from "../../trpc.ts";

/** "" is both kinds. */
type Kind = NonNullable<RouterInputs["audit"]["list"]["kind"]> | "";

// ?older= holds the cursors of the pages walked through with "Older" (comma-separated entry ids),
// so "Newer" can step back and a reload stays on the same page.
const DEFAULTS = { actor: "", action: "", kind: "", from: "", to: "", older: "" };

export function AuditPage() {
  const staff = trpc.staff.list.useQuery();
  const { values, set } = useListParams(DEFAULTS);
  const { actor: actorId, action, from, to } = values;
  const kind = oneOf<Kind>(values.kind, ["", "change", "read"], "");
  const pages = values.older ? values.older.split(",") : [];
  /** A filter change starts again from the newest entries. */
  const setFilter = (patch: Partial<typeof DEFAULTS>) => set({ ...patch, older: "" });
  const debouncedAction = useDebounced(action.trim());
  const filters = {
    ...(actorId && { actorId }),
    ...(debouncedAction && { action: debouncedAction }),
    ...(kind && { kind }),
    // Whole local days.
    ...(from && { from: new Date(`${from}T00:00:00`).toISOString() }),
    ...(to && { to: new Date(`${to}T23:59:59.999`).toISOString() }),
  };
  const before = pages.at(-1);
  const log = trpc.audit.list.useQuery({ ...filters, limit: 50, ...(before && { before }) });
  const utils = trpc.useUtils();
  const exporter = useDownload();
  const exportCsv = () =>
    exporter.run(async () => {
      const file = await utils.audit.exportCsv.fetch(filters);
      return { filename: file.filename, mimeType: "text/csv", content: file.csv };
    });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Audit log</h1>
          <p>
            Every change made by staff or API tokens, and every time someone opened a customer's conversation or ticket.
            Entries can't be edited or deleted.
          </p>
        </div>
        <button onClick={() => void exportCsv()} disabled={exporter.busy}>
          {exporter.busy ? "Exporting…" : "Export CSV"}
        </button>
      </div>
      <div className="panel">
        <div className="panel-body row" style={{ gap: "0.75rem", flexWrap: "wrap", alignItems: "flex-end" }}>
          <label className="field">
            Who
            <select value={actorId} onChange={(e) => setFilter({ actor: e.target.value })}>
              <option value="">Everyone</option>
              {staff.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Action
            <input value={action} placeholder="e.g. ticket." onChange={(e) => setFilter({ action: e.target.value })} />
          </label>
          <label className="field">
            Kind
            <select value={kind} onChange={(e) => setFilter({ kind: e.target.value })}>
              <option value="">Changes and reads</option>
              <option value="change">Changes</option>
              <option value="read">Reads of customer data</option>
            </select>
          </label>
          <label className="field">
            From
            <input type="date" value={from} onChange={(e) => setFilter({ from: e.target.value })} />
          </label>
          <label className="field">
            To
            <input type="date" value={to} onChange={(e) => setFilter({ to: e.target.value })} />
          </label>
        </div>
        {Boolean(exporter.error) && (
          <div className="panel-body">
            <ErrorAlert error={exporter.error} title="Could not export" />
          </div>
        )}
        <QueryTable
          items={log.data?.entries}
          error={log.error}
          label="Audit log"
          columns={["When", "Who", "Action", "On", "Outcome", "From"]}
          empty={<Empty icon="○" title="No entries match" />}
        >
          {(e) => (
            <tr key={e.id} data-testid="audit-row">
              <td className="nowrap">{formatDateTime(e.at)}</td>
              <td>
                {e.actorName}
                <div className="faint small">{e.actorKind === "api" ? "API token" : "Staff"}</div>
              </td>
              <td>
                <code>{e.action}</code>
                <div className="faint small">{e.kind === "read" ? "read customer data" : "change"}</div>
              </td>
              <td className="muted small">
                {e.targets.map((t) => (
                  <div key={t}>
                    <code>{t.slice(0, 8)}</code>
                  </div>
                ))}
              </td>
              <td>
                <span className={`badge ${e.outcome === "ok" ? "resolved" : "inactive"}`}>
                  {e.outcome === "ok" ? "Done" : e.outcome}
                </span>
              </td>
              <td className="muted small" title={e.userAgent ?? undefined}>
                {e.ip ?? "unknown"}
              </td>
            </tr>
          )}
        </QueryTable>
        <div className="panel-body row" style={{ justifyContent: "space-between" }}>
          <button disabled={pages.length === 0} onClick={() => set({ older: pages.slice(0, -1).join(",") })}>
            Newer
          </button>
          <button
            disabled={!log.data?.nextBefore}
            onClick={() => log.data?.nextBefore && set({ older: [...pages, log.data.nextBefore].join(",") })}
          >
            Older
          </button>
        </div>
      </div>
    </>
  );
}
