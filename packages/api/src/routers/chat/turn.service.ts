// One customer turn end to end: persist the customer's words first, answer (streamed), persist the
// reply paired with its message. The turn runs detached from the HTTP stream, so a customer who
// closes the tab still gets a stored reply, and a retry finds it.
import { runTurn, type StoredMessage, type TurnResult } from "@support/assistant";
import { Prisma, type Message, type PrismaClient, type Session } from "@support/db";
import type { AssistantReply, ChatSendEvent } from "@support/schemas";
import type { Context } from "../../context.ts";
import { loadSettings } from "../settings/settings.service.ts";
import { createFaqSource } from "./faq-source.ts";

export const HANDOFF_NOTE = "A member of our team has this conversation and will reply here.";

type Sink = (event: ChatSendEvent) => void;

/** Maps a stored assistant message to what the widget shows. */
export async function toAssistantReply(prisma: PrismaClient, message: Message): Promise<AssistantReply> {
  const faqs = message.sources.length
    ? await prisma.faq.findMany({ where: { id: { in: message.sources } }, select: { id: true, question: true } })
    : [];
  const byId = new Map(faqs.map((f) => [f.id, f.question]));
  return {
    id: message.id,
    content: message.content,
    sources: message.sources.filter((id) => byId.has(id)).map((id) => ({ faqId: id, question: byId.get(id)! })),
    mode: message.mode === "faq_only" ? "faq-only" : "llm",
    handoffSuggested: message.handoffSuggested,
    createdAt: message.createdAt.toISOString(),
  };
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** Stores the customer's message in its own transaction; returns it and whether it already existed. */
async function persistUserMessage(ctx: Context, session: Session, clientMessageId: string, text: string) {
  const existing = await ctx.prisma.message.findUnique({
    where: { sessionId_clientMessageId: { sessionId: session.id, clientMessageId } },
  });
  if (existing) return { message: existing, replayed: true };
  try {
    const [message] = await ctx.prisma.$transaction([
      ctx.prisma.message.create({ data: { sessionId: session.id, role: "user", content: text, clientMessageId } }),
      ctx.prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: ctx.clock.now() } }),
    ]);
    return { message, replayed: false };
  } catch (err) {
    // A concurrent duplicate won the insert: this request becomes a replay of that turn.
    if (!isUniqueViolation(err)) throw err;
    const message = await ctx.prisma.message.findUniqueOrThrow({
      where: { sessionId_clientMessageId: { sessionId: session.id, clientMessageId } },
    });
    return { message, replayed: true };
  }
}

async function loadHistory(prisma: PrismaClient, sessionId: string, before: Message, limit: number): Promise<StoredMessage[]> {
  const rows = await prisma.message.findMany({
    where: { sessionId, id: { not: before.id }, createdAt: { lte: before.createdAt } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { role: true, content: true, authorName: true },
  });
  return rows.reverse();
}

function utcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

async function tokensUsedToday(prisma: PrismaClient, now: Date): Promise<number> {
  const usage = await prisma.dailyUsage.findUnique({ where: { day: utcDay(now) } });
  return usage ? usage.promptTokens + usage.completionTokens : 0;
}

async function waitForReply(prisma: PrismaClient, userMessageId: string, timeoutMs: number): Promise<Message | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await prisma.message.findUnique({ where: { replyToId: userMessageId } });
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
  session: Session,
  input: { clientMessageId: string; text: string },
  sink: Sink,
): Promise<void> {
  const { message: userMessage, replayed } = await persistUserMessage(ctx, session, input.clientMessageId, input.text);
  sink({ type: "accepted", userMessageId: userMessage.id, replayed });

  if (session.status !== "bot") {
    sink({ type: "handoff", note: HANDOFF_NOTE });
    return;
  }

  if (replayed) {
    // The first request may still be answering: wait for its reply rather than answering twice.
    const stale = ctx.clock.now().getTime() - userMessage.createdAt.getTime() > ctx.config.turnDeadlineMs + 5_000;
    const reply = stale
      ? await ctx.prisma.message.findUnique({ where: { replyToId: userMessage.id } })
      : await waitForReply(ctx.prisma, userMessage.id, ctx.config.turnDeadlineMs + 5_000);
    if (reply) {
      sink({ type: "done", message: await toAssistantReply(ctx.prisma, reply) });
      return;
    }
    // The first attempt died before replying (crash, restart): answer it now; the unique
    // replyToId still guarantees a single reply.
  }

  const settings = await loadSettings(ctx.prisma);
  const overCap = ctx.llm !== null && (await tokensUsedToday(ctx.prisma, ctx.clock.now())) >= settings.dailyTokenCap;
  const history = await loadHistory(ctx.prisma, session.id, userMessage, settings.historyLength);

  let result: TurnResult | undefined;
  let streamed = false;
  for await (const event of runTurn({
    text: userMessage.content,
    history,
    settings,
    faqs: createFaqSource(ctx.prisma),
    llm: overCap ? null : ctx.llm,
    deadlineMs: ctx.config.turnDeadlineMs,
    maxCompletionTokens: ctx.config.maxCompletionTokens,
    log: (level, msg, data) => ctx.log[level]({ ...data, sessionId: session.id }, msg),
  })) {
    if (event.type === "delta") {
      streamed = true;
      sink(event);
    } else {
      result = event.result;
    }
  }
  if (!result) throw new Error("assistant ended a turn without a result");
  if (streamed && result.mode === "faq-only") sink({ type: "reset" });

  const fallbackReason = overCap ? "daily_token_cap" : result.fallbackReason;
  let reply: Message;
  const promptTokens = result.usage?.promptTokens ?? 0;
  const completionTokens = result.usage?.completionTokens ?? 0;
  try {
    const storeReply = ctx.prisma.message.create({
      data: {
        sessionId: session.id,
        role: "assistant",
        content: result.content,
        replyToId: userMessage.id,
        sources: result.sources.map((s) => s.id),
        mode: result.mode === "faq-only" ? "faq_only" : "llm",
        model: result.model,
        promptTokens: result.usage?.promptTokens ?? null,
        completionTokens: result.usage?.completionTokens ?? null,
        cachedTokens: result.usage?.cachedTokens ?? null,
        latencyMs: Math.round(result.latencyMs),
        fallbackReason,
        handoffSuggested: result.handoffSuggested,
      },
    });
    const day = utcDay(ctx.clock.now());
    const countUsage = ctx.prisma.dailyUsage.upsert({
      where: { day },
      create: { day, promptTokens, completionTokens, turns: 1 },
      update: { promptTokens: { increment: promptTokens }, completionTokens: { increment: completionTokens }, turns: { increment: 1 } },
    });
    [reply] = await ctx.prisma.$transaction([storeReply, countUsage]);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    reply = await ctx.prisma.message.findUniqueOrThrow({ where: { replyToId: userMessage.id } });
  }
  sink({ type: "done", message: await toAssistantReply(ctx.prisma, reply) });
}
