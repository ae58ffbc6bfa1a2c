// A realistic conversation history for demos and the Insights benchmark: N conversations of ten
// messages each (customer questions, bot replies with sources, tokens and thumbs, hand-offs with a
// ticket and a staff reply, questions the bot couldn't answer in several wordings), written by
// generate_series in batches, so 100,000 conversations / 1,000,000 messages take seconds, not hours.
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "./generated/prisma/client.ts";

const KNOWN = [
  "Do you ship to Canada?",
  "What is your return policy?",
  "How long does delivery take?",
  "What sizes do your boots come in?",
  "Are your tents waterproof?",
  "Can I change my order after paying?",
  "How do I track my parcel?",
  "Do you have a size guide for jackets?",
];

/** Questions the bot can't answer, several wordings each: Insights should show one row per topic. */
const UNKNOWN = [
  ["Do you sell gift cards?", "Can I buy a gift card?", "Are gift cards available?", "do you sell gift cards"],
  ["Can I pay with bitcoin?", "Do you accept bitcoin?", "bitcoin payment possible?"],
  [
    "Is your Berlin store open on Sunday?",
    "Berlin store opening hours on Sunday?",
    "Is the Berlin store open Sundays?",
  ],
  ["How long is the warranty on zippers?", "zipper warranty length?", "What warranty do zippers have?"],
  ["Do you rent out tents?", "Can I rent a tent for the weekend?", "tent rental?"],
  ["Do you price match?", "Will you match a competitor's price?", "price match policy?"],
];

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const KNOWN_SQL = `ARRAY[${KNOWN.map(sqlText).join(", ")}]`;
const UNKNOWN_SQL = `ARRAY[${UNKNOWN.flatMap((topic) => [0, 1, 2].map((w) => sqlText(topic[w % topic.length]!))).join(", ")}]`;

/** Per-conversation facts from its number g; "r" is a cheap deterministic hash of g. */
const CONVERSATIONS = `
  SELECT g, r, r % 100 AS kind,
    md5($1 || ':' || g)::uuid AS id,
    $2::timestamptz - make_interval(secs => (g::float8 / $3) * $4 * 86400 + (r % 600)) AS started
  FROM (SELECT g, ((g::bigint * 2654435761) % 1000003)::int AS r FROM generate_series($5::int, $6::int) g) x`;

// kind 0-7: handed to a person (ticket, staff reply); 8-17: the bot didn't know; 18-21: thumbs down; rest: answered.
const INSERT_SESSIONS = `
  INSERT INTO "Session" (id, "tokenHash", status, "handoffReason", "createdAt", "lastSeenAt", "handoffAt", "joinedByName", "joinedAt")
  SELECT id, 'seed:' || $1 || ':' || g,
    (CASE WHEN kind < 8 THEN 'handoff' ELSE 'bot' END)::"SessionStatus",
    (CASE WHEN kind < 8 THEN 'missing_knowledge' END)::"HandoffReason",
    started, started + interval '10 minutes',
    CASE WHEN kind < 8 THEN started + interval '270 seconds' END,
    CASE WHEN kind < 8 THEN 'Demo Agent' END,
    CASE WHEN kind < 8 THEN started + interval '270 seconds' + make_interval(mins => 1 + r % 45) END
  FROM (${CONVERSATIONS}) c`;

