// The period an Insights question covers: whole days of the business (its time zone), grouped by
// day or by week (weeks start on Monday), turned into SQL parameters every metric query shares.

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

/**
 * SQL fragments over the parameters $1 (from date), $2 (to date), $3 (time zone), $4 (grouping):
 * a stored instant is in range when it falls on one of the business's days from..to.
 */
export const RANGE_START = `(($1::date)::timestamp AT TIME ZONE $3::text)`;
export const RANGE_END = `((($2::date) + 1)::timestamp AT TIME ZONE $3::text)`;
export function bucketOf(column: string): string {
  return `to_char(date_trunc($4::text, ${column} AT TIME ZONE $3::text), 'YYYY-MM-DD')`;
}
export function dayOf(column: string): string {
  return `to_char(${column} AT TIME ZONE $3::text, 'YYYY-MM-DD')`;
}

/** Parameters of a query that doesn't group by day or week ($1-$3). */
export function rangeParams(range: { from: string; to: string }, timeZone: string): [string, string, string] {
  return [range.from, range.to, timeZone];
}
/** Parameters of a query that groups by day or week ($1-$4). */
export function groupedRangeParams(range: InsightsRange, timeZone: string): [string, string, string, string] {
  return [range.from, range.to, timeZone, range.grouping];
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

export async function businessTimeZone(sql: {
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
}): Promise<string> {
  const [row] = await sql.query<{ timeZone: string }>(`SELECT "timeZone" FROM "Settings" WHERE id = 1`);
  return row?.timeZone ?? "UTC";
}
