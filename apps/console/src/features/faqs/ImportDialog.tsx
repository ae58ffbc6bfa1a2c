// Import FAQs from a CSV or JSON file: a dry run first shows what will be added, updated and
// refused (with reasons); nothing is written until the person confirms.
import { useState } from "react";
import { ErrorAlert, Modal } from "../../components/ui.tsx";
import { trpc, type RouterOutputs } from "../../trpc.ts";

type Report = RouterOutputs["faq"]["import"];

export function ImportDialog({ onClose, onImported }: { onClose: () => void; onImported: (r: Report) => void }) {
  const utils = trpc.useUtils();
  const [file, setFile] = useState<{ name: string; format: "csv" | "json"; content: string } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const dryRun = trpc.faq.import.useMutation({ onSuccess: setReport });
  const apply = trpc.faq.import.useMutation({
    onSuccess: async (r) => {
      await Promise.all([utils.faq.list.invalidate(), utils.faq.categories.invalidate()]);
      onImported(r);
    },
  });

  const choose = async (f: File | undefined) => {
    setReport(null);
    setReadError(null);
    dryRun.reset();
    if (!f) return setFile(null);
    const format = f.name.toLowerCase().endsWith(".json") ? "json" : "csv";
    if (f.size > 2_000_000) return setReadError("This file is larger than 2 MB. Split it into smaller files.");
    const content = await f.text();
    setFile({ name: f.name, format, content });
    dryRun.mutate({ format, content, dryRun: true });
  };

  const writes = report ? report.added + report.updated : 0;
  return (
    <Modal
      title="Import FAQs"
      onClose={onClose}
      wide
      footer={
        <>
          <button onClick={onClose}>Cancel</button>
          <button
            className="primary"
            disabled={!file || !report || report.fileError !== null || writes === 0 || apply.isPending}
            onClick={() => file && apply.mutate({ format: file.format, content: file.content, dryRun: false })}
          >
            {apply.isPending
              ? "Importing…"
              : writes
                ? `Import ${writes} FAQ${writes === 1 ? "" : "s"}`
                : "Nothing to import"}
          </button>
        </>
      }
    >
      <div className="stack">
        <p className="muted" style={{ margin: 0 }}>
          Use a <strong>CSV</strong> file (for example saved from Excel or Google Sheets) with the columns{" "}
          <code>question</code>, <code>answer</code> and, optionally, <code>category</code> and <code>active</code>{" "}
          (yes/no), or a <strong>JSON</strong> file exported from here. A row whose question matches an existing FAQ
          (ignoring capitals and spaces) updates it; other rows are added. You'll see a summary before anything changes.
        </p>
        <label className="field">
          File
          <input
            type="file"
            accept=".csv,.json,text/csv,application/json"
            onChange={(e) => void choose(e.target.files?.[0])}
            aria-label="FAQ file"
          />
        </label>
        {readError && <div className="alert error">{readError}</div>}
        <ErrorAlert error={dryRun.error ?? apply.error} />
        {dryRun.isPending && <div className="muted">Checking {file?.name}…</div>}
        {report && <ImportSummary report={report} fileName={file?.name ?? ""} />}
      </div>
    </Modal>
  );
}

function ImportSummary({ report, fileName }: { report: Report; fileName: string }) {
  if (report.fileError) {
    return (
      <div className="alert error" role="alert" data-testid="import-report">
        <strong>{fileName} can't be imported.</strong> {report.fileError}
      </div>
    );
  }
  return (
    <div className="stack" data-testid="import-report">
      <div className="alert info">
        <strong>Dry run of {fileName}:</strong> nothing has been changed yet. {report.rows} row
        {report.rows === 1 ? "" : "s"} read.
      </div>
      <div className="stat-row">
        <div className="stat">
          <b>{report.added}</b>
          <span>new FAQs to add</span>
        </div>
        <div className="stat">
          <b>{report.updated}</b>
          <span>existing FAQs to update</span>
        </div>
        <div className="stat">
          <b>{report.unchanged}</b>
          <span>already up to date</span>
        </div>
        <div className="stat">
          <b style={{ color: report.invalid.length ? "var(--danger)" : undefined }}>{report.invalid.length}</b>
          <span>invalid rows (skipped)</span>
        </div>
      </div>
      {report.invalid.length > 0 && (
        <div className="panel table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Row</th>
                <th>Question</th>
                <th>Why it will be skipped</th>
              </tr>
            </thead>
            <tbody>
              {report.invalid.map((r) => (
                <tr key={r.row}>
                  <td className="nowrap">Row {r.row}</td>
                  <td>{r.question ?? <span className="faint">(empty)</span>}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
