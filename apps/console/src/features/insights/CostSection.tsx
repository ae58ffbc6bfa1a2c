// Model tokens and estimated cost per day or week, by model, per resolved conversation, and the
// days the daily token cap was reached. Admins edit the price table and the business time zone here.
import { useMemo, useState } from "react";
import { PricesDialog } from "./PricesDialog.tsx";
import { InsightsSection } from "./InsightsSection.tsx";
import { trpc } from "../../trpc.ts";
import type { Range } from "./insights-common.ts";
import type { Series } from "./TrendChart.tsx";
import { TrendChartLazy } from "./TrendChartLazy.tsx";

const usd = (n: number) => (n === 0 ? "$0" : n < 0.01 ? `$${n.toFixed(6)}` : `$${n.toFixed(2)}`);
const tokens = (n: number) => n.toLocaleString();

export function CostSection({ range, isAdmin, timeZone }: { range: Range; isAdmin: boolean; timeZone: string }) {
  const report = trpc.insights.cost.useQuery(range, { placeholderData: (prev) => prev });
  const [editing, setEditing] = useState(false);
  const data = report.data;
  const buckets = useMemo(() => data?.buckets.map((b) => b.bucket) ?? [], [data]);
  const series = useMemo<Series[]>(
    () =>
      data
        ? [{ label: "Estimated cost (USD)", color: "#7c3aed", values: data.buckets.map((b) => b.costUsd), format: usd }]
        : [],
    [data],
  );
  return (
    <>
      <InsightsSection
        id="cost"
        title="Cost"
        range={range}
        table="cost"
        report={report}
        tools={
          isAdmin && (
            <button className="ghost small" onClick={() => setEditing(true)}>
              Prices and time zone…
            </button>
          )
        }
      >
        {(data) => (
          <>
            <dl className="stats">
              <div>
                <dt>Estimated cost</dt>
                <dd data-testid="stat-cost">{usd(data.totals.costUsd)}</dd>
              </div>
              <div>
                <dt>Per conversation resolved by the bot</dt>
                <dd>{data.costPerResolvedConversationUsd === null ? "—" : usd(data.costPerResolvedConversationUsd)}</dd>
              </div>
              <div>
                <dt>Prompt tokens</dt>
                <dd>{tokens(data.totals.promptTokens)}</dd>
                <small>{tokens(data.totals.cachedTokens)} cached</small>
              </div>
              <div>
                <dt>Completion tokens</dt>
                <dd>{tokens(data.totals.completionTokens)}</dd>
              </div>
              <div>
                <dt>Days the token cap was hit</dt>
                <dd>{data.capHitDays.length}</dd>
                {data.capHitDays.length > 0 && <small>{data.capHitDays.join(", ")}</small>}
              </div>
            </dl>
            {data.unpricedModels.length > 0 && (
              <div className="alert warn" role="status">
                No price for {data.unpricedModels.join(", ")}: those tokens are counted but not in the cost.
                {isAdmin ? " Add a price under “Prices and time zone”." : ""}
              </div>
            )}
            <TrendChartLazy buckets={buckets} series={series} title="Estimated model cost over time" />
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{range.grouping === "week" ? "Week of" : "Day"}</th>
                    <th>Model replies</th>
                    <th>Prompt tokens</th>
                    <th>of which cached</th>
                    <th>Completion tokens</th>
                    <th>Estimated cost</th>
                  </tr>
                </thead>
                <tbody>
                  {data.buckets.map((b) => (
                    <tr key={b.bucket}>
                      <td className="nowrap">
                        {b.bucket}
                        {data.capHitDays.includes(b.bucket) && (
                          <span className="badge open" title="Daily token cap reached">
                            {" "}
                            cap
                          </span>
                        )}
                      </td>
                      <td>{b.replies}</td>
                      <td>{tokens(b.promptTokens)}</td>
                      <td>{tokens(b.cachedTokens)}</td>
                      <td>{tokens(b.completionTokens)}</td>
                      <td>{usd(b.costUsd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {data.byModel.length > 0 && (
              <p className="muted small">
                By model:{" "}
                {data.byModel.map((m) => `${m.model} ${m.priced ? usd(m.costUsd) : "(no price)"}`).join(" · ")}
              </p>
            )}
          </>
        )}
      </InsightsSection>
      {editing && <PricesDialog timeZone={timeZone} onClose={() => setEditing(false)} />}
    </>
  );
}
