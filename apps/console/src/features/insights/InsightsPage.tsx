// Insights for agents and admins: how well the bot resolves, what it couldn't answer (with the fix
// one click away), how each FAQ does, and what the model costs. Every number comes from the
// insights.* procedures; the definition of "resolved" is the server's, shown as it sends it.
import { lazy, Suspense, useMemo, useState } from "react";
import type { Me } from "../../me.ts";
import { downloadCsv } from "../../components/download.ts";
import { ErrorAlert, formatDateTime, Loading, useToast } from "../../components/ui.tsx";
import { trpc, type RouterInputs } from "../../trpc.ts";
import { CostSection } from "./CostSection.tsx";
import { FaqPerformanceSection } from "./FaqPerformanceSection.tsx";
import { UnansweredSection } from "./UnansweredSection.tsx";
import type { Series } from "./TrendChart.tsx";

const TrendChart = lazy(() => import("./TrendChart.tsx"));

export type Range = RouterInputs["insights"]["resolution"];
type Table = RouterInputs["insights"]["exportCsv"]["table"];

/** Today in the business's time zone, as YYYY-MM-DD. */
function businessToday(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(),
  );
}
function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const pct = (part: number, whole: number) => (whole === 0 ? "—" : `${Math.round((part / whole) * 1000) / 10}%`);
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const min = ms / 60_000;
  if (min < 1) return `${Math.round(ms / 1000)} s`;
  if (min < 120) return `${Math.round(min)} min`;
  return `${Math.round((min / 60) * 10) / 10} h`;
}

export function useCsvExport(range: Range) {
  const utils = trpc.useUtils();
  const toast = useToast();
  return async (table: Table) => {
    try {
      const file = await utils.insights.exportCsv.fetch({ table, range });
      downloadCsv(file.filename, file.content);
      toast(`Exported ${file.rows} rows to ${file.filename}.`);
    } catch (err) {
      toast((err as Error).message, { kind: "error" });
    }
  };
}

export function InsightsPage({ me }: { me: Me }) {
  const config = trpc.insights.config.useQuery(undefined, { staleTime: 60_000 });
  if (config.error) return <ErrorAlert error={config.error} title="Insights could not be loaded." />;
  if (!config.data) return <Loading label="Loading insights…" />;
  return <InsightsReport me={me} timeZone={config.data.timeZone} />;
}

function InsightsReport({ me, timeZone }: { me: Me; timeZone: string }) {
  const today = businessToday(timeZone);
  const [range, setRange] = useState<Range>({ from: addDays(today, -29), to: today, grouping: "day" });
  const preset = (days: number) => setRange((r) => ({ ...r, from: addDays(today, -(days - 1)), to: today }));
  const valid = range.from <= range.to;
  return (
    <div className="page insights">
      <div className="page-head">
        <h1>Insights</h1>
        <span className="muted small">Days are business days in {timeZone}.</span>
      </div>
      <div className="toolbar insights-range" role="group" aria-label="Period">
        <label>
          From{" "}
          <input
            type="date"
            value={range.from}
            max={range.to}
            onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })}
          />
        </label>
        <label>
          To{" "}
          <input
            type="date"
            value={range.to}
            min={range.from}
            onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })}
          />
        </label>
        <button className="ghost small" onClick={() => preset(7)}>
          Last 7 days
        </button>
        <button className="ghost small" onClick={() => preset(30)}>
          Last 30 days
        </button>
        <button className="ghost small" onClick={() => preset(90)}>
          Last 90 days
        </button>
        <span className="spacer" />
        <div className="tabs" role="radiogroup" aria-label="Group by">
          {(["day", "week"] as const).map((g) => (
            <button
              key={g}
              role="radio"
              aria-checked={range.grouping === g}
              className={range.grouping === g ? "active" : ""}
              onClick={() => setRange({ ...range, grouping: g })}
            >
              By {g}
            </button>
          ))}
        </div>
      </div>
      {!valid ? (
        <div className="alert error" role="alert">
          The start date must not be after the end date.
        </div>
      ) : (
        <>
          <ResolutionSection range={range} />
          <UnansweredSection range={range} />
          <FaqPerformanceSection range={range} />
          <CostSection range={range} isAdmin={me.role === "admin"} timeZone={timeZone} />
        </>
      )}
    </div>
  );
}

const formatRating = (r: { count: number; average: number | null }) =>
  r.average === null ? "—" : `${r.average.toFixed(1)} (${r.count})`;

