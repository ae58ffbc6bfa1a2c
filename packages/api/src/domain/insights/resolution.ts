// What "resolved by the bot" means, in one place: the SQL below counts it and the console's help
// text shows RESOLUTION_DEFINITION, so the page and the numbers can't disagree.
//
// conversationFacts is the definition over the stored messages. Reading it for a month of a busy
// history takes seconds, so the report reads the same facts from InsightsConversation, one row per
// conversation that triggers recompute from its source rows whenever they change (migration
// insights_derived_tables mirrors conversationFacts); tests/insights/derived.test.ts checks both
// give the same report, and `npm run bench -- insights` times both.
import type { RawSql } from "@support/db";
import { raw, rawRows, sql, type Sql } from "../../lib/raw-sql.ts";
import {
  bucketOf,
  bucketsOf,
  rangeEnd,
  rangeStart,
  rangeValues,
  truncatedDay,
  type InsightsRange,
  type RangeValues,
} from "./range.ts";

/** A customer who writes again this long after the bot's last reply is "coming back", not chatting on. */
export const RETURN_GAP_MINUTES = 30;
export const RETURN_WINDOW_HOURS = 24;

export const RESOLUTION_DEFINITION =
  "A conversation counts on the day it started (in the business's time zone) once the customer has written in it. " +
  "It is resolved by the bot when the bot replied, and: it was never handed to a person (no ticket, no hand-off, no staff reply), " +
  "no bot reply in it got a thumbs-down, the bot's last reply did not say it couldn't help, and the customer did not come back " +
  `about the same thing within ${RETURN_WINDOW_HOURS} hours (a message at least ${RETURN_GAP_MINUTES} minutes after the previous one, ` +
  "sharing a word with what they asked before). Conversations from the last 24 hours can still change.";

export type ResolutionBucket = {
  /** First day of the day or week (YYYY-MM-DD, business time zone). */
  bucket: string;
  conversations: number;
  botResolved: number;
  handedOff: number;
  /** Median time from the hand-off to the first staff reply; null when no handed-off conversation got one. */
  medianFirstHumanReplyMs: number | null;
  /** Thumbs on the bot's replies in these conversations. */
  thumbsUp: number;
  thumbsDown: number;
};

/** The customers' "How did we do?" ratings (1-5) after hand-offs, of conversations started in the bucket. */
export type RatingBucket = {
  bucket: string;
  count: number;
  /** null when nobody rated. */
  average: number | null;
  /** How many gave 1, 2, 3, 4 and 5 stars. */
  distribution: [number, number, number, number, number];
};

export type ResolutionReport = {
  buckets: ResolutionBucket[];
  totals: Omit<ResolutionBucket, "bucket">;
  ratings: { buckets: RatingBucket[]; totals: Omit<RatingBucket, "bucket"> };
};

/**
 * One row per conversation started in range, with the facts the definition needs. Materialized
 * steps keep the plan simple: the range's conversations, their messages (by index), the few
 * customer messages that came after a pause, and only those get the lexical comparison.
 */
