// The SQL of a customer turn's hot path, sent through db.sql (on PostgreSQL and PGlite alike): four
// short statements per turn (store the message, read the context, reserve tokens, store the reply)
// instead of a dozen ORM calls. Built with sql-template-tag, so each value sits where it is used
// and is sent as a bound parameter. Each statement commits on its own, so the customer's message is
// stored before the model is called. The rest of the product reaches the database through Prisma.
import type { StoredMessage } from "@support/assistant";
import type { Database } from "@support/db";
import { rawRows, sql } from "../../lib/raw-sql.ts";
import type { ConversationStatus } from "../conversation/status.ts";
import { ACTIVE_FAQS_VERSION_SQL } from "../faq/faq-source.ts";

/** A lease `ms` from now, on the database's clock (every instance compares leases against it). */
const leaseFromNow = (ms: number) => sql`clock_timestamp() + ${ms}::int * interval '1 millisecond'`;

export type UserMessageRow = { id: string; content: string; createdAt: Date; replayed: boolean };

/**
 * Stores the customer's message with a turn lease and touches the session, unless (sessionId,
 * clientMessageId) is already stored: then that message comes back with replayed = true and nothing
 * is written. No row: a concurrent duplicate committed after this statement's snapshot was taken.
 */
export async function insertCustomerMessage(
  db: Database,
  m: { id: string; sessionId: string; content: string; clientMessageId: string; createdAt: Date; lastSeenAt: Date },
  leaseMs: number,
): Promise<UserMessageRow | undefined> {
  const [row] = await rawRows<UserMessageRow>(
    db.sql,
    sql`
  WITH inserted AS (
    INSERT INTO "Message" (id, "sessionId", role, content, "clientMessageId", "createdAt", "turnLeaseUntil")
    VALUES (${m.id}, ${m.sessionId}, 'user', ${m.content}, ${m.clientMessageId}, ${m.createdAt}, ${leaseFromNow(leaseMs)})
    ON CONFLICT ("sessionId", "clientMessageId") DO NOTHING
    RETURNING id, content, "createdAt"
  ), touched AS (
    UPDATE "Session" SET "lastSeenAt" = ${m.lastSeenAt} WHERE id = ${m.sessionId} AND EXISTS (SELECT 1 FROM inserted)
  )
  SELECT id, content, "createdAt", false AS replayed FROM inserted
  UNION ALL
  SELECT id, content, "createdAt", true AS replayed FROM "Message"
  WHERE "sessionId" = ${m.sessionId} AND "clientMessageId" = ${m.clientMessageId} AND NOT EXISTS (SELECT 1 FROM inserted)`,
  );
  return row;
}

export async function findCustomerMessage(
  db: Database,
  sessionId: string,
  clientMessageId: string,
): Promise<UserMessageRow | undefined> {
  const [row] = await rawRows<UserMessageRow>(
    db.sql,
    sql`SELECT id, content, "createdAt", true AS replayed FROM "Message"
        WHERE "sessionId" = ${sessionId} AND "clientMessageId" = ${clientMessageId}`,
  );
  return row;
}

export type TurnContextRow = {
  sessionStatus: ConversationStatus;
  joinedByName: string | null;
  businessName: string;
  persona: string;
  historyLength: number;
  faqTokenBudget: number;
  faqHardCap: number;
  dailyTokenCap: number;
  faqLanguage: string;
  faqVersion: string;
  history: StoredMessage[];
};

/**
 * Everything a turn reads before answering, in one round trip: the conversation's status (fresh, not
 * the one read when the request arrived: a retry may come much later), the settings, the active
 * FAQs' fingerprint (for the FAQ cache) and the latest messages before `before` (at most
 * historyLength, oldest first). No row: the settings row doesn't exist yet.
 */
