// How each FAQ did in a period: replies that cited it (the model) or were it (FAQ-only answers),
// thumbs on those replies, and hand-offs that followed them. FAQs deleted since still show, as
// "deleted", so past numbers add up; FAQs nothing used in the period show with zeros.
import type { RawSql } from "@support/db";
import { rawRows, sql, type Sql } from "../../lib/raw-sql.ts";
import { rangeEnd, rangeStart, rangeValues, type InsightsRange, type RangeValues } from "./range.ts";

export type FaqPerformanceRow = {
  faqId: string;
  /** null: the FAQ was deleted after replies used it. */
  question: string | null;
  isActive: boolean;
  deleted: boolean;
  /** Model replies that cited it. */
  cited: number;
  /** FAQ-only replies that answered with it. */
  faqOnly: number;
  thumbsUp: number;
  thumbsDown: number;
  /** Replies using it after which the conversation went to a person (ticket or hand-off). */
  handoffsAfter: number;
  /** Neither cited nor used in the period. */
  unused: boolean;
};

/** From the stored replies: the definition, used to check the derived table and in the benchmark. */
const perFaqFromSource = (v: RangeValues): Sql => sql`
  used AS (
    SELECT r.mode, r.feedback, r."createdAt", r."sessionId", unnest(r.sources) AS faq_id
    FROM "Message" r
    WHERE r.role = 'assistant' AND r."createdAt" >= ${rangeStart(v)} AND r."createdAt" < ${rangeEnd(v)}
      AND cardinality(r.sources) > 0
  ),
  per_faq AS (
    SELECT used.faq_id,
      count(*) FILTER (WHERE used.mode = 'llm')::int AS cited,
      count(*) FILTER (WHERE used.mode = 'faq_only')::int AS "faqOnly",
      count(*) FILTER (WHERE used.feedback = 'up')::int AS "thumbsUp",
      count(*) FILTER (WHERE used.feedback = 'down')::int AS "thumbsDown",
      count(*) FILTER (WHERE s."handoffAt" > used."createdAt" OR t.last_at > used."createdAt")::int AS "handoffsAfter"
    FROM used JOIN "Session" s ON s.id = used."sessionId"
    -- Tickets are few next to replies: one hash of each conversation's latest ticket, not a lookup per reply.
    LEFT JOIN (SELECT "sessionId", max("createdAt") AS last_at FROM "Ticket" GROUP BY "sessionId") t ON t."sessionId" = used."sessionId"
    GROUP BY used.faq_id
  )`;

/** The same from InsightsFaqSlot, which triggers recompute per 15 minutes (UTC) and FAQ from the stored replies. */
const perFaq = (v: RangeValues): Sql => sql`
  per_faq AS (
    SELECT f."faqId" AS faq_id, sum(f.cited)::int AS cited, sum(f."faqOnly")::int AS "faqOnly",
      sum(f."thumbsUp")::int AS "thumbsUp", sum(f."thumbsDown")::int AS "thumbsDown", sum(f."handoffsAfter")::int AS "handoffsAfter"
    FROM "InsightsFaqSlot" f
    WHERE f.slot >= ${rangeStart(v)} AND f.slot < ${rangeEnd(v)}
    GROUP BY f."faqId"
  )`;

const faqPerformanceSql = (perFaqRows: Sql): Sql => sql`
  WITH ${perFaqRows}
  SELECT coalesce(f.id::text, p.faq_id) AS "faqId", f.question, coalesce(f."isActive", false) AS "isActive", f.id IS NULL AS deleted,
    coalesce(p.cited, 0) AS cited, coalesce(p."faqOnly", 0) AS "faqOnly", coalesce(p."thumbsUp", 0) AS "thumbsUp",
    coalesce(p."thumbsDown", 0) AS "thumbsDown", coalesce(p."handoffsAfter", 0) AS "handoffsAfter", p.faq_id IS NULL AS unused
  FROM per_faq p FULL JOIN "Faq" f ON f.id::text = p.faq_id
  ORDER BY coalesce(p.cited, 0) + coalesce(p."faqOnly", 0) DESC, f.question NULLS LAST, 1`;

export async function faqPerformance(
  channel: RawSql,
  range: InsightsRange,
  timeZone: string,
  opts: { fromSource?: boolean } = {},
): Promise<FaqPerformanceRow[]> {
  const v = rangeValues(range, timeZone);
  return rawRows<FaqPerformanceRow>(channel, faqPerformanceSql(opts.fromSource ? perFaqFromSource(v) : perFaq(v)));
}
