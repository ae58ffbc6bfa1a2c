// One customer turn end to end: persist the customer's words first, answer (streamed), persist the
// reply paired with its message. The turn runs detached from the HTTP stream, so a customer who
// closes the tab still gets a stored reply, and a retry finds it.
import { randomUUID } from "node:crypto";
import { asksForHuman, runTurn, type StoredMessage, type TurnResult } from "@support/assistant";
import type { AssistantReply, ChatSendEvent } from "@support/schemas";
import type { Context } from "../../context.ts";
import type { CustomerSession } from "../../trpc.ts";
import { loadSettings } from "../settings/settings.service.ts";
import { ACTIVE_FAQS_VERSION_SQL, createTurnFaqSource } from "./faq-source.ts";
import { escalateConversation } from "../ticket/escalate.ts";

export const HANDOFF_NOTE = "A member of our team has this conversation and will reply here.";

type Sink = (event: ChatSendEvent) => void;


// The hot path of a turn talks SQL directly (db.sql, on PostgreSQL and PGlite alike): four short
// statements instead of a dozen ORM calls. Every value is a bound parameter; each statement commits
// on its own, so the customer's message is stored before the model is called.

type UserMessageRow = { id: string; content: string; createdAt: Date; replayed: boolean };

/**
 * Stores the customer's message and touches the session, unless (sessionId, clientMessageId) is
 * already stored: then that message comes back with replayed = true and nothing is written.
 */
const PERSIST_USER_MESSAGE = `
  WITH inserted AS (
    INSERT INTO "Message" (id, "sessionId", role, content, "clientMessageId", "createdAt")
    VALUES ($1, $2, 'user', $3, $4, $5)
    ON CONFLICT ("sessionId", "clientMessageId") DO NOTHING
    RETURNING id, content, "createdAt"
  ), touched AS (
    UPDATE "Session" SET "lastSeenAt" = $6 WHERE id = $2 AND EXISTS (SELECT 1 FROM inserted)
  )
  SELECT id, content, "createdAt", false AS replayed FROM inserted
  UNION ALL
  SELECT id, content, "createdAt", true AS replayed FROM "Message"
  WHERE "sessionId" = $2 AND "clientMessageId" = $4 AND NOT EXISTS (SELECT 1 FROM inserted)`;

const FIND_USER_MESSAGE = `
  SELECT id, content, "createdAt", true AS replayed FROM "Message" WHERE "sessionId" = $1 AND "clientMessageId" = $2`;

async function persistUserMessage(ctx: Context, session: CustomerSession, clientMessageId: string, text: string): Promise<UserMessageRow> {
  const [row] = await ctx.db.sql.query<UserMessageRow>(PERSIST_USER_MESSAGE, [
    randomUUID(),
    session.id,
    text,
    clientMessageId,
    new Date(),
    ctx.clock.now(),
  ]);
  if (row) return row;
  // A concurrent duplicate committed its insert after this statement's snapshot was taken: it is
  // visible to a new statement, and this request becomes a replay of that turn.
  const [existing] = await ctx.db.sql.query<UserMessageRow>(FIND_USER_MESSAGE, [session.id, clientMessageId]);
  if (!existing) throw new Error("customer message neither stored nor found");
  return existing;
}

type TurnContextRow = {
  businessName: string;
  persona: string;
  historyLength: number;
  faqTokenBudget: number;
  faqHardCap: number;
  dailyTokenCap: number;
  tokensToday: number | null;
  faqVersion: string;
  history: StoredMessage[];
};

/**
 * Everything a turn reads before answering, in one round trip: the settings, today's token use,
 * the active FAQs' fingerprint (for the FAQ cache) and the latest messages before this one
 * (at most historyLength, oldest first).
 */
const LOAD_TURN_CONTEXT = `
  SELECT s."businessName", s.persona, s."historyLength", s."faqTokenBudget", s."faqHardCap", s."dailyTokenCap",
    (SELECT u."promptTokens"::float8 + u."completionTokens" FROM "DailyUsage" u WHERE u.day = $1::date) AS "tokensToday",
    ${ACTIVE_FAQS_VERSION_SQL} AS "faqVersion",
    (SELECT coalesce(json_agg(json_build_object('role', h.role, 'content', h.content, 'authorName', h."authorName")
                              ORDER BY h."createdAt", h.id), '[]'::json)
       FROM (SELECT m.id, m."createdAt", m.role::text AS role, m.content, m."authorName" FROM "Message" m
             WHERE m."sessionId" = $2 AND m.id <> $3 AND m."createdAt" <= $4
             ORDER BY m."createdAt" DESC, m.id DESC
             LIMIT greatest(s."historyLength", 0)) h) AS history
  FROM "Settings" s WHERE s.id = 1`;

