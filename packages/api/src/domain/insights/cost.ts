// What the model cost: tokens per day or week (prompt, of which cached, completion) priced with the
// admins' per-model price table (USD per million tokens; cached prompt tokens at the cached price),
// cost per conversation the bot resolved, and the days the daily token cap stopped model calls.
import type { RawSql } from "@support/db";
import { rawRows, sql, type Sql } from "../../lib/raw-sql.ts";
import { resolutionReport } from "./resolution.ts";
import {
  bucketOf,
  bucketsOf,
  dayOf,
  rangeEnd,
  rangeStart,
  rangeValues,
  type InsightsRange,
  type RangeValues,
} from "./range.ts";

export type CostBucket = {
  bucket: string;
  replies: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  /** USD of the tokens whose model has a price; see unpricedModels for the rest. */
  costUsd: number;
};

export type CostByModel = Omit<CostBucket, "bucket"> & { model: string; priced: boolean };

export type CostReport = {
  buckets: CostBucket[];
  byModel: CostByModel[];
  totals: Omit<CostBucket, "bucket">;
  /** Models that used tokens in the range but have no price: their tokens are counted, not costed. */
  unpricedModels: string[];
  /** Business days on which a reply was answered from the FAQs because the daily token cap was reached. */
  capHitDays: string[];
};

/** Replies with no model name (the model failed after reporting usage) are listed as this. */
export const UNKNOWN_MODEL = "(unknown model)";

/** Tokens and cost from the stored replies: the definition, used to check the derived table and in the benchmark. */
const costFromSourceSql = (v: RangeValues): Sql => sql`
  SELECT ${bucketOf(`r."createdAt"`, v)} AS bucket, coalesce(r.model, ${UNKNOWN_MODEL}::text) AS model,
    count(*)::int AS replies,
    sum(coalesce(r."promptTokens", 0))::float8 AS "promptTokens",
    sum(coalesce(r."cachedTokens", 0))::float8 AS "cachedTokens",
    sum(coalesce(r."completionTokens", 0))::float8 AS "completionTokens",
    (p.model IS NOT NULL) AS priced,
    coalesce(sum(
      (coalesce(r."promptTokens", 0) - coalesce(r."cachedTokens", 0)) * p."promptPerMillion"
      + coalesce(r."cachedTokens", 0) * p."cachedPerMillion"
      + coalesce(r."completionTokens", 0) * p."completionPerMillion"
    ) / 1000000, 0)::float8 AS "costUsd"
  FROM "Message" r LEFT JOIN "ModelPrice" p ON p.model = r.model
  WHERE r.role = 'assistant' AND r."createdAt" >= ${rangeStart(v)} AND r."createdAt" < ${rangeEnd(v)}
    AND (r."promptTokens" IS NOT NULL OR r."completionTokens" IS NOT NULL)
  GROUP BY 1, 2, p.model`;

const capDaysFromSourceSql = (v: RangeValues): Sql => sql`
  SELECT DISTINCT ${dayOf(`r."createdAt"`, v)} AS day
  FROM "Message" r
  WHERE r.role = 'assistant' AND r."fallbackReason" = 'daily_token_cap'
    AND r."createdAt" >= ${rangeStart(v)} AND r."createdAt" < ${rangeEnd(v)}
  ORDER BY 1`;

// The same from InsightsUsageSlot: replies summed per 15 minutes (UTC) and model by triggers from
// the stored replies, so a month reads ~3,000 rows per model instead of every reply. Token sums
// times a price are exact in numeric, so the cost equals the per-reply sum above.
const costSql = (v: RangeValues): Sql => sql`
  SELECT ${bucketOf(`u.slot`, v)} AS bucket, coalesce(nullif(u.model, ''), ${UNKNOWN_MODEL}::text) AS model,
    sum(u.replies)::int AS replies,
    sum(u."promptTokens")::float8 AS "promptTokens",
    sum(u."cachedTokens")::float8 AS "cachedTokens",
    sum(u."completionTokens")::float8 AS "completionTokens",
    (p.model IS NOT NULL) AS priced,
    coalesce(sum(
      (u."promptTokens" - u."cachedTokens") * p."promptPerMillion"
      + u."cachedTokens" * p."cachedPerMillion"
      + u."completionTokens" * p."completionPerMillion"
    ) / 1000000, 0)::float8 AS "costUsd"
  FROM "InsightsUsageSlot" u LEFT JOIN "ModelPrice" p ON p.model = nullif(u.model, '')
  WHERE u.replies > 0 AND u.slot >= ${rangeStart(v)} AND u.slot < ${rangeEnd(v)}
  GROUP BY 1, 2, p.model`;

