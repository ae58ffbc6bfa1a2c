// Questions the bot could not answer, grouped so that rewordings of one question are one row.
// A customer message counts when its reply said the bot couldn't help (the model's "don't know"
// or a FAQ-only miss: the reply offered a person), got a thumbs-down, or it was the last question
// the bot answered before the customer opened a ticket. Wordings are compared as PostgreSQL's
// English lexemes (stemmed, stop words dropped), so "Do you ship to Canada?" and "shipping to
// canada" are the same wording; wordings whose lexeme sets overlap enough join one group. When an
// embeddings model is configured (EMBEDDINGS_MODEL), wordings that mean the same also join one
// group without a word in common ("Where is my parcel?", "When will the delivery arrive?").
import type { EmbeddingsProvider } from "@support/assistant";
import type { RawSql } from "@support/db";
import type { Logger } from "../../lib/logger.ts";
import { raw, rawRows, sql, type Sql } from "../../lib/raw-sql.ts";
import { rangeEnd, rangeStart, rangeValues, type InsightsRange, type RangeValues } from "./range.ts";

export type UnansweredReason = "dont_know" | "faq_only_miss" | "thumbs_down" | "handoff";

/** Two wordings belong to one group when their lexeme sets' Jaccard similarity reaches this. */
export const SIMILARITY_THRESHOLD = 0.5;
/** With embeddings: two wordings also belong to one group when their vectors' cosine similarity reaches this. */
export const EMBEDDING_SIMILARITY_THRESHOLD = 0.7;
/** Wordings embedded per report, most asked first; rarer ones are grouped by words only. */
const MAX_EMBEDDED_WORDINGS = 500;
const EMBED_BATCH = 128;
const EMBED_DEADLINE_MS = 5_000;
const MAX_MESSAGE_IDS = 50;
const MAX_SIGNATURES = 200;

export type UnansweredGroup = {
  /** The lexemes of the group's most asked wording, joined by spaces: stable while that wording leads. */
  key: string;
  count: number;
  /** Up to three distinct recent wordings, as customers typed them. */
  examples: string[];
  reasons: Record<UnansweredReason, number>;
  lastAskedAt: Date;
  /** Newest first, at most 50: what a drafted FAQ answer is taken from. */
  messageIds: string[];
  /** Every distinct wording in the group (lexeme sets): what closing the group stores. */
  signatures: string[][];
};

type WordingRow = {
  lexemes: string[];
  count: number;
  examples: string[];
  messageIds: string[];
  lastAskedAt: Date;
  dontKnow: number;
  faqOnlyMiss: number;
  thumbsDown: number;
  handoff: number;
};

/** The flagged questions from the stored messages: the definition. */
const flaggedFromSource = (v: RangeValues): Sql => sql`
  flagged AS (
    SELECT u.id, u.content, u."createdAt",
      unnest(array_remove(ARRAY[
        CASE WHEN r.feedback = 'down' THEN 'thumbs_down' END,
        CASE WHEN r."handoffSuggested" THEN CASE WHEN r.mode = 'faq_only' THEN 'faq_only_miss' ELSE 'dont_know' END END
      ], NULL)) AS reason
    FROM "Message" r JOIN "Message" u ON u.id = r."replyToId"
    WHERE r.role = 'assistant' AND r."createdAt" >= ${rangeStart(v)} AND r."createdAt" < ${rangeEnd(v)}
      AND (r."handoffSuggested" OR r.feedback = 'down')
    UNION ALL
    SELECT q.id, q.content, q."createdAt", 'handoff' FROM "Ticket" t
    CROSS JOIN LATERAL (
      SELECT u.id, u.content, u."createdAt" FROM "Message" u
      WHERE u."sessionId" = t."sessionId" AND u.role = 'user' AND u."createdAt" <= t."createdAt"
        AND EXISTS (SELECT 1 FROM "Message" r WHERE r."replyToId" = u.id)
      ORDER BY u.seq DESC LIMIT 1
    ) q
    WHERE t."createdAt" >= ${rangeStart(v)} AND t."createdAt" < ${rangeEnd(v)}
  ),
  questions AS (
    SELECT q.id, q.content, q."createdAt", q.reasons, tsvector_to_array(to_tsvector('english', q.content)) AS lexemes
    FROM (SELECT id, min(content) AS content, min("createdAt") AS "createdAt", array_agg(DISTINCT reason) AS reasons FROM flagged GROUP BY id) q
  )`;

