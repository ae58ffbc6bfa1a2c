// What "resolved by the bot" means, in one place: the SQL below counts it and the console's help
// text shows RESOLUTION_DEFINITION, so the page and the numbers can't disagree.
import type { RawSql } from "@support/db";
import { bucketOf, bucketsOf, groupedRangeParams, RANGE_END, RANGE_START, type InsightsRange } from "./range.ts";

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

export type ResolutionReport = { buckets: ResolutionBucket[]; totals: Omit<ResolutionBucket, "bucket"> };

/**
 * One row per conversation started in range, with the facts the definition needs. Materialized
 * steps keep the plan simple: the range's conversations, their messages (by index), the few
 * customer messages that came after a pause, and only those get the lexical comparison.
 */
const CONVERSATION_FACTS = `
  conv AS MATERIALIZED (
    SELECT s.id, s."handoffAt", ${bucketOf(`s."createdAt"`)} AS bucket,
      EXISTS (SELECT 1 FROM "Ticket" t WHERE t."sessionId" = s.id) AS has_ticket
    FROM "Session" s
    WHERE s."createdAt" >= ${RANGE_START} AND s."createdAt" < ${RANGE_END}
  ),
  msg AS MATERIALIZED (
    SELECT m."sessionId", m.role, m.seq, m."createdAt", m.feedback, m."handoffSuggested",
      lag(m."createdAt") OVER (PARTITION BY m."sessionId" ORDER BY m.seq) AS prev_at
    FROM conv JOIN "Message" m ON m."sessionId" = conv.id
    -- Always true (a conversation's messages come after its start), but lets the planner read
    -- only the period's part of the message table instead of all of it.
    WHERE m.role <> 'system' AND m."createdAt" >= ${RANGE_START}
  ),
  came_back AS (
    SELECT DISTINCT r."sessionId"
    FROM msg r JOIN "Message" q ON q.seq = r.seq
    WHERE r.role = 'user'
      AND r."createdAt" - r.prev_at >= interval '${RETURN_GAP_MINUTES} minutes'
      AND r."createdAt" - r.prev_at <= interval '${RETURN_WINDOW_HOURS} hours'
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

const RESOLUTION_SQL = `
  WITH ${CONVERSATION_FACTS}
  SELECT bucket,
    count(*)::int AS conversations,
    count(*) FILTER (WHERE replies > 0 AND NOT handed_off AND thumbs_down = 0 AND NOT coalesce(last_reply_gave_up, false) AND NOT came_back)::int AS "botResolved",
    count(*) FILTER (WHERE handed_off)::int AS "handedOff",
    (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_human_reply) * 1000))::float8 AS "medianFirstHumanReplyMs",
    sum(thumbs_up)::int AS "thumbsUp",
    sum(thumbs_down)::int AS "thumbsDown"
  FROM facts
  GROUP BY ROLLUP (bucket)`;

type Row = Omit<ResolutionBucket, "bucket"> & { bucket: string | null };

const EMPTY = { conversations: 0, botResolved: 0, handedOff: 0, medianFirstHumanReplyMs: null, thumbsUp: 0, thumbsDown: 0 };

export async function resolutionReport(sql: RawSql, range: InsightsRange, timeZone: string): Promise<ResolutionReport> {
  const rows = await sql.query<Row>(RESOLUTION_SQL, groupedRangeParams(range, timeZone));
  const byBucket = new Map(rows.filter((r) => r.bucket !== null).map((r) => [r.bucket, r]));
  const total = rows.find((r) => r.bucket === null);
  const clean = (r: Row | undefined) =>
    r ? { ...EMPTY, ...r, medianFirstHumanReplyMs: r.medianFirstHumanReplyMs === null ? null : Math.round(r.medianFirstHumanReplyMs) } : EMPTY;
  return {
    buckets: bucketsOf(range).map((bucket) => {
      const { bucket: _b, ...rest } = clean(byBucket.get(bucket)) as Row;
      return { bucket, ...rest };
    }),
    totals: (({ bucket: _b, ...rest }) => rest)(clean(total) as Row),
  };
}
