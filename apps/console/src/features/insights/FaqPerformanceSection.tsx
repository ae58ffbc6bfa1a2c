// How each FAQ did in the period, sortable by any column; FAQs nothing used and deleted FAQs marked.
import { useMemo, useState } from "react";
import { SortHeader } from "../../components/QueryTable.tsx";
import { trpc, type RouterOutputs } from "../../trpc.ts";
import type { Range } from "./insights-common.ts";
import { InsightsSection } from "./InsightsSection.tsx";

type Row = RouterOutputs["insights"]["faqPerformance"]["rows"][number];
type SortKey = "question" | "cited" | "faqOnly" | "thumbsUp" | "thumbsDown" | "handoffsAfter";

const COLUMNS: Array<[SortKey, string]> = [
  ["question", "FAQ"],
  ["cited", "Cited by the model"],
  ["faqOnly", "FAQ-only answers"],
  ["thumbsUp", "Thumbs up"],
  ["thumbsDown", "Thumbs down"],
  ["handoffsAfter", "Hand-offs after"],
];

export function FaqPerformanceSection({ range }: { range: Range }) {
  const report = trpc.insights.faqPerformance.useQuery(
    { from: range.from, to: range.to, grouping: range.grouping },
    { placeholderData: (prev) => prev },
  );
  const [sort, setSort] = useState<{ key: SortKey; dir: "asc" | "desc" }>({ key: "cited", dir: "desc" });
  const rows = useMemo(() => {
    const list = [...(report.data?.rows ?? [])];
    const value = (r: Row) => (sort.key === "question" ? (r.question ?? "").toLowerCase() : r[sort.key]);
    list.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const c = x < y ? -1 : x > y ? 1 : 0;
      return sort.dir === "asc" ? c : -c;
    });
    return list;
  }, [report.data, sort]);
  const unused = rows.filter((r) => r.unused && r.isActive).length;
  return (
    <InsightsSection id="faqperf" title="FAQ performance" range={range} table="faqPerformance" report={report}>
      {() => (
        <>
          <p className="muted small">
            {unused === 0
              ? "Every active FAQ was used in this period."
              : `${unused} active FAQ${unused === 1 ? " was" : "s were"} never used in this period.`}
          </p>
          <div className="table-wrap">
            <table className="table" data-testid="faq-performance">
              <thead>
                <tr>
                  {COLUMNS.map(([key, label]) => (
                    <SortHeader
                      key={key}
                      label={label}
                      active={sort.key === key}
                      dir={sort.dir}
                      onSort={() => setSort((s) => ({ key, dir: s.key === key && s.dir === "desc" ? "asc" : "desc" }))}
                    />
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.faqId}>
                    <td>
                      {r.question ?? <em className="muted">Deleted FAQ</em>}
                      {!r.deleted && !r.isActive && <span className="faint small"> (inactive)</span>}
                      {r.unused && r.isActive && <span className="faint small"> · never used</span>}
                    </td>
                    <td>{r.cited}</td>
                    <td>{r.faqOnly}</td>
                    <td>{r.thumbsUp}</td>
                    <td>{r.thumbsDown}</td>
                    <td>{r.handoffsAfter}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </InsightsSection>
  );
}