/**
 * The same from InsightsUnansweredFlag, which triggers recompute per conversation from the stored
 * messages and tickets (stemmed words included; see the insights_derived_tables migration).
 */
const flagged = (v: RangeValues): Sql => sql`
  questions AS (
    SELECT f."questionId" AS id, f.content, f."askedAt" AS "createdAt", array_agg(DISTINCT f.reason) AS reasons, f.lexemes
    FROM "InsightsUnansweredFlag" f
    WHERE f."flaggedAt" >= ${rangeStart(v)} AND f."flaggedAt" < ${rangeEnd(v)}
    GROUP BY f."questionId", f.content, f."askedAt", f.lexemes
  )`;

const wordingsSql = (questions: Sql): Sql => sql`
  WITH ${questions}
  SELECT lexemes, count(*)::int AS count,
    (array_agg(content ORDER BY "createdAt" DESC))[1:12] AS examples,
    (array_agg(id::text ORDER BY "createdAt" DESC))[1:${raw(String(MAX_MESSAGE_IDS))}] AS "messageIds",
    max("createdAt") AS "lastAskedAt",
    count(*) FILTER (WHERE 'dont_know' = ANY(reasons))::int AS "dontKnow",
    count(*) FILTER (WHERE 'faq_only_miss' = ANY(reasons))::int AS "faqOnlyMiss",
    count(*) FILTER (WHERE 'thumbs_down' = ANY(reasons))::int AS "thumbsDown",
    count(*) FILTER (WHERE 'handoff' = ANY(reasons))::int AS handoff
  FROM questions
  WHERE cardinality(lexemes) > 0
  GROUP BY lexemes`;

export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const set = new Set(a);
  let shared = 0;
  for (const x of b) if (set.has(x)) shared += 1;
  return shared / (a.length + b.length - shared);
}

/**
 * Greedy grouping, most asked wording first: each wording joins the first group whose leading
 * wording is similar enough, else starts a group. Deterministic for the same stored data.
 */
