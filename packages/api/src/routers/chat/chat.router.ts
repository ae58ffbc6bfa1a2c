// Customer chat: start a conversation, send a message (the reply streams back), restore the
// thread after a reload, rate a reply. No login: the session token is the only key.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import {
  ZChatDeclineHandoffInput,
  ZChatFeedbackInput,
  ZChatHistoryInput,
  ZChatHistoryOutput,
  ZChatRateInput,
  ZChatRatingDueOutput,
  ZChatReopenInput,
  ZChatReopenOutput,
  ZChatSeenInput,
  ZChatSendInput,
  ZChatStartInput,
  ZChatStartOutput,
  ticketReference,
  type ChatSendEvent,
} from "@support/schemas";
import { EventEmitter, on } from "node:events";
import { z } from "zod";
import { enqueueWebhookEvent } from "../../jobs/webhooks.ts";
import { generateSecret, hashSecret } from "../../lib/tokens.ts";
import { answerMode, loadSourceQuestions } from "../../live/messages.ts";
import { pendingHandoffOffer } from "../../domain/conversation/handoff-offer.ts";
import { knownContact } from "../../domain/ticket/escalate.ts";
import { customerProcedure, publicProcedure } from "../../trpc.ts";
import { markCustomerSeen, reopenConversation } from "../../domain/follow-up/follow-up.ts";
import { runCustomerTurn } from "../../domain/turn/turn.ts";
import { browserIdHash, normalizePageUrl, normalizeTimeZone } from "../../domain/inbox/customer-context.ts";
import type { Context } from "../../context.ts";

