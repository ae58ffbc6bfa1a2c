// One customer turn end to end: persist the customer's words first, answer (streamed), persist the
// reply paired with its message. The turn runs detached from the HTTP stream, so a customer who
// closes the tab still gets a stored reply, and a retry finds it.
//
// Who answers depends on the conversation's status (domain/conversation/status.ts): the bot; while
// the customer waits for a person, only a confident FAQ answer (marked automatic) or nothing; once a
// person joined, nothing. The bot never hands over on its own: a miss, or a request for a person in
// words, ends with an `offer` event and the customer chooses (ticket.create).
import { randomUUID } from "node:crypto";
import { EventEmitter, on } from "node:events";
import { answerFromFaqs, asksForHuman, runTurn, type StoredMessage, type TurnResult } from "@support/assistant";
import type { ZAssistantReply, ZChatSendEvent } from "@support/schemas";
import type { z } from "zod";
import type { Context } from "../../context.ts";
import { pendingHandoffOffer } from "../conversation/handoff-offer.ts";
import { changeConversationStatus } from "../conversation/status.ts";
import { faqLanguageOf, loadSettings } from "../settings/settings.ts";
import { createTurnFaqSource } from "../faq/faq-source.ts";
import {
  claimTurn,
  endLease,
  findCustomerMessage,
  findReply,
  insertCustomerMessage,
  insertReply,
  releaseTokens,
  renewLease,
  reserveTokens,
  selectTurnContext,
  settleTokens,
  type ReplyRow,
  type TurnContextRow,
  type UserMessageRow,
} from "./turn.sql.ts";
import { enqueueWebhookEvent } from "../../jobs/webhooks.ts";

/** A turn's event as the turn makes it (its reply's date a Date; chat.send's output schema sends it as ISO text). */
type ChatSendEventIn = z.input<typeof ZChatSendEvent>;
type Sink = (event: ChatSendEventIn) => void;

/**
 * A running turn holds a lease on its customer message, renewed while it runs. After a crash the
 * lease runs out within TURN_LEASE_MS and a retry takes the turn over; while it is held, retries
 * wait for the reply instead of calling the model again.
 */
export const TURN_LEASE_MS = 5_000;
const TURN_LEASE_RENEW_MS = 1_500;
/** A retry checks this often whether the reply is stored or the lease has run out. */
const RETRY_POLL_MS = 100;

/** Stores the customer's message (see insertCustomerMessage), or finds the one a retry already stored. */
async function persistUserMessage(
  ctx: Context,
  session: { id: string },
  clientMessageId: string,
  text: string,
): Promise<UserMessageRow> {
  const message = { id: randomUUID(), sessionId: session.id, content: text, clientMessageId };
  const row = await insertCustomerMessage(
    ctx.db,
    { ...message, createdAt: new Date(), lastSeenAt: ctx.clock.now() },
    TURN_LEASE_MS,
  );
  if (row) return row;
  // A concurrent duplicate committed its insert after this statement's snapshot was taken: it is
  // visible to a new statement, and this request becomes a replay of that turn.
  const existing = await findCustomerMessage(ctx.db, session.id, clientMessageId);
  if (!existing) throw new Error("customer message neither stored nor found");
  return existing;
}

async function loadTurnContext(ctx: Context, sessionId: string, before: UserMessageRow): Promise<TurnContextRow> {
  const row = await selectTurnContext(ctx.db, sessionId, before);
  if (row) return row;
  await loadSettings(ctx.prisma); // creates the settings row with its defaults
  const created = await selectTurnContext(ctx.db, sessionId, before);
  if (!created) throw new Error("settings row missing");
  return created;
}

/** A UTC calendar day as PostgreSQL's date literal (never a Date: its local time zone would shift it). */
function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function replyFromRow(row: ReplyRow): z.input<typeof ZAssistantReply> {
  const byId = new Map(row.faqs.map((f) => [f.id, f.question]));
  return {
    id: row.id,
    content: row.content,
    sources: row.sources.filter((id) => byId.has(id)).map((id) => ({ faqId: id, question: byId.get(id)! })),
    mode: row.mode === "faq_only" ? "faq-only" : "llm",
    handoffSuggested: row.handoffSuggested,
    createdAt: row.createdAt,
  };
}

/**
 * A retried message: its stored reply, or the turn itself once no live turn holds it (only one of
 * several concurrent retries wins the claim). While the first attempt is still answering, waits
 * for its reply; bounded by its deadline plus the lease.
 */
