// The customer's side of a conversation besides the turn itself (domain/turn): starting one,
// restoring the thread after a reload, "no thanks" to the offer of a person, rating a bot reply,
// and rating a resolved hand-off (once per ticket).
import { TRPCError } from "@trpc/server";
import type { PrismaClient } from "@support/db";
import { ticketReference, type ZChatHistoryOutput } from "@support/schemas";
import type { z } from "zod";
import type { Context } from "../../context.ts";
import { enqueueWebhookEvent } from "../../jobs/webhooks.ts";
import { generateSecret, hashSecret } from "../../lib/tokens.ts";
import { answerMode, loadSourceQuestions } from "../../live/messages.ts";
import { browserIdHash, normalizePageUrl, normalizeTimeZone } from "../inbox/customer-context.ts";
import { knownContact } from "../ticket/escalate.ts";
import { pendingHandoffOffer } from "./handoff-offer.ts";

/** A new conversation; its session token is returned once and stored only as a hash. */
export async function startConversation(
  prisma: PrismaClient,
  input: {
    origin: string | null | undefined;
    userAgent: string | null | undefined;
    pageUrl?: string | undefined;
    timeZone?: string | undefined;
    browserId?: string | undefined;
  },
): Promise<{ sessionToken: string; conversationId: string }> {
  const sessionToken = generateSecret();
  const session = await prisma.session.create({
    data: {
      tokenHash: hashSecret(sessionToken),
      origin: input.origin?.slice(0, 500) ?? null,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
      pageUrl: normalizePageUrl(input.pageUrl),
      timeZone: normalizeTimeZone(input.timeZone),
      browserIdHash: browserIdHash(input.browserId),
    },
  });
  return { sessionToken, conversationId: session.id };
}

/** The thread as the widget restores it after a reload, with the status and any pending offer. */
export async function conversationHistory(
  prisma: PrismaClient,
  sessionId: string,
): Promise<z.input<typeof ZChatHistoryOutput>> {
  const [messages, ticket, session, handoffOffer, contact] = await Promise.all([
    prisma.message.findMany({
      where: { sessionId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 500,
    }),
    prisma.ticket.findFirst({
      where: { sessionId, status: { not: "resolved" } },
      orderBy: { createdAt: "desc" },
    }),
    // Read again: the one the request started with was read before this request's own writes.
    prisma.session.findUniqueOrThrow({ where: { id: sessionId }, select: { status: true, joinedByName: true } }),
    pendingHandoffOffer(prisma, sessionId),
    knownContact(prisma, sessionId),
  ]);
  const sourcesOf = await loadSourceQuestions(prisma, messages);
  return {
    conversationId: sessionId,
    status: session.status,
    joinedBy: session.status === "handoff" ? session.joinedByName : null,
    handoffOffer,
    knownContact: contact,
    messages: messages.map((m) => ({
      id: m.id,
      role: m.role,
      content: m.content,
      createdAt: m.createdAt,
      clientMessageId: m.clientMessageId,
      sources: sourcesOf(m.sources),
      mode: answerMode(m.mode),
      feedback: m.feedback,
      authorName: m.authorName,
    })),
    openTicket: ticket ? { ticketId: ticket.id, reference: ticketReference(ticket.number) } : null,
  };
}

/** "No thanks" to the offer of a person: the bot goes on, and doesn't offer again after every miss. */
export async function declineHandoff(prisma: PrismaClient, sessionId: string, now: Date): Promise<void> {
  await prisma.session.update({ where: { id: sessionId }, data: { handoffDeclinedAt: now } });
}

/** Thumbs up or down on one of the bot's replies in this conversation (announced as feedback.created). */
export async function rateReply(
  ctx: Pick<Context, "prisma" | "jobs" | "clock">,
  sessionId: string,
  messageId: string,
  rating: "up" | "down",
): Promise<{ messageId: string; rating: "up" | "down" }> {
  const message = await ctx.prisma.message.findFirst({ where: { id: messageId, sessionId, role: "assistant" } });
  if (!message) throw new TRPCError({ code: "NOT_FOUND", message: "No such bot reply in this conversation" });
  await ctx.prisma.$transaction(async (tx) => {
    await tx.message.update({ where: { id: message.id }, data: { feedback: rating } });
    await enqueueWebhookEvent(
      tx,
      ctx.jobs,
      "feedback.created",
      { conversationId: sessionId, messageId: message.id, rating },
      ctx.clock.now(),
    );
  });
  return { messageId: message.id, rating };
}

/** The seq of a message of this conversation (NOT_FOUND otherwise). */
export async function messageSeq(prisma: PrismaClient, sessionId: string, messageId: string): Promise<bigint> {
  const message = await prisma.message.findFirst({ where: { id: messageId, sessionId }, select: { seq: true } });
  if (!message) throw new TRPCError({ code: "NOT_FOUND", message: "No such message in this conversation" });
  return message.seq;
}

function latestTicket(prisma: PrismaClient, sessionId: string) {
  return prisma.ticket.findFirst({ where: { sessionId }, orderBy: { createdAt: "desc" } });
}

/** Whether to ask "How did we do?": the conversation's latest ticket is resolved and not yet rated. */
export async function ratingDue(
  prisma: PrismaClient,
  sessionId: string,
): Promise<{ ticketId: string; reference: string } | null> {
  const ticket = await latestTicket(prisma, sessionId);
  return ticket && ticket.status === "resolved" && ticket.rating === null
    ? { ticketId: ticket.id, reference: ticketReference(ticket.number) }
    : null;
}

/** The customer's rating of a resolved hand-off, once per ticket. */
export async function rateHandoff(
  prisma: PrismaClient,
  sessionId: string,
  input: { score: number; comment?: string | undefined },
  now: Date,
): Promise<{ ticketId: string; score: number }> {
  const ticket = await latestTicket(prisma, sessionId);
  if (!ticket || ticket.status !== "resolved")
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "There is no finished conversation with our team to rate yet.",
    });
  const { count } = await prisma.ticket.updateMany({
    where: { id: ticket.id, rating: null },
    data: { rating: input.score, ratingComment: input.comment || null, ratedAt: now },
  });
  if (count === 0)
    throw new TRPCError({ code: "CONFLICT", message: "You already rated this conversation. Thank you!" });
  return { ticketId: ticket.id, score: input.score };
}
