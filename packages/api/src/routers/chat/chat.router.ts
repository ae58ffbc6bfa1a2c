// Customer chat: start a conversation, send a message (the reply streams back), restore the
// thread after a reload, rate a reply. No login: the session token is the only key. The rules live
// in domain/turn (a turn) and domain/conversation (the rest).
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import {
  ZChatDeclineHandoffInput,
  ZChatDeclineHandoffOutput,
  ZChatFeedbackInput,
  ZChatFeedbackOutput,
  ZChatHistoryInput,
  ZChatHistoryOutput,
  ZChatRateInput,
  ZChatRateOutput,
  ZChatRatingDueOutput,
  ZChatReopenInput,
  ZChatReopenOutput,
  ZChatSeenInput,
  ZChatSeenOutput,
  ZChatSendEvent,
  ZChatSendInput,
  ZChatStartInput,
  ZChatStartOutput,
} from "@support/schemas";
import {
  conversationHistory,
  declineHandoff,
  messageSeq,
  rateHandoff,
  rateReply,
  ratingDue,
  startConversation,
} from "../../domain/conversation/customer-chat.ts";
import { markCustomerSeen, reopenConversation } from "../../domain/follow-up/follow-up.ts";
import { customerTurnEvents } from "../../domain/turn/turn.ts";
import { zStream } from "../../lib/stream-output.ts";
import { customerProcedure, publicProcedure } from "../../trpc.ts";

export const chatRouter = {
  start: publicProcedure
    .meta({ limits: ["chatStartPerIp"] })
    .input(ZChatStartInput)
    .output(ZChatStartOutput)
    .mutation(({ ctx, input }) =>
      startConversation(ctx.prisma, {
        origin: input?.origin ?? ctx.req.origin,
        userAgent: ctx.req.userAgent,
        pageUrl: input?.pageUrl,
        timeZone: input?.timeZone,
        browserId: input?.browserId,
      }),
    ),

  /** Streams `accepted`, `delta`s, then `done` with the stored reply (or `handoff` when people have it), then maybe an `offer` of a person. */
  send: customerProcedure
    .meta({ limits: ["chatSendPerIp", "chatSendPerConversation"] })
    .input(ZChatSendInput)
    .output(zStream(ZChatSendEvent))
    .mutation(({ ctx, input, signal }) => customerTurnEvents(ctx, ctx.session, input, signal)),

  history: customerProcedure
    .input(ZChatHistoryInput)
    .output(ZChatHistoryOutput)
    .query(({ ctx }) => conversationHistory(ctx.prisma, ctx.session.id)),

  /** "No thanks" to the offer of a person: the bot goes on, and doesn't offer again after every miss. */
  declineHandoff: customerProcedure
    .input(ZChatDeclineHandoffInput)
    .output(ZChatDeclineHandoffOutput)
    .mutation(async ({ ctx }) => {
      await declineHandoff(ctx.prisma, ctx.session.id, ctx.clock.now());
      return { declined: true };
    }),

  feedback: customerProcedure
    .input(ZChatFeedbackInput)
    .output(ZChatFeedbackOutput)
    .mutation(({ ctx, input }) => rateReply(ctx, ctx.session.id, input.messageId, input.rating)),

  /** The widget showed the customer the conversation up to this message: staff replies up to it are not followed up by email. */
  seen: customerProcedure
    .input(ZChatSeenInput)
    .output(ZChatSeenOutput)
    .mutation(async ({ ctx, input }) => {
      const seq = await messageSeq(ctx.prisma, ctx.session.id, input.messageId);
      await markCustomerSeen(ctx.prisma, ctx.session.id, seq);
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
    .query(({ ctx }) => ratingDue(ctx.prisma, ctx.session.id)),

  /** The customer's rating of a resolved hand-off (once per ticket). */
  rate: customerProcedure
    .input(ZChatRateInput)
    .output(ZChatRateOutput)
    .mutation(({ ctx, input }) => rateHandoff(ctx.prisma, ctx.session.id, input, ctx.clock.now())),
} satisfies TRPCRouterRecord;