export async function selectTurnContext(
  db: Database,
  sessionId: string,
  before: { id: string; createdAt: Date },
): Promise<TurnContextRow | undefined> {
  const [row] = await rawRows<TurnContextRow>(
    db.sql,
    sql`
  SELECT (SELECT c.status::text FROM "Session" c WHERE c.id = ${sessionId}) AS "sessionStatus",
    (SELECT c."joinedByName" FROM "Session" c WHERE c.id = ${sessionId}) AS "joinedByName",
    s."businessName", s.persona, s."historyLength", s."faqTokenBudget", s."faqHardCap", s."dailyTokenCap", s."faqLanguage",
    ${ACTIVE_FAQS_VERSION_SQL} AS "faqVersion",
    (SELECT coalesce(json_agg(json_build_object('role', h.role, 'content', h.content, 'authorName', h."authorName")
                              ORDER BY h."createdAt", h.id), '[]'::json)
       FROM (SELECT m.id, m."createdAt", m.role::text AS role, m.content, m."authorName" FROM "Message" m
             WHERE m."sessionId" = ${sessionId} AND m.id <> ${before.id} AND m."createdAt" <= ${before.createdAt}
             ORDER BY m."createdAt" DESC, m.id DESC
             LIMIT greatest(s."historyLength", 0)) h) AS history
  FROM "Settings" s WHERE s.id = 1`,
  );
  return row;
}

export type ReplyRow = {
  id: string;
  content: string;
  mode: "llm" | "faq_only" | null;
  handoffSuggested: boolean;
  createdAt: Date;
  sources: string[];
  /** The source FAQs that still exist, with their question. */
  faqs: Array<{ id: string; question: string }>;
};

const REPLY_COLUMNS = sql`r.id, r.content, r.mode::text AS mode, r."handoffSuggested", r."createdAt", r.sources,
    (SELECT coalesce(json_agg(json_build_object('id', f.id, 'question', f.question)), '[]'::json)
       FROM "Faq" f WHERE f.id = ANY(r.sources::uuid[])) AS faqs`;

export type NewReply = {
  id: string;
  sessionId: string;
  content: string;
  replyToId: string;
  sources: string[];
  mode: "llm" | "faq_only";
  model: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  cachedTokens: number | null;
  latencyMs: number;
  fallbackReason: string | null;
  handoffSuggested: boolean;
  createdAt: Date;
};

/**
 * Stores the reply, ends the turn's lease and settles the day's usage, in one statement (so one
 * transaction): the tokens the model really used are counted (also when a concurrent duplicate
 * stored its reply first: they were spent) and this turn's reservation is released. If the message
 * already has a reply nothing is stored and no row comes back.
 */
export async function insertReply(
  db: Database,
  r: NewReply,
  usage: { day: string; promptTokens: number; completionTokens: number; reservedTokens: number },
): Promise<ReplyRow | undefined> {
  const [row] = await rawRows<ReplyRow>(
    db.sql,
    sql`
  WITH r AS (
    INSERT INTO "Message" (id, "sessionId", role, content, "replyToId", sources, mode, model, "promptTokens",
      "completionTokens", "cachedTokens", "latencyMs", "fallbackReason", "handoffSuggested", "createdAt")
    VALUES (${r.id}, ${r.sessionId}, 'assistant', ${r.content}, ${r.replyToId}, ${r.sources}::text[],
      ${r.mode}::"AnswerMode", ${r.model}, ${r.promptTokens}, ${r.completionTokens}, ${r.cachedTokens}, ${r.latencyMs},
      ${r.fallbackReason}, ${r.handoffSuggested}, ${r.createdAt})
    ON CONFLICT ("replyToId") DO NOTHING
    RETURNING *
  ), released AS (
    UPDATE "Message" SET "turnLeaseUntil" = NULL WHERE id = ${r.replyToId}
  ), counted AS (
    INSERT INTO "DailyUsage" (day, "promptTokens", "completionTokens", turns)
    SELECT ${usage.day}::date, ${usage.promptTokens}::int, ${usage.completionTokens}::int, x.n
    FROM (SELECT count(*)::int AS n FROM r) x
    WHERE ${usage.promptTokens + usage.completionTokens + usage.reservedTokens}::int + x.n > 0
    ON CONFLICT (day) DO UPDATE SET
      "promptTokens" = "DailyUsage"."promptTokens" + EXCLUDED."promptTokens",
      "completionTokens" = "DailyUsage"."completionTokens" + EXCLUDED."completionTokens",
      turns = "DailyUsage".turns + EXCLUDED.turns,
      "reservedTokens" = greatest(0, "DailyUsage"."reservedTokens" - ${usage.reservedTokens}::int)
  )
  SELECT ${REPLY_COLUMNS} FROM r`,
  );
  return row;
}

