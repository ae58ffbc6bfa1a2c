// What the Insights sections share: the period they report on (in the URL: ?from=&to=&group=),
// the CSV export of a section's table, and number formats.
import { downloadCsv } from "../../components/download.ts";
import { useToast } from "../../components/ui.tsx";
import { oneOf, useListParams } from "../../components/useListParams.ts";
import { trpc, type RouterInputs } from "../../trpc.ts";

export type Range = RouterInputs["insights"]["resolution"];
export type Table = RouterInputs["insights"]["exportCsv"]["table"];

/** Today in the business's time zone, as YYYY-MM-DD. */
export function businessToday(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(),
  );
}
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
export const pct = (part: number, whole: number) => (whole === 0 ? "—" : `${Math.round((part / whole) * 1000) / 10}%`);
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

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The period shown, from the URL; the last 30 business days unless the URL says otherwise. */
export function useInsightsRange(timeZone: string) {
  const today = businessToday(timeZone);
  const { values, set } = useListParams({ from: addDays(today, -29), to: today, group: "day" });
  const range: Range = {
    from: DAY.test(values.from) ? values.from : addDays(today, -29),
    to: DAY.test(values.to) ? values.to : today,
    grouping: oneOf<"day" | "week">(values.group, ["day", "week"], "day"),
  };
  const setRange = (next: Range) => set({ from: next.from, to: next.to, group: next.grouping });
  return { today, range, setRange };
}