async function loadTurnContext(ctx: Context, sessionId: string, before: UserMessageRow, day: string): Promise<TurnContextRow> {
  const params = [day, sessionId, before.id, before.createdAt];
  const [row] = await ctx.db.sql.query<TurnContextRow>(LOAD_TURN_CONTEXT, params);
  if (row) return row;
  await loadSettings(ctx.prisma); // creates the settings row with its defaults
  const [created] = await ctx.db.sql.query<TurnContextRow>(LOAD_TURN_CONTEXT, params);
  if (!created) throw new Error("settings row missing");
  return created;
}

/** A UTC calendar day as PostgreSQL's date literal (never a Date: its local time zone would shift it). */
function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

type ReplyRow = {
  id: string;
  content: string;
  mode: "llm" | "faq_only" | null;
  handoffSuggested: boolean;
  createdAt: Date;
  sources: string[];
  /** The source FAQs that still exist, with their question. */
  faqs: Array<{ id: string; question: string }>;
};

const REPLY_COLUMNS = `r.id, r.content, r.mode::text AS mode, r."handoffSuggested", r."createdAt", r.sources,
    (SELECT coalesce(json_agg(json_build_object('id', f.id, 'question', f.question)), '[]'::json)
       FROM "Faq" f WHERE f.id = ANY(r.sources::uuid[])) AS faqs`;

/**
 * Stores the reply and counts its tokens into the day's usage, in one statement (so one
 * transaction). If the message already has a reply (a concurrent duplicate answered first) nothing
 * is written and no row comes back.
 */
const STORE_REPLY = `
  WITH r AS (
    INSERT INTO "Message" (id, "sessionId", role, content, "replyToId", sources, mode, model, "promptTokens",
      "completionTokens", "cachedTokens", "latencyMs", "fallbackReason", "handoffSuggested", "createdAt")
    VALUES ($1, $2, 'assistant', $3, $4, $5::text[], $6::"AnswerMode", $7, $8, $9, $10, $11, $12, $13, $14)
    ON CONFLICT ("replyToId") DO NOTHING
    RETURNING *
  ), counted AS (
    INSERT INTO "DailyUsage" (day, "promptTokens", "completionTokens", turns)
    SELECT $15::date, $16::int, $17::int, 1 FROM r
    ON CONFLICT (day) DO UPDATE SET
      "promptTokens" = "DailyUsage"."promptTokens" + EXCLUDED."promptTokens",
      "completionTokens" = "DailyUsage"."completionTokens" + EXCLUDED."completionTokens",
      turns = "DailyUsage".turns + 1
  )
  SELECT ${REPLY_COLUMNS} FROM r`;

const FIND_REPLY = `SELECT ${REPLY_COLUMNS} FROM "Message" r WHERE r."replyToId" = $1`;

async function findReply(ctx: Context, userMessageId: string): Promise<ReplyRow | null> {
  const [row] = await ctx.db.sql.query<ReplyRow>(FIND_REPLY, [userMessageId]);
  return row ?? null;
}

function replyFromRow(row: ReplyRow): AssistantReply {
  const byId = new Map(row.faqs.map((f) => [f.id, f.question]));
  return {
    id: row.id,
    content: row.content,
    sources: row.sources.filter((id) => byId.has(id)).map((id) => ({ faqId: id, question: byId.get(id)! })),
    mode: row.mode === "faq_only" ? "faq-only" : "llm",
    handoffSuggested: row.handoffSuggested,
    createdAt: row.createdAt.toISOString(),
  };
}

async function waitForReply(ctx: Context, userMessageId: string, timeoutMs: number): Promise<ReplyRow | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await findReply(ctx, userMessageId);
    if (reply || Date.now() > deadline) return reply;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs a turn, reporting events to `sink` as they happen. Resolves when the reply is stored.
 * Never throws for model problems (the assistant falls back); database errors do propagate.
 */
