// A line chart over the report's days or weeks, drawn by uPlot. Imported lazily by the Insights
// page, so the chart library loads only when someone opens Insights.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type Series = { label: string; color: string; values: Array<number | null>; format?: (v: number) => string };

export default function TrendChart({ buckets, series, title }: { buckets: string[]; series: Series[]; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = buckets.map((b) => Date.parse(`${b}T12:00:00Z`) / 1000);
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 220,
        scales: { x: { time: true } },
        // Days are the business's days, already bucketed by the server: show them as UTC dates.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            points: { show: buckets.length < 40 },
            value: (_u: uPlot, v: number | null) => (v === null ? "—" : s.format ? s.format(v) : String(v)),
          })),
        ],
        axes: [{}, { size: 60 }],
      },
      [xs, ...series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [buckets, series]);
  return <figure className="insights-chart" aria-label={title} ref={box} data-testid="insights-chart" />;
}
