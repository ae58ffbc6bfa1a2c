// Model tokens and estimated cost per day or week, by model, per resolved conversation, and the
// days the daily token cap was reached. Admins edit the price table and the business time zone here.
import { lazy, Suspense, useMemo, useState } from "react";
import { ErrorAlert, Loading, Modal, useToast } from "../../components/ui.tsx";
import { trpc, type RouterOutputs } from "../../trpc.ts";
import { useCsvExport, type Range } from "./InsightsPage.tsx";
import type { Series } from "./TrendChart.tsx";

const TrendChart = lazy(() => import("./TrendChart.tsx"));

const usd = (n: number) => (n === 0 ? "$0" : n < 0.01 ? `$${n.toFixed(6)}` : `$${n.toFixed(2)}`);
const tokens = (n: number) => n.toLocaleString();

export function CostSection({ range, isAdmin, timeZone }: { range: Range; isAdmin: boolean; timeZone: string }) {
  const report = trpc.insights.cost.useQuery(range, { placeholderData: (prev) => prev });
  const exportCsv = useCsvExport(range);
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
    <section className="panel insights-section" aria-labelledby="cost-h">
      <div className="panel-body">
        <div className="row">
          <h2 id="cost-h">Cost</h2>
          <span className="spacer" />
          {isAdmin && (
            <button className="ghost small" onClick={() => setEditing(true)}>
              Prices and time zone…
            </button>
          )}
          <button className="ghost small" onClick={() => void exportCsv("cost")}>
            Export CSV
          </button>
        </div>
        <ErrorAlert error={report.error} />
        {!data ? (
          <Loading />
        ) : (
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
            <Suspense fallback={<Loading label="Loading chart…" />}>
              <TrendChart buckets={buckets} series={series} title="Estimated model cost over time" />
            </Suspense>
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
      </div>
      {editing && <PricesDialog timeZone={timeZone} onClose={() => setEditing(false)} />}
    </section>
  );
}

type Price = RouterOutputs["insights"]["config"]["prices"][number];

function PricesDialog({ timeZone, onClose }: { timeZone: string; onClose: () => void }) {
  const config = trpc.insights.config.useQuery();
  const utils = trpc.useUtils();
  const toast = useToast();
  const [zone, setZone] = useState(timeZone);
  const [prices, setPrices] = useState<Price[] | null>(null);
  const list = prices ?? config.data?.prices ?? [];
  const save = trpc.insights.updateConfig.useMutation({
    onSuccess: async () => {
      toast("Saved. Insights use the new prices and time zone.");
      await utils.insights.invalidate();
      onClose();
    },
  });
  const edit = (i: number, patch: Partial<Price>) => setPrices(list.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const num = (v: string) => (v === "" ? 0 : Number(v));
  return (
    <Modal
      title="Prices and time zone"
      onClose={onClose}
      wide
      footer={
        <>
          <button className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button
            className="primary"
            disabled={save.isPending}
            onClick={() => save.mutate({ timeZone: zone.trim(), prices: list })}
          >
            {save.isPending ? "Saving…" : "Save"}
          </button>
        </>
      }
    >
      <ErrorAlert error={save.error} />
      <div className="form">
        <label>
          Business time zone (days in Insights are this zone's days)
          <input value={zone} onChange={(e) => setZone(e.target.value)} placeholder="Europe/Berlin" />
        </label>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Model</th>
            <th>Prompt $ / 1M</th>
            <th>Cached $ / 1M</th>
            <th>Completion $ / 1M</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((p, i) => (
            <tr key={i}>
              <td>
                <input aria-label="Model" value={p.model} onChange={(e) => edit(i, { model: e.target.value })} />
              </td>
              <td>
                <input
                  aria-label={`${p.model} prompt price`}
                  type="number"
                  min="0"
                  step="any"
                  value={p.promptPerMillion}
                  onChange={(e) => edit(i, { promptPerMillion: num(e.target.value) })}
                />
              </td>
              <td>
                <input
                  aria-label={`${p.model} cached price`}
                  type="number"
                  min="0"
                  step="any"
                  value={p.cachedPerMillion}
                  onChange={(e) => edit(i, { cachedPerMillion: num(e.target.value) })}
                />
              </td>
              <td>
                <input
                  aria-label={`${p.model} completion price`}
                  type="number"
                  min="0"
                  step="any"
                  value={p.completionPerMillion}
                  onChange={(e) => edit(i, { completionPerMillion: num(e.target.value) })}
                />
              </td>
              <td>
                <button
                  className="ghost small"
                  onClick={() => setPrices(list.filter((_, j) => j !== i))}
                  aria-label={`Remove ${p.model}`}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        className="small"
        onClick={() =>
          setPrices([...list, { model: "", promptPerMillion: 0, cachedPerMillion: 0, completionPerMillion: 0 }])
        }
      >
        Add a model
      </button>
    </Modal>
  );
}
