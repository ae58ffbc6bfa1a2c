// The trend chart, loaded on first use: uPlot stays out of the console's first download.
import { lazy, Suspense, type ComponentProps } from "react";
import { Loading } from "../../components/ui.tsx";

const TrendChart = lazy(() => import("./TrendChart.tsx"));

export function TrendChartLazy(props: ComponentProps<typeof TrendChart>) {
  return (
    <Suspense fallback={<Loading label="Loading chart…" />}>
      <TrendChart {...props} />
    </Suspense>
  );
}
