// How well the bot resolves: conversations, resolved by the bot, handed to a person, first staff
// reply, thumbs and the customers' ratings after a hand-off, per day or week.
import { useMemo } from "react";
import { formatDateTime } from "../../components/ui.tsx";
import { trpc } from "../../trpc.ts";
import { formatDuration, pct, useCsvExport, type Range } from "./insights-common.ts";
import { InsightsSection } from "./InsightsSection.tsx";
import type { Series } from "./TrendChart.tsx";
import { TrendChartLazy } from "./TrendChartLazy.tsx";

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

export function ResolutionSection({ range }: { range: Range }) {
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
    <InsightsSection id="resolution" title="Resolution" range={range} table="resolution" report={report}>
      {(data) => (
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
          <TrendChartLazy
            buckets={buckets}
            series={series}
            title="Conversations, resolved by the bot and handed to a person over time"
          />
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
    </InsightsSection>
  );
}