async function replyOrClaim(ctx: Context, userMessageId: string): Promise<ReplyRow | "claimed"> {
  const giveUpAt = Date.now() + ctx.config.turnDeadlineMs + 2 * TURN_LEASE_MS;
  for (;;) {
    const reply = await findReply(ctx.db, userMessageId);
    if (reply) return reply;
    if (await claimTurn(ctx.db, userMessageId, TURN_LEASE_MS)) return "claimed";
    if (Date.now() > giveUpAt) throw new Error("the first attempt of this turn neither answered nor gave it up");
    await new Promise((r) => setTimeout(r, RETRY_POLL_MS));
  }
}

/** Keeps the lease while the turn runs; a renewal that fails is retried at the next tick. */
function holdLease(ctx: Context, userMessageId: string): () => void {
  const timer = setInterval(() => {
    renewLease(ctx.db, userMessageId, TURN_LEASE_MS).catch((err: unknown) =>
      ctx.log.warn({ err }, "could not renew a turn's lease"),
    );
  }, TURN_LEASE_RENEW_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * For a model call outside a conversation (the staff "Try the bot" preview): reserves the estimate
 * against today's cap like a customer turn (null: it doesn't fit), and afterwards counts what the
 * model really used and releases the reservation. No turn is counted: insights count customers' turns.
 */
export async function reserveDailyTokens(
  ctx: Context,
  estimate: number,
  dailyTokenCap: number,
): Promise<string | null> {
  const day = utcDay(ctx.clock.now());
  return (await reserveTokens(ctx.db, day, estimate, dailyTokenCap)) ? day : null;
}
export async function settleDailyTokens(
  ctx: Context,
  day: string,
  used: { promptTokens: number; completionTokens: number } | null,
  reserved: number,
): Promise<void> {
  await settleTokens(ctx.db, day, used ?? { promptTokens: 0, completionTokens: 0 }, reserved);
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
  session: { id: string },
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
    if (!leaseEnded) await endLease(ctx.db, userMessage.id);
  }
}

/**
 * A turn as a stream of its events, for chat.send: `accepted`, `delta`s, then `done` (or `handoff`),
 * then maybe an `offer`. The turn is not tied to the stream: if the customer goes away (`signal`)
 * the stream ends but the turn still completes and is stored, so a retry with the same
 * clientMessageId finds it. The process waits for it on shutdown (ctx.inFlight).
 */
export async function* customerTurnEvents(
  ctx: Context,
  session: { id: string },
  input: { clientMessageId: string; text: string },
  signal: AbortSignal | undefined,
): AsyncGenerator<ChatSendEventIn, void, undefined> {
  // The turn reports its events as callbacks; events.on() buffers them for this stream, which
  // ends with the turn ("finished") or when the customer goes away.
  const turnEvents = new EventEmitter();
  const stream = signal?.aborted ? null : on(turnEvents, "event", { signal, close: ["finished"] });
  let failure: unknown = null;
  void ctx.inFlight
    .track(runCustomerTurn(ctx, session, input, (event) => turnEvents.emit("event", event)))
    .catch((err: unknown) => {
      failure = err;
    })
    .finally(() => turnEvents.emit("finished"));
  try {
    for await (const [event] of stream ?? []) {
      if (signal?.aborted) break;
      yield event as ChatSendEventIn;
    }
  } catch (err) {
    // on() rejects with an AbortError when the customer goes away: the stream just ends.
    if (!signal?.aborted) throw err;
  }
  if (failure) throw failure;
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
  const reserved = ctx.llm !== null && (await reserveTokens(ctx.db, day, estimate, dailyTokenCap));
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
    if (reserved && !settled) await releaseTokens(ctx.db, day, estimate);
  }
}

/** Stores the reply (see insertReply); a concurrent duplicate's stored reply wins and is returned. */
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
  const stored = await insertReply(
    ctx.db,
    {
      id: randomUUID(),
      sessionId,
      content: r.content,
      replyToId: userMessage.id,
      sources: r.sources,
      mode: r.mode,
      model: r.model ?? null,
      promptTokens: r.usage?.promptTokens ?? null,
      completionTokens: r.usage?.completionTokens ?? null,
      cachedTokens: r.usage?.cachedTokens ?? null,
      latencyMs: Math.round(r.latencyMs),
      fallbackReason: r.fallbackReason,
      handoffSuggested: r.handoffSuggested ?? false,
      createdAt: new Date(),
    },
    {
      day,
      promptTokens: r.usage?.promptTokens ?? 0,
      completionTokens: r.usage?.completionTokens ?? 0,
      reservedTokens: r.reservedTokens ?? 0,
    },
  );
  // No row: a concurrent duplicate stored its reply first (unique replyToId); that one is the answer.
  const reply = stored ?? (await findReply(ctx.db, userMessage.id));
  if (!reply) throw new Error("reply neither stored nor found");
  return reply;
}