export const chatRouter = {
  start: publicProcedure
    .meta({ limits: ["chatStartPerIp"] })
    .input(ZChatStartInput)
    .output(ZChatStartOutput)
    .mutation(async ({ ctx, input }) => {
      const sessionToken = generateSecret();
      const session = await ctx.prisma.session.create({
        data: {
          tokenHash: hashSecret(sessionToken),
          origin: (input?.origin ?? ctx.req.origin)?.slice(0, 500) ?? null,
          userAgent: ctx.req.userAgent?.slice(0, 500) ?? null,
          pageUrl: normalizePageUrl(input?.pageUrl),
          timeZone: normalizeTimeZone(input?.timeZone),
          browserIdHash: browserIdHash(input?.browserId),
        },
      });
      return { sessionToken, conversationId: session.id };
    }),

  /** Streams `accepted`, `delta`s, then `done` with the stored reply (or `handoff` when people have it), then maybe an `offer` of a person. */
  send: customerProcedure
    .meta({ limits: ["chatSendPerIp", "chatSendPerConversation"] })
    .input(ZChatSendInput)
    .mutation(async function* ({ ctx, input, signal }) {
      // The turn reports its events as callbacks; events.on() buffers them for this stream, which
      // ends with the turn ("finished") or when the customer goes away.
      const turnEvents = new EventEmitter();
      const stream = signal?.aborted ? null : on(turnEvents, "event", { signal, close: ["finished"] });
      let failure: unknown = null;
      const turn = ctx.inFlight
        .track(runCustomerTurn(ctx, ctx.session, input, (event) => turnEvents.emit("event", event)))
        .catch((err: unknown) => {
          failure = err;
        })
        .finally(() => turnEvents.emit("finished"));
      // The turn is not tied to this stream: if the customer goes away it still completes and is
      // stored, so a retry with the same clientMessageId finds it.
      void turn;
      try {
        for await (const [event] of stream ?? []) {
          if (signal?.aborted) break;
          yield event as ChatSendEvent;
        }
      } catch (err) {
        // on() rejects with an AbortError when the customer goes away: the stream just ends.
        if (!signal?.aborted) throw err;
      }
      if (failure) throw failure;
    }),

  history: customerProcedure
    .input(ZChatHistoryInput)
    .output(ZChatHistoryOutput)
    .query(async ({ ctx }) => {
      const [messages, ticket, session, handoffOffer, contact] = await Promise.all([
        ctx.prisma.message.findMany({
          where: { sessionId: ctx.session.id },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          take: 500,
        }),
        ctx.prisma.ticket.findFirst({
          where: { sessionId: ctx.session.id, status: { not: "resolved" } },
          orderBy: { createdAt: "desc" },
        }),
        // Read again: the one in ctx was read before this request's own writes.
        ctx.prisma.session.findUniqueOrThrow({
          where: { id: ctx.session.id },
          select: { status: true, joinedByName: true },
        }),
        pendingHandoffOffer(ctx.prisma, ctx.session.id),
        knownContact(ctx.prisma, ctx.session.id),
      ]);
      const sourcesOf = await loadSourceQuestions(ctx.prisma, messages);
      return {
        conversationId: ctx.session.id,
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
    }),

  /** "No thanks" to the offer of a person: the bot goes on, and doesn't offer again after every miss. */
  declineHandoff: customerProcedure
    .input(ZChatDeclineHandoffInput)
    .output(z.object({ declined: z.boolean() }))
    .mutation(async ({ ctx }) => {
      await ctx.prisma.session.update({ where: { id: ctx.session.id }, data: { handoffDeclinedAt: ctx.clock.now() } });
      return { declined: true };
    }),

  feedback: customerProcedure
    .input(ZChatFeedbackInput)
    .output(z.object({ messageId: z.string(), rating: z.enum(["up", "down"]) }))
    .mutation(async ({ ctx, input }) => {
      const message = await ctx.prisma.message.findFirst({
        where: { id: input.messageId, sessionId: ctx.session.id, role: "assistant" },
      });
      if (!message) throw new TRPCError({ code: "NOT_FOUND", message: "No such bot reply in this conversation" });
      await ctx.prisma.$transaction(async (tx) => {
        await tx.message.update({ where: { id: message.id }, data: { feedback: input.rating } });
        await enqueueWebhookEvent(
          tx,
          ctx.jobs,
          "feedback.created",
          { conversationId: ctx.session.id, messageId: message.id, rating: input.rating },
          ctx.clock.now(),
        );
      });
      return { messageId: message.id, rating: input.rating };
    }),

  /** The widget showed the customer the conversation up to this message: staff replies up to it are not followed up by email. */
  seen: customerProcedure
    .input(ZChatSeenInput)
    .output(z.object({ ok: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const message = await ctx.prisma.message.findFirst({
        where: { id: input.messageId, sessionId: ctx.session.id },
        select: { seq: true },
      });
      if (!message) throw new TRPCError({ code: "NOT_FOUND", message: "No such message in this conversation" });
      await markCustomerSeen(ctx.prisma, ctx.session.id, message.seq);
      return { ok: true };
    }),

  /** "Continue the conversation" from a follow-up email: a fresh session token for that conversation. */
  reopen: publicProcedure
    .meta({ limits: ["chatStartPerIp"] })
    .input(ZChatReopenInput)
    .output(ZChatReopenOutput)
    .mutation(async ({ ctx, input }) => {
      const reopened = await reopenConversation(ctx.prisma, input.reopenToken, ctx.clock.now());
      if (!reopened)
        throw new TRPCError({
          code: "NOT_FOUND",
          message: "This link has expired. Start a new chat, or use the link in a newer email.",
        });
      return reopened;
    }),

  /** Whether to ask "How did we do?": the conversation's latest ticket is resolved and not yet rated. */
  ratingDue: customerProcedure
    .input(ZChatHistoryInput)
    .output(ZChatRatingDueOutput)
    .query(async ({ ctx }) => {
      const ticket = await latestTicket(ctx.prisma, ctx.session.id);
      return ticket && ticket.status === "resolved" && ticket.rating === null
        ? { ticketId: ticket.id, reference: ticketReference(ticket.number) }
        : null;
    }),

  /** The customer's rating of a resolved hand-off (once per ticket). */
  rate: customerProcedure
    .input(ZChatRateInput)
    .output(z.object({ ticketId: z.string().uuid(), score: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const ticket = await latestTicket(ctx.prisma, ctx.session.id);
      if (!ticket || ticket.status !== "resolved")
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: "There is no finished conversation with our team to rate yet.",
        });
      const { count } = await ctx.prisma.ticket.updateMany({
        where: { id: ticket.id, rating: null },
        data: { rating: input.score, ratingComment: input.comment || null, ratedAt: ctx.clock.now() },
      });
      if (count === 0)
        throw new TRPCError({ code: "CONFLICT", message: "You already rated this conversation. Thank you!" });
      return { ticketId: ticket.id, score: input.score };
    }),
} satisfies TRPCRouterRecord;

function latestTicket(prisma: Context["prisma"], sessionId: string) {
  return prisma.ticket.findFirst({ where: { sessionId }, orderBy: { createdAt: "desc" } });
}