export async function runCustomerTurn(
  ctx: Context,
  session: CustomerSession,
  input: { clientMessageId: string; text: string },
  sink: Sink,
): Promise<void> {
  const userMessage = await persistUserMessage(ctx, session, input.clientMessageId, input.text);
  const { replayed } = userMessage;
  sink({ type: "accepted", userMessageId: userMessage.id, replayed });

  if (session.status === "closed" && !replayed) {
    // A resolved conversation the customer writes to again goes back to the bot.
    await ctx.db.sql.query(`UPDATE "Session" SET status = 'bot' WHERE id = $1 AND status = 'closed'`, [session.id]);
  } else if (session.status !== "bot") {
    sink({ type: "handoff", note: HANDOFF_NOTE });
    return;
  }

  if (!replayed && asksForHuman(userMessage.content)) {
    const { reference } = await escalateConversation(ctx, session.id, { issueSummary: userMessage.content, reason: "customer_request" });
    sink({ type: "handoff", note: `${HANDOFF_NOTE} (ticket ${reference})` });
    return;
  }

  if (replayed) {
    // The first request may still be answering: wait for its reply rather than answering twice.
    const stale = ctx.clock.now().getTime() - userMessage.createdAt.getTime() > ctx.config.turnDeadlineMs + 5_000;
    const reply = stale ? await findReply(ctx, userMessage.id) : await waitForReply(ctx, userMessage.id, ctx.config.turnDeadlineMs + 5_000);
    if (reply) {
      sink({ type: "done", message: replyFromRow(reply) });
      return;
    }
    // The first attempt died before replying (crash, restart): answer it now; the unique
    // replyToId still guarantees a single reply.
  }

  const turnContext = await loadTurnContext(ctx, session.id, userMessage, utcDay(ctx.clock.now()));
  const { history, faqVersion, tokensToday, dailyTokenCap, ...settings } = turnContext;
  const overCap = ctx.llm !== null && (tokensToday ?? 0) >= dailyTokenCap;

  let result: TurnResult | undefined;
  let streamedText = "";
  for await (const event of runTurn({
    text: userMessage.content,
    history,
    settings,
    faqs: createTurnFaqSource(ctx.db, faqVersion, ctx.tokens, ctx.faqEmbeddings),
    llm: overCap ? null : ctx.llm,
    tokens: ctx.tokens,
    deadlineMs: ctx.config.turnDeadlineMs,
    maxCompletionTokens: ctx.config.maxCompletionTokens,
    log: (level, msg, data) => ctx.log[level]({ ...data, sessionId: session.id }, msg),
  })) {
    if (event.type === "delta") {
      streamedText += event.text;
      sink(event);
    } else {
      result = event.result;
    }
  }
  if (!result) throw new Error("assistant ended a turn without a result");
  // Model text already on the customer's screen is replaced by the FAQ-only answer; when the only
  // text streamed was that answer itself (no key, the model failed before streaming), nothing to replace.
  if (result.mode === "faq-only" && streamedText !== "" && streamedText !== result.content) sink({ type: "reset" });

  const [stored] = await ctx.db.sql.query<ReplyRow>(STORE_REPLY, [
    randomUUID(),
    session.id,
    result.content,
    userMessage.id,
    result.sources.map((s) => s.id),
    result.mode === "faq-only" ? "faq_only" : "llm",
    result.model,
    result.usage?.promptTokens ?? null,
    result.usage?.completionTokens ?? null,
    result.usage?.cachedTokens ?? null,
    Math.round(result.latencyMs),
    overCap ? "daily_token_cap" : result.fallbackReason,
    result.handoffSuggested,
    new Date(),
    utcDay(ctx.clock.now()),
    result.usage?.promptTokens ?? 0,
    result.usage?.completionTokens ?? 0,
  ]);
  // No row: a concurrent duplicate stored its reply first (unique replyToId); that one is the answer.
  const reply = stored ?? (await findReply(ctx, userMessage.id));
  if (!reply) throw new Error("reply neither stored nor found");
  sink({ type: "done", message: replyFromRow(reply) });
  if (stored && result.handoffSuggested) await escalateAfterRepeatedMisses(ctx, session.id, userMessage, result, sink);
}

/**
 * Two bot replies in a row that could not help (not covered by the FAQs, or the model failing)
 * hand the conversation to a person instead of letting the customer go round in circles.
 */
async function escalateAfterRepeatedMisses(ctx: Context, sessionId: string, userMessage: UserMessageRow, result: TurnResult, sink: Sink) {
  const [previous] = await ctx.db.sql.query<{ handoffSuggested: boolean }>(
    `SELECT "handoffSuggested" FROM "Message" WHERE "sessionId" = $1 AND role = 'assistant' ORDER BY seq DESC OFFSET 1 LIMIT 1`,
    [sessionId],
  );
  if (!previous?.handoffSuggested) return;
  const modelFailed = result.fallbackReason !== null && result.fallbackReason !== "no_api_key" && result.mode === "faq-only";
  const { reference } = await escalateConversation(ctx, sessionId, {
    issueSummary: userMessage.content,
    reason: modelFailed ? "model_failure" : "missing_knowledge",
  });
  sink({ type: "handoff", note: `${HANDOFF_NOTE} (ticket ${reference})` });
}
