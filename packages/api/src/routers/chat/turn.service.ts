// One customer turn end to end: persist the customer's words first, answer (streamed), persist the
// reply paired with its message. The turn runs detached from the HTTP stream, so a customer who
// closes the tab still gets a stored reply, and a retry finds it.
//
// Who answers depends on the conversation's status (domain/conversation/status.ts): the bot; while
// the customer waits for a person, only a confident FAQ answer (marked automatic) or nothing; once a
// person joined, nothing. The bot never hands over on its own: a miss, or a request for a person in
// words, ends with an `offer` event and the customer chooses (ticket.create).
import { randomUUID } from "node:crypto";
import { answerFromFaqs, asksForHuman, runTurn, type StoredMessage, type TurnResult } from "@support/assistant";
import type { AssistantReply, ChatSendEvent } from "@support/schemas";
import type { Context } from "../../context.ts";
import type { CustomerSession } from "../../trpc.ts";
import { pendingHandoffOffer } from "../../domain/conversation/handoff-offer.ts";
import { changeConversationStatus } from "../../domain/conversation/status.ts";
import { faqLanguageOf, loadSettings } from "../../domain/settings/settings.ts";
import { ACTIVE_FAQS_VERSION_SQL, createTurnFaqSource } from "./faq-source.ts";
import { enqueueWebhookEvent } from "../../jobs/webhooks.ts";

type Sink = (event: ChatSendEvent) => void;

/**
 * A running turn holds a lease on its customer message, renewed while it runs. After a crash the
 * lease runs out within TURN_LEASE_MS and a retry takes the turn over; while it is held, retries
 * wait for the reply instead of calling the model again.
 */
export const TURN_LEASE_MS = 5_000;
const TURN_LEASE_RENEW_MS = 1_500;
/** A retry checks this often whether the reply is stored or the lease has run out. */
const RETRY_POLL_MS = 100;

// The hot path of a turn talks SQL directly (db.sql, on PostgreSQL and PGlite alike): four short
// statements (store the message, read the context, reserve tokens, store the reply) instead of a
// dozen ORM calls. Every value is a bound parameter; each statement commits on its own, so the
// customer's message is stored before the model is called.

type UserMessageRow = { id: string; content: string; createdAt: Date; replayed: boolean };

/**
 * Stores the customer's message and touches the session, unless (sessionId, clientMessageId) is
 * already stored: then that message comes back with replayed = true and nothing is written.
 */