export async function findReply(db: Database, userMessageId: string): Promise<ReplyRow | undefined> {
  const [row] = await rawRows<ReplyRow>(
    db.sql,
    sql`SELECT ${REPLY_COLUMNS} FROM "Message" r WHERE r."replyToId" = ${userMessageId}`,
  );
  return row;
}

/** Takes over the turn of an unanswered message whose lease ran out (its turn died or ended without a reply). */
export async function claimTurn(db: Database, userMessageId: string, leaseMs: number): Promise<boolean> {
  const claimed = await rawRows(
    db.sql,
    sql`
  UPDATE "Message" m SET "turnLeaseUntil" = ${leaseFromNow(leaseMs)}
  WHERE m.id = ${userMessageId} AND (m."turnLeaseUntil" IS NULL OR m."turnLeaseUntil" < clock_timestamp())
    AND NOT EXISTS (SELECT 1 FROM "Message" r WHERE r."replyToId" = m.id)
  RETURNING m.id`,
  );
  return claimed.length > 0;
}

export async function renewLease(db: Database, userMessageId: string, leaseMs: number): Promise<void> {
  await rawRows(
    db.sql,
    sql`UPDATE "Message" SET "turnLeaseUntil" = ${leaseFromNow(leaseMs)}
        WHERE id = ${userMessageId} AND "turnLeaseUntil" IS NOT NULL`,
  );
}

export async function endLease(db: Database, userMessageId: string): Promise<void> {
  await rawRows(db.sql, sql`UPDATE "Message" SET "turnLeaseUntil" = NULL WHERE id = ${userMessageId}`);
}

/**
 * Reserves `tokens` of the day's `cap` before calling the model, atomically: concurrent turns can't
 * all see room and together overspend it. False when the reservation doesn't fit.
 */
export async function reserveTokens(db: Database, day: string, tokens: number, cap: number): Promise<boolean> {
  const rows = await rawRows(
    db.sql,
    sql`
  INSERT INTO "DailyUsage" AS u (day, "reservedTokens") SELECT ${day}::date, ${tokens}::int WHERE ${tokens}::bigint <= ${cap}::bigint
  ON CONFLICT (day) DO UPDATE SET "reservedTokens" = u."reservedTokens" + EXCLUDED."reservedTokens"
    WHERE u."promptTokens"::bigint + u."completionTokens" + u."reservedTokens" + EXCLUDED."reservedTokens" <= ${cap}::bigint
  RETURNING day`,
  );
  return rows.length > 0;
}

export async function releaseTokens(db: Database, day: string, tokens: number): Promise<void> {
  await rawRows(
    db.sql,
    sql`UPDATE "DailyUsage" SET "reservedTokens" = greatest(0, "reservedTokens" - ${tokens}::int) WHERE day = ${day}::date`,
  );
}

/** Counts what a model call really used and releases its reservation; no turn is counted. */
export async function settleTokens(
  db: Database,
  day: string,
  used: { promptTokens: number; completionTokens: number },
  reserved: number,
): Promise<void> {
  await rawRows(
    db.sql,
    sql`
  UPDATE "DailyUsage" SET "promptTokens" = "promptTokens" + ${used.promptTokens}::int,
    "completionTokens" = "completionTokens" + ${used.completionTokens}::int,
    "reservedTokens" = greatest(0, "reservedTokens" - ${reserved}::int)
  WHERE day = ${day}::date`,
  );
}
