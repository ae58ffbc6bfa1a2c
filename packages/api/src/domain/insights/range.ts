// The period an Insights question covers: whole days of the business (its time zone), grouped by
// day or by week (weeks start on Monday), turned into the bound values every metric statement shares.
import type { RawSql } from "@support/db";
import { raw, rawRows, sql, type Sql } from "../../lib/raw-sql.ts";

export type Grouping = "day" | "week";

/** From and to are business dates (YYYY-MM-DD), both days included. */
export type InsightsRange = { from: string; to: string; grouping: Grouping };

export const MAX_RANGE_DAYS = 366;

/** An IANA zone both Node (ICU) and PostgreSQL know; "UTC" is always valid. */
export function isValidTimeZone(name: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name) && name !== "UTC") return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function dayCount(range: { from: string; to: string }): number {
  return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The values every metric statement is bound to: the range's business days, its time zone and grouping. */
export type RangeValues = { from: string; to: string; timeZone: string; grouping: Grouping };

export function rangeValues(range: { from: string; to: string; grouping?: Grouping }, timeZone: string): RangeValues {
  return { from: range.from, to: range.to, timeZone, grouping: range.grouping ?? "day" };
}

/**
 * SQL fragments over the range's values: a stored instant is in range when it falls on one of the
 * business's days from..to. `column` is a column reference written in the statement, never input.
 */
export function rangeStart(r: RangeValues): Sql {
  return sql`((${r.from}::date)::timestamp AT TIME ZONE ${r.timeZone}::text)`;
}
export function rangeEnd(r: RangeValues): Sql {
  return sql`(((${r.to}::date) + 1)::timestamp AT TIME ZONE ${r.timeZone}::text)`;
}
/** The first day of the day or week the instant falls in, in the business's time zone. */
export function truncatedDay(column: string, r: RangeValues): Sql {
  return sql`date_trunc(${r.grouping}::text, ${raw(column)} AT TIME ZONE ${r.timeZone}::text)`;
}
export function bucketOf(column: string, r: RangeValues): Sql {
  return sql`to_char(${truncatedDay(column, r)}, 'YYYY-MM-DD')`;
}
export function dayOf(column: string, r: RangeValues): Sql {
  return sql`to_char(${raw(column)} AT TIME ZONE ${r.timeZone}::text, 'YYYY-MM-DD')`;
}

/** Every bucket of the range, in order, so days without conversations show as zeros, not gaps. */
export function bucketsOf(range: InsightsRange): string[] {
  const out: string[] = [];
  const start = new Date(`${range.from}T00:00:00Z`);
  if (range.grouping === "week") start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const end = Date.parse(`${range.to}T00:00:00Z`);
  for (const d = start; d.getTime() <= end; d.setUTCDate(d.getUTCDate() + (range.grouping === "week" ? 7 : 1))) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

export async function businessTimeZone(channel: RawSql): Promise<string> {
  const [row] = await rawRows<{ timeZone: string }>(channel, sql`SELECT "timeZone" FROM "Settings" WHERE id = 1`);
  return row?.timeZone ?? "UTC";
}