const capDaysSql = (v: RangeValues): Sql => sql`
  SELECT DISTINCT ${dayOf(`u.slot`, v)} AS day
  FROM "InsightsUsageSlot" u
  WHERE u."capReplies" > 0 AND u.slot >= ${rangeStart(v)} AND u.slot < ${rangeEnd(v)}
  ORDER BY 1`;

type Row = CostBucket & { model: string; priced: boolean };

const zero = () => ({ replies: 0, promptTokens: 0, cachedTokens: 0, completionTokens: 0, costUsd: 0 });
function add(into: Omit<CostBucket, "bucket">, r: Omit<CostBucket, "bucket">) {
  into.replies += r.replies;
  into.promptTokens += r.promptTokens;
  into.cachedTokens += r.cachedTokens;
  into.completionTokens += r.completionTokens;
  into.costUsd += r.costUsd;
}
/** Sums of fractions of a cent drift in floating point; nano-dollars are precise enough for any total. */
const roundUsd = (n: number) => Math.round(n * 1e9) / 1e9;

export async function costReport(
  channel: RawSql,
  range: InsightsRange,
  timeZone: string,
  opts: { fromSource?: boolean } = {},
): Promise<CostReport> {
  const v = rangeValues(range, timeZone);
  const [rows, capDays] = await Promise.all([
    rawRows<Row>(channel, opts.fromSource ? costFromSourceSql(v) : costSql(v)),
    rawRows<{ day: string }>(channel, opts.fromSource ? capDaysFromSourceSql(v) : capDaysSql(v)),
  ]);
  const buckets = new Map(bucketsOf(range).map((b) => [b, { bucket: b, ...zero() }]));
  const models = new Map<string, CostByModel>();
  const totals = zero();
  for (const r of rows) {
    const bucket = buckets.get(r.bucket);
    if (bucket) add(bucket, r);
    const model = models.get(r.model) ?? { model: r.model, priced: r.priced, ...zero() };
    add(model, r);
    models.set(r.model, model);
    add(totals, r);
  }
  const round = <T extends { costUsd: number }>(x: T) => ({ ...x, costUsd: roundUsd(x.costUsd) });
  return {
    buckets: [...buckets.values()].map(round),
    byModel: [...models.values()].sort((a, b) => b.costUsd - a.costUsd || a.model.localeCompare(b.model)).map(round),
    totals: round(totals),
    unpricedModels: [...models.values()].filter((m) => !m.priced).map((m) => m.model),
    capHitDays: capDays.map((d) => d.day),
  };
}

export type ModelPrice = {
  model: string;
  promptPerMillion: number;
  cachedPerMillion: number;
  completionPerMillion: number;
};

export async function listModelPrices(channel: RawSql): Promise<ModelPrice[]> {
  return rawRows<ModelPrice>(
    channel,
    sql`SELECT model, "promptPerMillion"::float8 AS "promptPerMillion", "cachedPerMillion"::float8 AS "cachedPerMillion",
       "completionPerMillion"::float8 AS "completionPerMillion" FROM "ModelPrice" ORDER BY model`,
  );
}

/** Replaces the whole table in one transaction: what the admin saw and edited is what is stored. */
export async function replaceModelPrices(channel: RawSql, prices: readonly ModelPrice[]): Promise<void> {
  await rawRows(
    channel,
    sql`WITH incoming AS (
       SELECT * FROM json_to_recordset(${JSON.stringify(prices)}::json) AS x(model text, "promptPerMillion" numeric, "cachedPerMillion" numeric, "completionPerMillion" numeric)
     ), removed AS (
       DELETE FROM "ModelPrice" WHERE model NOT IN (SELECT model FROM incoming)
     )
     INSERT INTO "ModelPrice" (model, "promptPerMillion", "cachedPerMillion", "completionPerMillion", "updatedAt")
     SELECT model, "promptPerMillion", "cachedPerMillion", "completionPerMillion", now() FROM incoming
     ON CONFLICT (model) DO UPDATE SET "promptPerMillion" = EXCLUDED."promptPerMillion",
       "cachedPerMillion" = EXCLUDED."cachedPerMillion", "completionPerMillion" = EXCLUDED."completionPerMillion", "updatedAt" = now()`,
  );
}

/** The cost report plus cost per conversation the bot resolved (conversations started in the range). */
export async function costAndResolvedReport(
  channel: RawSql,
  range: InsightsRange,
  timeZone: string,
  opts: { fromSource?: boolean } = {},
) {
  const [cost, resolution] = await Promise.all([
    costReport(channel, range, timeZone, opts),
    resolutionReport(channel, range, timeZone, opts),
  ]);
  const botResolved = resolution.totals.botResolved;
  return {
    timeZone,
    ...cost,
    botResolved,
    costPerResolvedConversationUsd: botResolved > 0 ? roundUsd(cost.totals.costUsd / botResolved) : null,
  };
}