const PERSIST_USER_MESSAGE = `
  WITH inserted AS (
    INSERT INTO "Message" (id, "sessionId", role, content, "clientMessageId", "createdAt", "turnLeaseUntil")
    VALUES ($1, $2, 'user', $3, $4, $5, clock_timestamp() + $7::int * interval '1 millisecond')
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

async function persistUserMessage(
  ctx: Context,
  session: CustomerSession,
  clientMessageId: string,
  text: string,
): Promise<UserMessageRow> {
  const [row] = await ctx.db.sql.query<UserMessageRow>(PERSIST_USER_MESSAGE, [
    randomUUID(),
    session.id,
    text,
    clientMessageId,
    new Date(),
    ctx.clock.now(),
    TURN_LEASE_MS,
  ]);
  if (row) return row;
  // A concurrent duplicate committed its insert after this statement's snapshot was taken: it is
  // visible to a new statement, and this request becomes a replay of that turn.
  const [existing] = await ctx.db.sql.query<UserMessageRow>(FIND_USER_MESSAGE, [session.id, clientMessageId]);
  if (!existing) throw new Error("customer message neither stored nor found");
  return existing;
}

type TurnContextRow = {
  sessionStatus: "bot" | "handoff" | "closed";
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
 * the one read when the request arrived: a retry may come much later), the settings, the active FAQs' fingerprint (for the FAQ cache) and the latest messages before this one
 * (at most historyLength, oldest first).
 */
const LOAD_TURN_CONTEXT = `
  SELECT (SELECT c.status::text FROM "Session" c WHERE c.id = $1) AS "sessionStatus",
    (SELECT c."joinedByName" FROM "Session" c WHERE c.id = $1) AS "joinedByName",
    s."businessName", s.persona, s."historyLength", s."faqTokenBudget", s."faqHardCap", s."dailyTokenCap", s."faqLanguage",
    ${ACTIVE_FAQS_VERSION_SQL} AS "faqVersion",
    (SELECT coalesce(json_agg(json_build_object('role', h.role, 'content', h.content, 'authorName', h."authorName")
                              ORDER BY h."createdAt", h.id), '[]'::json)
       FROM (SELECT m.id, m."createdAt", m.role::text AS role, m.content, m."authorName" FROM "Message" m
             WHERE m."sessionId" = $1 AND m.id <> $2 AND m."createdAt" <= $3
             ORDER BY m."createdAt" DESC, m.id DESC
             LIMIT greatest(s."historyLength", 0)) h) AS history
  FROM "Settings" s WHERE s.id = 1`;

async function loadTurnContext(ctx: Context, sessionId: string, before: UserMessageRow): Promise<TurnContextRow> {
  const params = [sessionId, before.id, before.createdAt];
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
 * Stores the reply, ends the turn's lease and settles the day's usage, in one statement (so one
 * transaction): the tokens the model really used are counted (also when a concurrent duplicate
 * stored its reply first: they were spent) and this turn's reservation is released. If the message
 * already has a reply nothing is stored and no row comes back.
 */
const STORE_REPLY = `
  WITH r AS (
    INSERT INTO "Message" (id, "sessionId", role, content, "replyToId", sources, mode, model, "promptTokens",
      "completionTokens", "cachedTokens", "latencyMs", "fallbackReason", "handoffSuggested", "createdAt")
    VALUES ($1, $2, 'assistant', $3, $4, $5::text[], $6::"AnswerMode", $7, $8, $9, $10, $11, $12, $13, $14)
    ON CONFLICT ("replyToId") DO NOTHING
    RETURNING *
  ), released AS (
    UPDATE "Message" SET "turnLeaseUntil" = NULL WHERE id = $4
  ), counted AS (
    INSERT INTO "DailyUsage" (day, "promptTokens", "completionTokens", turns)
    SELECT $15::date, $16::int, $17::int, x.n FROM (SELECT count(*)::int AS n FROM r) x
    WHERE $16::int + $17::int + $18::int + x.n > 0
    ON CONFLICT (day) DO UPDATE SET
      "promptTokens" = "DailyUsage"."promptTokens" + EXCLUDED."promptTokens",
      "completionTokens" = "DailyUsage"."completionTokens" + EXCLUDED."completionTokens",
      turns = "DailyUsage".turns + EXCLUDED.turns,
      "reservedTokens" = greatest(0, "DailyUsage"."reservedTokens" - $18::int)
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

/** Takes over the turn of an unanswered message whose lease ran out (its turn died or ended without a reply). */
const CLAIM_TURN = `
  UPDATE "Message" m SET "turnLeaseUntil" = clock_timestamp() + $2::int * interval '1 millisecond'
  WHERE m.id = $1 AND (m."turnLeaseUntil" IS NULL OR m."turnLeaseUntil" < clock_timestamp())
    AND NOT EXISTS (SELECT 1 FROM "Message" r WHERE r."replyToId" = m.id)
  RETURNING m.id`;
const RENEW_LEASE = `UPDATE "Message" SET "turnLeaseUntil" = clock_timestamp() + $2::int * interval '1 millisecond' WHERE id = $1 AND "turnLeaseUntil" IS NOT NULL`;
const END_LEASE = `UPDATE "Message" SET "turnLeaseUntil" = NULL WHERE id = $1`;

/**
 * A retried message: its stored reply, or the turn itself once no live turn holds it (only one of
 * several concurrent retries wins the claim). While the first attempt is still answering, waits
 * for its reply; bounded by its deadline plus the lease.
 */
async function replyOrClaim(ctx: Context, userMessageId: string): Promise<ReplyRow | "claimed"> {
  const giveUpAt = Date.now() + ctx.config.turnDeadlineMs + 2 * TURN_LEASE_MS;
  for (;;) {
    const reply = await findReply(ctx, userMessageId);
    if (reply) return reply;
    const claimed = await ctx.db.sql.query(CLAIM_TURN, [userMessageId, TURN_LEASE_MS]);
    if (claimed.length > 0) return "claimed";
    if (Date.now() > giveUpAt) throw new Error("the first attempt of this turn neither answered nor gave it up");
    await new Promise((r) => setTimeout(r, RETRY_POLL_MS));
  }
}

/** Keeps the lease while the turn runs; a renewal that fails is retried at the next tick. */
function holdLease(ctx: Context, userMessageId: string): () => void {
  const timer = setInterval(() => {
    ctx.db.sql
      .query(RENEW_LEASE, [userMessageId, TURN_LEASE_MS])
      .catch((err: unknown) => ctx.log.warn({ err }, "could not renew a turn's lease"));
  }, TURN_LEASE_RENEW_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Reserves `estimate` tokens of today's cap before calling the model, atomically: concurrent turns
 * can't all see room and together overspend it. False when the reservation doesn't fit.
 */
const RESERVE_TOKENS = `
  INSERT INTO "DailyUsage" AS u (day, "reservedTokens") SELECT $1::date, $2::int WHERE $2::bigint <= $3::bigint
  ON CONFLICT (day) DO UPDATE SET "reservedTokens" = u."reservedTokens" + EXCLUDED."reservedTokens"
    WHERE u."promptTokens"::bigint + u."completionTokens" + u."reservedTokens" + EXCLUDED."reservedTokens" <= $3::bigint
  RETURNING day`;
const RELEASE_TOKENS = `UPDATE "DailyUsage" SET "reservedTokens" = greatest(0, "reservedTokens" - $2::int) WHERE day = $1::date`;

/**
 * For a model call outside a conversation (the staff "Try the bot" preview): reserves the estimate
 * against today's cap like a customer turn (false: it doesn't fit), and afterwards counts what the
 * model really used and releases the reservation. No turn is counted: insights count customers' turns.
 */
export async function reserveDailyTokens(
  ctx: Context,
  estimate: number,
  dailyTokenCap: number,
): Promise<string | null> {
  const day = utcDay(ctx.clock.now());
  return (await ctx.db.sql.query(RESERVE_TOKENS, [day, estimate, dailyTokenCap])).length > 0 ? day : null;
}
const SETTLE_TOKENS = `
  UPDATE "DailyUsage" SET "promptTokens" = "promptTokens" + $2::int, "completionTokens" = "completionTokens" + $3::int,
    "reservedTokens" = greatest(0, "reservedTokens" - $4::int)
  WHERE day = $1::date`;
export async function settleDailyTokens(
  ctx: Context,
  day: string,
  used: { promptTokens: number; completionTokens: number } | null,
  reserved: number,
): Promise<void> {
  await ctx.db.sql.query(SETTLE_TOKENS, [day, used?.promptTokens ?? 0, used?.completionTokens ?? 0, reserved]);
}

/**
 * An upper bound of what one model call of this turn costs: the FAQ block is capped by its budget,
 * the rest is at most one token per two characters (o200k averages about four), plus the prompt's
 * fixed text and the longest reply allowed.
 */
export function estimateTurnTokens(input: {
  text: string;
  history: StoredMessage[];
  persona: string;
  businessName: string;
  faqTokenBudget: number;
  maxCompletionTokens: number;
}): number {
  const chars =
    input.text.length +
    input.persona.length +
    input.businessName.length +
    input.history.reduce((n, m) => n + m.content.length + 20, 0);
  return Math.ceil(chars / 2) + input.faqTokenBudget + 600 + input.maxCompletionTokens;
}

async function emitOffer(ctx: Context, sessionId: string, sink: Sink) {
  const offer = await pendingHandoffOffer(ctx.prisma, sessionId);
  if (offer) sink({ type: "offer", accepted: offer === "accepted" });
}

/**
 * Runs a turn, reporting events to `sink` as they happen. Resolves when the reply is stored (or the
 * turn ended without one: a person has the conversation, or the customer asked for one).
 * Never throws for model problems (the assistant falls back); database errors do propagate.
 */
export async function runCustomerTurn(
  ctx: Context,
  session: CustomerSession,
  input: { clientMessageId: string; text: string },
  sink: Sink,
): Promise<void> {
  const userMessage = await persistUserMessage(ctx, session, input.clientMessageId, input.text);
  // The message is stored by one raw statement (the idempotent insert); its event follows right
  // after, one query when no endpoint listens. A crash in between leaves the delivery queued at the
  // next start (queueStrandedDeliveries).
  if (!userMessage.replayed) {
    const event = {
      conversationId: session.id,
      messageId: userMessage.id,
      role: "customer" as const,
      content: userMessage.content,
      authorName: null,
    };
    await enqueueWebhookEvent(ctx.prisma, ctx.jobs, "message.created", event, ctx.clock.now());
  }
  sink({ type: "accepted", userMessageId: userMessage.id, replayed: userMessage.replayed });

  if (userMessage.replayed) {
    const outcome = await replyOrClaim(ctx, userMessage.id);
    if (outcome !== "claimed") {
      sink({ type: "done", message: replyFromRow(outcome) });
      if (outcome.handoffSuggested) await emitOffer(ctx, session.id, sink);
      return;
    }
  }
  // From here this request holds the turn's lease (taken with the insert, or claimed above).
  const stopRenewing = holdLease(ctx, userMessage.id);
  let leaseEnded = false;
  try {
    leaseEnded = await answerTurn(ctx, session.id, userMessage, sink);
  } finally {
    stopRenewing();
    if (!leaseEnded) await ctx.db.sql.query(END_LEASE, [userMessage.id]);
  }
}

/** The turn proper, lease held. Returns whether it ended the lease itself (storing a reply does). */
async function answerTurn(ctx: Context, sessionId: string, userMessage: UserMessageRow, sink: Sink): Promise<boolean> {
  const turnContext = await loadTurnContext(ctx, sessionId, userMessage);
  const { history, faqVersion, faqLanguage, dailyTokenCap, sessionStatus, joinedByName, ...settings } = turnContext;
  const faqs = createTurnFaqSource(ctx.db, faqVersion, ctx.tokens, ctx.faqEmbeddings, faqLanguageOf({ faqLanguage }));
  const day = utcDay(ctx.clock.now());

  if (sessionStatus === "closed") {
    // A resolved conversation the customer writes to again goes back to the bot.
    await ctx.prisma.$transaction((tx) =>
      changeConversationStatus(tx, sessionId, { kind: "customer_returned" }, ctx.clock.now()),
    );
  } else if (sessionStatus === "handoff") {
    if (joinedByName === null) {
      // Waiting for a person: not left in silence when the FAQs answer it plainly; otherwise the
      // message waits for the person (no "I don't know" on top of "we've passed this on").
      const faqOnly = await answerFromFaqs({ text: userMessage.content, faqs });
      if (faqOnly.confident) {
        const stored = await storeReply(ctx, sessionId, userMessage, day, {
          content: faqOnly.content,
          sources: faqOnly.sources.map((f) => f.id),
          mode: "faq_only",
          fallbackReason: "awaiting_staff",
          latencyMs: 0,
        });
        sink({ type: "done", message: replyFromRow(stored) });
        return true;
      }
    }
    sink({ type: "handoff", joinedBy: joinedByName });
    return false;
  }

  if (asksForHuman(userMessage.content)) {
    // Asked in words: the offer of a person, already accepted; the customer leaves a contact next.
    sink({ type: "offer", accepted: true });
    return false;
  }

  const estimate = estimateTurnTokens({
    text: userMessage.content,
    history,
    ...settings,
    maxCompletionTokens: ctx.config.maxCompletionTokens,
  });
  const reserved =
    ctx.llm !== null && (await ctx.db.sql.query(RESERVE_TOKENS, [day, estimate, dailyTokenCap])).length > 0;
  const overCap = ctx.llm !== null && !reserved;
  let settled = false;
  try {
    let result: TurnResult | undefined;
    let streamedText = "";
    for await (const event of runTurn({
      text: userMessage.content,
      history,
      settings,
      faqs,
      llm: reserved ? ctx.llm : null,
      tokens: ctx.tokens,
      deadlineMs: ctx.config.turnDeadlineMs,
      maxCompletionTokens: ctx.config.maxCompletionTokens,
      log: (level, msg, data) => ctx.log[level]({ ...data, sessionId }, msg),
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

    const reply = await storeReply(ctx, sessionId, userMessage, day, {
      content: result.content,
      sources: result.sources.map((s) => s.id),
      mode: result.mode === "faq-only" ? "faq_only" : "llm",
      model: result.model,
      usage: result.usage,
      latencyMs: result.latencyMs,
      fallbackReason: overCap ? "daily_token_cap" : result.fallbackReason,
      handoffSuggested: result.handoffSuggested,
      reservedTokens: reserved ? estimate : 0,
    });
    settled = true;
    sink({ type: "done", message: replyFromRow(reply) });
    if (reply.handoffSuggested) await emitOffer(ctx, sessionId, sink);
    return true;
  } finally {
    if (reserved && !settled) await ctx.db.sql.query(RELEASE_TOKENS, [day, estimate]);
  }
}

/** Stores the reply (see STORE_REPLY); a concurrent duplicate's stored reply wins and is returned. */
async function storeReply(
  ctx: Context,
  sessionId: string,
  userMessage: UserMessageRow,
  day: string,
  r: {
    content: string;
    sources: string[];
    mode: "llm" | "faq_only";
    model?: string | null;
    usage?: { promptTokens: number; completionTokens: number; cachedTokens: number } | null;
    latencyMs: number;
    fallbackReason: string | null;
    handoffSuggested?: boolean;
    reservedTokens?: number;
  },
): Promise<ReplyRow> {
  const [stored] = await ctx.db.sql.query<ReplyRow>(STORE_REPLY, [
    randomUUID(),
    sessionId,
    r.content,
    userMessage.id,
    r.sources,
    r.mode,
    r.model ?? null,
    r.usage?.promptTokens ?? null,
    r.usage?.completionTokens ?? null,
    r.usage?.cachedTokens ?? null,
    Math.round(r.latencyMs),
    r.fallbackReason,
    r.handoffSuggested ?? false,
    new Date(),
    day,
    r.usage?.promptTokens ?? 0,
    r.usage?.completionTokens ?? 0,
    r.reservedTokens ?? 0,
  ]);
  // No row: a concurrent duplicate stored its reply first (unique replyToId); that one is the answer.
  const reply = stored ?? (await findReply(ctx, userMessage.id));
  if (!reply) throw new Error("reply neither stored nor found");
  return reply;
}