/** How many customers gave 1 to 5 stars, as a row of bars with the counts written out. */
function RatingDistribution({ distribution }: { distribution: number[] }) {
  const most = Math.max(1, ...distribution);
  if (distribution.every((n) => n === 0)) return null;
  return (
    <dl
      className="rating-distribution"
      aria-label="Ratings after a hand-off, by stars"
      data-testid="rating-distribution"
    >
      {distribution.map((n, i) => (
        <div key={i}>
          <dt>{i + 1} ★</dt>
          <dd>
            <span className="bar" style={{ width: `${(n / most) * 100}%` }} />
            <span>{n}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ResolutionSection({ range }: { range: Range }) {
  const report = trpc.insights.resolution.useQuery(range, { placeholderData: (prev) => prev });
  const exportCsv = useCsvExport(range);
  const data = report.data;
  const buckets = useMemo(() => data?.buckets.map((b) => b.bucket) ?? [], [data]);
  const series = useMemo<Series[]>(
    () =>
      data
        ? [
            { label: "Conversations", color: "#2563eb", values: data.buckets.map((b) => b.conversations) },
            { label: "Resolved by the bot", color: "#16a34a", values: data.buckets.map((b) => b.botResolved) },
            { label: "Handed to a person", color: "#d97706", values: data.buckets.map((b) => b.handedOff) },
          ]
        : [],
    [data],
  );
  return (
    <section className="panel insights-section" aria-labelledby="resolution-h">
      <div className="panel-body">
        <div className="row">
          <h2 id="resolution-h">Resolution</h2>
          <span className="spacer" />
          <button className="ghost small" onClick={() => void exportCsv("resolution")}>
            Export CSV
          </button>
        </div>
        <ErrorAlert error={report.error} />
        {!data ? (
          <Loading />
        ) : (
          <>
            <details className="help">
              <summary>What counts as “resolved”?</summary>
              <p data-testid="resolved-definition">{data.definition}</p>
            </details>
            <dl className="stats">
              <div>
                <dt>Conversations</dt>
                <dd data-testid="stat-conversations">{data.totals.conversations}</dd>
              </div>
              <div>
                <dt>Resolved by the bot</dt>
                <dd data-testid="stat-resolved">{pct(data.totals.botResolved, data.totals.conversations)}</dd>
                <small>{data.totals.botResolved} conversations</small>
              </div>
              <div>
                <dt>Handed to a person</dt>
                <dd>{pct(data.totals.handedOff, data.totals.conversations)}</dd>
                <small>{data.totals.handedOff} conversations</small>
              </div>
              <div>
                <dt>Median time to first staff reply</dt>
                <dd>{formatDuration(data.totals.medianFirstHumanReplyMs)}</dd>
              </div>
              <div>
                <dt>Bot answers rated</dt>
                <dd>
                  {data.totals.thumbsUp} up · {data.totals.thumbsDown} down
                </dd>
              </div>
              <div>
                <dt>Rating after a hand-off</dt>
                <dd data-testid="stat-rating">
                  {data.ratings.totals.average === null ? "—" : `${data.ratings.totals.average.toFixed(1)} / 5`}
                </dd>
                <small>
                  {data.ratings.totals.count} {data.ratings.totals.count === 1 ? "rating" : "ratings"}
                </small>
              </div>
            </dl>
            <RatingDistribution distribution={data.ratings.totals.distribution} />
            <Suspense fallback={<Loading label="Loading chart…" />}>
              <TrendChart
                buckets={buckets}
                series={series}
                title="Conversations, resolved by the bot and handed to a person over time"
              />
            </Suspense>
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{range.grouping === "week" ? "Week of" : "Day"}</th>
                    <th>Conversations</th>
                    <th>Resolved by the bot</th>
                    <th>Handed to a person</th>
                    <th>Median first staff reply</th>
                    <th>Thumbs up</th>
                    <th>Thumbs down</th>
                    <th>Rating after hand-off</th>
                  </tr>
                </thead>
                <tbody>
                  {data.buckets.map((b, i) => (
                    <tr key={b.bucket}>
                      <td className="nowrap">{b.bucket}</td>
                      <td>{b.conversations}</td>
                      <td>
                        {b.botResolved} <span className="faint">({pct(b.botResolved, b.conversations)})</span>
                      </td>
                      <td>{b.handedOff}</td>
                      <td>{formatDuration(b.medianFirstHumanReplyMs)}</td>
                      <td>{b.thumbsUp}</td>
                      <td>{b.thumbsDown}</td>
                      <td>{formatRating(data.ratings.buckets[i]!)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="row">
              <p className="muted small">
                Thumbs are on the bot's answers; ratings are the customers' 1–5 stars after a resolved hand-off, counted
                on the day the conversation started. Updated {formatDateTime(new Date(report.dataUpdatedAt))}.
              </p>
              <span className="spacer" />
              <button className="ghost small" onClick={() => void exportCsv("ratings")}>
                Export ratings CSV
              </button>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