export function groupWordings(
  rows: readonly WordingRow[],
  vectors?: ReadonlyMap<WordingRow, Float32Array>,
): UnansweredGroup[] {
  const sorted = bySize(rows);
  const groups: Array<{ lead: string[]; leadVector: Float32Array | undefined; members: WordingRow[] }> = [];
  for (const row of sorted) {
    const vector = vectors?.get(row);
    const home = groups.find(
      (g) =>
        jaccard(g.lead, row.lexemes) >= SIMILARITY_THRESHOLD ||
        (vector !== undefined &&
          g.leadVector !== undefined &&
          dot(g.leadVector, vector) >= EMBEDDING_SIMILARITY_THRESHOLD),
    );
    if (home) home.members.push(row);
    else groups.push({ lead: row.lexemes, leadVector: vector, members: [row] });
  }
  return groups
    .map(({ lead, members }) => {
      const byRecency = (a: { at: Date }, b: { at: Date }) => b.at.getTime() - a.at.getTime();
      const examples = members
        .flatMap((m) =>
          m.examples.map((text, i) => ({ text, at: i === 0 ? m.lastAskedAt : new Date(m.lastAskedAt.getTime() - i) })),
        )
        .sort(byRecency);
      const distinct: string[] = [];
      for (const e of examples)
        if (!distinct.some((d) => d.toLowerCase() === e.text.toLowerCase()) && distinct.push(e.text) >= 3) break;
      const sum = (f: (m: WordingRow) => number) => members.reduce((n, m) => n + f(m), 0);
      return {
        key: lead.join(" "),
        count: sum((m) => m.count),
        examples: distinct,
        reasons: {
          dont_know: sum((m) => m.dontKnow),
          faq_only_miss: sum((m) => m.faqOnlyMiss),
          thumbs_down: sum((m) => m.thumbsDown),
          handoff: sum((m) => m.handoff),
        },
        lastAskedAt: new Date(Math.max(...members.map((m) => m.lastAskedAt.getTime()))),
        messageIds: members
          .flatMap((m) => m.messageIds.map((id, i) => ({ id, at: m.lastAskedAt.getTime() - i })))
          .sort((a, b) => b.at - a.at)
          .slice(0, MAX_MESSAGE_IDS)
          .map((x) => x.id),
        signatures: members.slice(0, MAX_SIGNATURES).map((m) => m.lexemes),
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAskedAt.getTime() - a.lastAskedAt.getTime());
}

const bySize = (rows: readonly WordingRow[]) =>
  [...rows].sort((a, b) => b.count - a.count || a.lexemes.join(" ").localeCompare(b.lexemes.join(" ")));

/** Cosine similarity of unit vectors (the embeddings client normalises them). */
function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

// Vectors of wordings already embedded by this process (per model): a report reloaded, or the next
// day's, asks the embeddings server only for new wordings. Bounded; the oldest entries go first.
const vectorCache = new WeakMap<EmbeddingsProvider, Map<string, Float32Array>>();
const VECTOR_CACHE_SIZE = 10_000;

/** One vector per wording (its latest text as typed), for the most asked ones. Throws when the server fails. */
async function wordingVectors(
  provider: EmbeddingsProvider,
  rows: readonly WordingRow[],
): Promise<Map<WordingRow, Float32Array>> {
  let cache = vectorCache.get(provider);
  if (!cache) vectorCache.set(provider, (cache = new Map()));
  const chosen = bySize(rows).slice(0, MAX_EMBEDDED_WORDINGS);
  const textOf = (r: WordingRow) => r.examples[0]!.trim();
  const missing = [...new Set(chosen.map(textOf).filter((t) => !cache.has(t)))];
  const signal = AbortSignal.timeout(EMBED_DEADLINE_MS);
  for (let i = 0; i < missing.length; i += EMBED_BATCH) {
    const batch = missing.slice(i, i + EMBED_BATCH);
    const vectors = await provider.embed(batch, signal);
    batch.forEach((text, j) => cache.set(text, vectors[j]!));
  }
  while (cache.size > VECTOR_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return new Map(chosen.map((r) => [r, cache.get(textOf(r))!]));
}

/** A wording is closed when staff closed the same or a similar enough wording (same rule as grouping). */
function isClosed(lexemes: readonly string[], closed: ReadonlyArray<readonly string[]>): boolean {
  return closed.some((c) => jaccard(c, lexemes) >= SIMILARITY_THRESHOLD);
}

/** How a report grouped its wordings: by meaning (embeddings, and words) or by words only. */
export type GroupedBy = "meaning" | "words";

export async function unansweredGroups(
  channel: RawSql,
  range: InsightsRange,
  timeZone: string,
  opts: {
    limit?: number;
    embeddings?: { provider: EmbeddingsProvider; log: Logger } | null;
    fromSource?: boolean;
  } = {},
): Promise<{ groups: UnansweredGroup[]; groupedBy: GroupedBy }> {
  const v = rangeValues(range, timeZone);
  const [rows, closed] = await Promise.all([
    rawRows<WordingRow>(channel, wordingsSql(opts.fromSource ? flaggedFromSource(v) : flagged(v))),
    rawRows<{ lexemes: string[] }>(channel, sql`SELECT lexemes FROM "UnansweredGroupClosed"`),
  ]);
  const closedSets = closed.map((c) => c.lexemes);
  const open = rows.filter((r) => !isClosed(r.lexemes, closedSets));
  let vectors: Map<WordingRow, Float32Array> | undefined;
  if (opts.embeddings) {
    try {
      vectors = await wordingVectors(opts.embeddings.provider, open);
    } catch (err) {
      // The report still answers, grouped by words, and says so.
      opts.embeddings.log.warn(
        { err, model: opts.embeddings.provider.model },
        "embeddings of unanswered questions failed: grouped by words only",
      );
    }
  }
  return { groups: groupWordings(open, vectors).slice(0, opts.limit ?? 100), groupedBy: vectors ? "meaning" : "words" };
}

/** Hides a group (and close rewordings of it) from now on; records why and who. */
export async function closeGroup(
  channel: RawSql,
  group: { signatures: string[][]; example: string },
  how: { action: "dismissed" | "faq_created" | "phrasing_added"; faqId?: string | null; byName: string | null },
): Promise<number> {
  const signatures = group.signatures.filter((s) => s.length > 0).slice(0, MAX_SIGNATURES);
  if (signatures.length === 0) return 0;
  await rawRows(
    channel,
    sql`INSERT INTO "UnansweredGroupClosed" (id, lexemes, example, action, "faqId", "closedByName")
     SELECT gen_random_uuid(), ARRAY(SELECT json_array_elements_text(s)), ${group.example}, ${how.action}, ${how.faqId ?? null}, ${how.byName}
     FROM json_array_elements(${JSON.stringify(signatures)}::json) s`,
  );
  return signatures.length;
}