const conversationFacts = (r: RangeValues) => sql`
  conv AS MATERIALIZED (
    SELECT s.id, s."handoffAt", ${bucketOf(`s."createdAt"`, r)} AS bucket,
      EXISTS (SELECT 1 FROM "Ticket" t WHERE t."sessionId" = s.id) AS has_ticket
    FROM "Session" s
    WHERE s."createdAt" >= ${rangeStart(r)} AND s."createdAt" < ${rangeEnd(r)}
  ),
  msg AS MATERIALIZED (
    SELECT m."sessionId", m.role, m.seq, m."createdAt", m.feedback, m."handoffSuggested",
      lag(m."createdAt") OVER (PARTITION BY m."sessionId" ORDER BY m.seq) AS prev_at
    FROM conv JOIN "Message" m ON m."sessionId" = conv.id
    -- Always true (a conversation's messages come after its start), but lets the planner read
    -- only the period's part of the message table instead of all of it.
    WHERE m.role <> 'system' AND m."createdAt" >= ${rangeStart(r)}
  ),
  came_back AS (
    SELECT DISTINCT r."sessionId"
    FROM msg r JOIN "Message" q ON q.seq = r.seq
    WHERE r.role = 'user'
      AND r."createdAt" - r.prev_at >= interval '${raw(String(RETURN_GAP_MINUTES))} minutes'
      AND r."createdAt" - r.prev_at <= interval '${raw(String(RETURN_WINDOW_HOURS))} hours'
      AND EXISTS (
        SELECT 1 FROM "Message" e
        WHERE e."sessionId" = r."sessionId" AND e.role = 'user' AND e.seq < r.seq
          AND tsvector_to_array(to_tsvector('english', e.content)) && tsvector_to_array(to_tsvector('english', q.content))
      )
  ),
  facts AS (
    SELECT conv.id, conv.bucket,
      (conv.has_ticket OR conv."handoffAt" IS NOT NULL OR a.has_agent) AS handed_off,
      a.replies, a.thumbs_up, a.thumbs_down, a.last_reply_gave_up,
      a.first_agent_at - conv."handoffAt" AS first_human_reply,
      (cb."sessionId" IS NOT NULL) AS came_back
    FROM conv
    JOIN (
      SELECT msg."sessionId",
        bool_or(msg.role = 'user') AS customer_wrote,
        bool_or(msg.role = 'agent') AS has_agent,
        count(*) FILTER (WHERE msg.role = 'assistant') AS replies,
        count(*) FILTER (WHERE msg.role = 'assistant' AND msg.feedback = 'up') AS thumbs_up,
        count(*) FILTER (WHERE msg.role = 'assistant' AND msg.feedback = 'down') AS thumbs_down,
        (array_agg(msg."handoffSuggested" ORDER BY msg.seq DESC) FILTER (WHERE msg.role = 'assistant'))[1] AS last_reply_gave_up,
        min(msg."createdAt") FILTER (WHERE msg.role = 'agent' AND msg."createdAt" >= c."handoffAt") AS first_agent_at
      FROM msg JOIN conv c ON c.id = msg."sessionId"
      GROUP BY msg."sessionId"
    ) a ON a."sessionId" = conv.id AND a.customer_wrote
    LEFT JOIN came_back cb ON cb."sessionId" = conv.id
  )`;

const RESOLVED = raw(
  `replies > 0 AND NOT handed_off AND thumbs_down = 0 AND NOT coalesce(last_reply_gave_up, false) AND NOT came_back`,
);

/** The report from the stored messages: the definition, used to check the derived table and in the benchmark. */
const resolutionFromSourceSql = (r: RangeValues): Sql => sql`
  WITH ${conversationFacts(r)},
  ratings AS (
    SELECT t."sessionId", count(*) FILTER (WHERE t.rating = 1) AS r1, count(*) FILTER (WHERE t.rating = 2) AS r2,
      count(*) FILTER (WHERE t.rating = 3) AS r3, count(*) FILTER (WHERE t.rating = 4) AS r4, count(*) FILTER (WHERE t.rating = 5) AS r5
    FROM "Ticket" t JOIN conv ON conv.id = t."sessionId" WHERE t.rating IS NOT NULL GROUP BY 1
  )
  SELECT bucket,
    count(*)::int AS conversations,
    count(*) FILTER (WHERE ${RESOLVED})::int AS "botResolved",
    count(*) FILTER (WHERE handed_off)::int AS "handedOff",
    (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_human_reply) * 1000))::float8 AS "medianFirstHumanReplyMs",
    sum(thumbs_up)::int AS "thumbsUp",
    sum(thumbs_down)::int AS "thumbsDown",
    coalesce(sum(r1), 0)::int AS r1, coalesce(sum(r2), 0)::int AS r2, coalesce(sum(r3), 0)::int AS r3,
    coalesce(sum(r4), 0)::int AS r4, coalesce(sum(r5), 0)::int AS r5
  FROM facts LEFT JOIN ratings ON ratings."sessionId" = facts.id
  GROUP BY ROLLUP (bucket)`;

/**
 * The report from InsightsConversation. Conversations are first summed per 15 minutes of UTC (plain
 * arithmetic; every business day starts on such a boundary), and only those sums are placed on the
 * business's days: the time zone conversion runs per slot, not per conversation. Only conversations
 * that got a staff reply after a hand-off are sorted, for the median. The day or week of a slot is
 * computed once per row below the ROLLUP, so GROUPING() names the grouped column itself.
 */
