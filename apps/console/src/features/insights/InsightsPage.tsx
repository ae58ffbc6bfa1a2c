// Insights for agents and admins: how well the bot resolves, what it couldn't answer (with the fix
// one click away), how each FAQ does, and what the model costs. Every number comes from the
// insights.* procedures; the definition of "resolved" is the server's, shown as it sends it.
// The period (from, to, by day or week) is in the URL, so a reload or a shared link shows the same report.
import type { Me } from "../../me.ts";
import { ErrorAlert, Loading } from "../../components/ui.tsx";
import { trpc } from "../../trpc.ts";
import { CostSection } from "./CostSection.tsx";
import { FaqPerformanceSection } from "./FaqPerformanceSection.tsx";
import { addDays, useInsightsRange } from "./insights-common.ts";
import { ResolutionSection } from "./ResolutionSection.tsx";
import { UnansweredSection } from "./UnansweredSection.tsx";

export function InsightsPage({ me }: { me: Me }) {
  const config = trpc.insights.config.useQuery(undefined, { staleTime: 60_000 });
  if (config.error) return <ErrorAlert error={config.error} title="Insights could not be loaded." />;
  if (!config.data) return <Loading label="Loading insights…" />;
  return <InsightsReport me={me} timeZone={config.data.timeZone} />;
}

function InsightsReport({ me, timeZone }: { me: Me; timeZone: string }) {
  const { today, range, setRange } = useInsightsRange(timeZone);
  const preset = (days: number) => setRange({ ...range, from: addDays(today, -(days - 1)), to: today });
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
