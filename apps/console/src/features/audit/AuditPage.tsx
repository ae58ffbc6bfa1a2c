// The audit log (admins): who changed what or read which customer's data, when and from where;
// filtered by person, action, kind and dates, paged, exported as CSV.
import { useState } from "react";
import { useDownload } from "../../components/download.ts";
import { Empty, ErrorAlert, formatDateTime, Loading, useDebounced } from "../../components/ui.tsx";
import { trpc } from "../../trpc.ts";

type Kind = "" | "change" | "read";

export function AuditPage() {
  const staff = trpc.staff.list.useQuery();
  const [actorId, setActorId] = useState("");
  const [action, setAction] = useState("");
  const [kind, setKind] = useState<Kind>("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [pages, setPages] = useState<string[]>([]);
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
  const reset = () => setPages([]);
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
            <select
              value={actorId}
              onChange={(e) => {
                setActorId(e.target.value);
                reset();
              }}
            >
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
            <input
              value={action}
              placeholder="e.g. ticket."
              onChange={(e) => {
                setAction(e.target.value);
                reset();
              }}
            />
          </label>
          <label className="field">
            Kind
            <select
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                reset();
              }}
            >
              <option value="">Changes and reads</option>
              <option value="change">Changes</option>
              <option value="read">Reads of customer data</option>
            </select>
          </label>
          <label className="field">
            From
            <input
              type="date"
              value={from}
              onChange={(e) => {
                setFrom(e.target.value);
                reset();
              }}
            />
          </label>
          <label className="field">
            To
            <input
              type="date"
              value={to}
              onChange={(e) => {
                setTo(e.target.value);
                reset();
              }}
            />
          </label>
        </div>
        {Boolean(exporter.error) && (
          <div className="panel-body">
            <ErrorAlert error={exporter.error} title="Could not export" />
          </div>
        )}
        {log.error && (
          <div className="panel-body">
            <ErrorAlert error={log.error} />
          </div>
        )}
        {log.isPending && <Loading />}
        {log.data && log.data.entries.length === 0 && <Empty icon="○" title="No entries match" />}
        {log.data && log.data.entries.length > 0 && (
          <div className="table-wrap">
            <table className="table" aria-label="Audit log">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Who</th>
                  <th>Action</th>
                  <th>On</th>
                  <th>Outcome</th>
                  <th>From</th>
                </tr>
              </thead>
              <tbody>
                {log.data.entries.map((e) => (
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
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="panel-body row" style={{ justifyContent: "space-between" }}>
          <button disabled={pages.length === 0} onClick={() => setPages((p) => p.slice(0, -1))}>
            Newer
          </button>
          <button
            disabled={!log.data?.nextBefore}
            onClick={() => log.data?.nextBefore && setPages((p) => [...p, log.data.nextBefore!])}
          >
            Older
          </button>
        </div>
      </div>
    </>
  );
}