const INSERT_MESSAGES = `
  WITH faqs AS (SELECT coalesce(array_agg(id::text ORDER BY "createdAt"), '{}') AS ids FROM "Faq" WHERE "isActive")
  INSERT INTO "Message" (id, "sessionId", role, content, "replyToId", sources, mode, model, "promptTokens", "completionTokens",
    "cachedTokens", "latencyMs", "fallbackReason", "handoffSuggested", feedback, "authorName", "createdAt")
  SELECT md5($1 || ':' || c.g || ':' || i)::uuid, c.id, m.role::"MessageRole", m.content,
    CASE WHEN m.role = 'assistant' THEN md5($1 || ':' || c.g || ':' || (i - 1))::uuid END,
    CASE WHEN m.role = 'assistant' AND NOT m.gave_up AND cardinality(faqs.ids) > 0 THEN ARRAY[faqs.ids[1 + (c.r + i) % cardinality(faqs.ids)]] ELSE '{}' END,
    (CASE WHEN m.role <> 'assistant' THEN NULL WHEN m.faq_only THEN 'faq_only' ELSE 'llm' END)::"AnswerMode",
    CASE WHEN m.role = 'assistant' AND NOT m.faq_only THEN CASE WHEN c.r % 10 = 0 THEN 'gpt-4o' ELSE 'gpt-4o-mini' END END,
    CASE WHEN m.role = 'assistant' AND NOT m.faq_only THEN 900 + (c.r * i) % 600 END,
    CASE WHEN m.role = 'assistant' AND NOT m.faq_only THEN 40 + (c.r + i * 7) % 110 END,
    CASE WHEN m.role = 'assistant' AND NOT m.faq_only THEN CASE WHEN i > 2 THEN 768 ELSE 0 END END,
    CASE WHEN m.role = 'assistant' THEN 400 + (c.r * 3 + i) % 1500 END,
    CASE WHEN m.role = 'assistant' AND m.faq_only THEN CASE WHEN c.r % 500 = 7 THEN 'daily_token_cap' ELSE 'model_error' END END,
    m.gave_up,
    (CASE WHEN m.role = 'assistant' AND i = 10 AND c.kind BETWEEN 18 AND 21 THEN 'down'
          WHEN m.role = 'assistant' AND i = 10 AND c.kind BETWEEN 22 AND 29 THEN 'up' END)::"Feedback",
    CASE WHEN m.role = 'agent' THEN 'Demo Agent' END,
    c.started + make_interval(secs => i * 30) + CASE WHEN m.role = 'agent' THEN make_interval(mins => 1 + c.r % 45) ELSE interval '0' END
  FROM (${CONVERSATIONS}) c
  CROSS JOIN generate_series(1, 10) i
  CROSS JOIN faqs
  CROSS JOIN LATERAL (
    SELECT
      CASE WHEN i % 2 = 1 THEN 'user'
           WHEN c.kind < 8 AND i = 10 THEN 'agent'
           ELSE 'assistant' END AS role,
      CASE WHEN i % 2 = 1 AND ((c.kind < 8 AND i = 9) OR (c.kind BETWEEN 8 AND 21 AND i = 9))
             THEN (${UNKNOWN_SQL})[1 + ((c.g / 7) % ${UNKNOWN.length}) * 3 + (c.g % 3)]
           WHEN i % 2 = 1 THEN (${KNOWN_SQL})[1 + (c.g + i) % ${KNOWN.length}]
           WHEN c.kind < 8 AND i = 10 THEN 'Thanks for asking! Yes, we can help with that: our team will sort it out by email today.'
           WHEN c.kind BETWEEN 8 AND 17 AND i = 10 THEN 'Sorry, I don''t have information about that. Would you like to talk to a person?'
           ELSE 'Here is what our FAQ says about that.' END AS content,
      (i = 10 AND c.kind BETWEEN 8 AND 17) AS gave_up,
      (c.r % 20 = 3) AS faq_only
  ) m
  ORDER BY c.g, i`;

const INSERT_TICKETS = `
  INSERT INTO "Ticket" (id, "sessionId", "issueSummary", status, "conversationSnapshot", "createdAt", "updatedAt", "resolvedAt")
  SELECT gen_random_uuid(), id, 'Needs a person (demo history)',
    (CASE WHEN r % 3 = 0 THEN 'open' ELSE 'resolved' END)::"TicketStatus", '[]'::jsonb,
    started + interval '270 seconds', started + interval '1 hour',
    CASE WHEN r % 3 <> 0 THEN started + interval '1 hour' END
  FROM (${CONVERSATIONS}) c WHERE kind < 8`;

export type HistoryReport = { conversations: number; messages: number; tickets: number; ms: number };

/**
 * Writes `conversations` conversations spread over the `days` days before `endAt`. Live events are
 * switched off for these inserts (they are history; nobody is watching them arrive), which locks
 * the tables for the duration of each batch: run it on a demo or benchmark database.
 */
export async function seedConversationHistory(
  prisma: PrismaClient,
  opts: { conversations: number; days?: number; endAt?: Date; batch?: number; onProgress?: (done: number) => void },
): Promise<HistoryReport> {
  const started = Date.now();
  const tag = randomBytes(4).toString("hex");
  const days = opts.days ?? 90;
  const endAt = opts.endAt ?? new Date();
  const batch = opts.batch ?? 20_000;
  let messages = 0;
  let tickets = 0;
  for (let from = 1; from <= opts.conversations; from += batch) {
    const to = Math.min(opts.conversations, from + batch - 1);
    const params = [tag, endAt.toISOString(), opts.conversations, days, from, to];
    await prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`ALTER TABLE "Message" DISABLE TRIGGER message_notify`);
        await tx.$executeRawUnsafe(INSERT_SESSIONS, ...params);
        messages += await tx.$executeRawUnsafe(INSERT_MESSAGES, ...params);
        tickets += await tx.$executeRawUnsafe(INSERT_TICKETS, ...params);
        await tx.$executeRawUnsafe(`ALTER TABLE "Message" ENABLE TRIGGER message_notify`);
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
    opts.onProgress?.(to);
  }
  return { conversations: opts.conversations, messages, tickets, ms: Date.now() - started };
}
