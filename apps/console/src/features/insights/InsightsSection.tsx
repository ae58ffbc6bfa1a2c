// One Insights section: its heading with the section's tools and "Export CSV" on one row, then its
// error, "Loading…" until the report arrives, and the report.
import type { ReactNode } from "react";
import { ErrorAlert, Loading } from "../../components/ui.tsx";
import { useCsvExport, type Range, type Table } from "./insights-common.ts";

export function InsightsSection<T>({
  id,
  title,
  range,
  table,
  report,
  tools,
  intro,
  children,
}: {
  /** Names the heading's id (`${id}-h`), which labels the section. */
  id: string;
  title: string;
  range: Range;
  /** What "Export CSV" exports. */
  table: Table;
  report: { data?: T; error: unknown };
  /** Buttons before "Export CSV". */
  tools?: ReactNode;
  /** Under the heading, shown while loading too. */
  intro?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const exportCsv = useCsvExport(range);
  return (
    <section className="panel insights-section" aria-labelledby={`${id}-h`}>
      <div className="panel-body">
        <div className="row">
          <h2 id={`${id}-h`}>{title}</h2>
          <span className="spacer" />
          {tools}
          <button className="ghost small" onClick={() => void exportCsv(table)}>
            Export CSV
          </button>
        </div>
        {intro}
        <ErrorAlert error={report.error} />
        {report.data === undefined ? <Loading /> : children(report.data)}
      </div>
    </section>
  );
}