const resolutionSql = (r: RangeValues): Sql => sql`
  WITH c AS MATERIALIZED (
    SELECT date_bin('15 minutes', c."startedAt", timestamptz '2000-01-01 00:00:00+00') AS slot, c.replies, c."handedOff", c."thumbsUp",
      c."thumbsDown", c."lastReplyGaveUp", c."cameBack", c."firstHumanReplyMs", c.rated1, c.rated2, c.rated3, c.rated4, c.rated5
    FROM "InsightsConversation" c
    WHERE c."startedAt" >= ${rangeStart(r)} AND c."startedAt" < ${rangeEnd(r)}
  ),
  per_slot AS (
    SELECT slot,
      count(*) AS conversations,
      count(*) FILTER (WHERE replies > 0 AND NOT "handedOff" AND "thumbsDown" = 0 AND NOT "lastReplyGaveUp" AND NOT "cameBack") AS "botResolved",
      count(*) FILTER (WHERE "handedOff") AS "handedOff",
      sum("thumbsUp") AS "thumbsUp", sum("thumbsDown") AS "thumbsDown",
      sum(rated1) AS r1, sum(rated2) AS r2, sum(rated3) AS r3, sum(rated4) AS r4, sum(rated5) AS r5
    FROM c GROUP BY slot
  ),
  counts AS (
    SELECT day, (GROUPING(day) = 1) AS total,
      sum(conversations)::int AS conversations, sum("botResolved")::int AS "botResolved", sum("handedOff")::int AS "handedOff",
      sum("thumbsUp")::int AS "thumbsUp", sum("thumbsDown")::int AS "thumbsDown",
      sum(r1)::int AS r1, sum(r2)::int AS r2, sum(r3)::int AS r3, sum(r4)::int AS r4, sum(r5)::int AS r5
    FROM (SELECT ${truncatedDay("slot", r)} AS day, per_slot.* FROM per_slot) per_day GROUP BY ROLLUP (day)
  ),
  medians AS (
    SELECT day, (GROUPING(day) = 1) AS total,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY "firstHumanReplyMs"))::float8 AS median
    FROM (SELECT ${truncatedDay("slot", r)} AS day, "firstHumanReplyMs" FROM c WHERE "firstHumanReplyMs" IS NOT NULL) replied
    GROUP BY ROLLUP (day)
  )
  SELECT CASE WHEN counts.total THEN NULL ELSE to_char(counts.day, 'YYYY-MM-DD') END AS bucket,
    conversations, "botResolved", "handedOff", medians.median AS "medianFirstHumanReplyMs", "thumbsUp", "thumbsDown", r1, r2, r3, r4, r5
  FROM counts LEFT JOIN medians ON medians.total = counts.total AND medians.day IS NOT DISTINCT FROM counts.day`;

type Row = Omit<ResolutionBucket, "bucket"> & {
  bucket: string | null;
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  r5: number;
};

const EMPTY = {
  conversations: 0,
  botResolved: 0,
  handedOff: 0,
  medianFirstHumanReplyMs: null,
  thumbsUp: 0,
  thumbsDown: 0,
};

export async function resolutionReport(
  channel: RawSql,
  range: InsightsRange,
  timeZone: string,
  opts: { fromSource?: boolean } = {},
): Promise<ResolutionReport> {
  const values = rangeValues(range, timeZone);
  const rows = await rawRows<Row>(channel, opts.fromSource ? resolutionFromSourceSql(values) : resolutionSql(values));
  const byBucket = new Map(rows.filter((r) => r.bucket !== null).map((r) => [r.bucket, r]));
  const total = rows.find((r) => r.bucket === null);
  const figures = (r: Row | undefined): Omit<ResolutionBucket, "bucket"> =>
    r
      ? {
          conversations: r.conversations,
          botResolved: r.botResolved,
          handedOff: r.handedOff,
          medianFirstHumanReplyMs: r.medianFirstHumanReplyMs === null ? null : Math.round(r.medianFirstHumanReplyMs),
          // Sums over no rows (a range without conversations) are NULL.
          thumbsUp: r.thumbsUp ?? 0,
          thumbsDown: r.thumbsDown ?? 0,
        }
      : EMPTY;
  const rating = (r: Row | undefined): Omit<RatingBucket, "bucket"> => {
    const distribution: RatingBucket["distribution"] = r
      ? [r.r1 ?? 0, r.r2 ?? 0, r.r3 ?? 0, r.r4 ?? 0, r.r5 ?? 0]
      : [0, 0, 0, 0, 0];
    const count = distribution.reduce((a, b) => a + b, 0);
    const stars = distribution.reduce((sum, n, i) => sum + n * (i + 1), 0);
    return { count, average: count === 0 ? null : Math.round((stars / count) * 100) / 100, distribution };
  };
  const buckets = bucketsOf(range);
  return {
    buckets: buckets.map((bucket) => ({ bucket, ...figures(byBucket.get(bucket)) })),
    totals: figures(total),
    ratings: { buckets: buckets.map((bucket) => ({ bucket, ...rating(byBucket.get(bucket)) })), totals: rating(total) },
  };
}
