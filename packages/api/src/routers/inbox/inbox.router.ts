// The staff inbox: conversations waiting for a human, the whole thread, live replies, hand back to
// the bot, resolve. The rules live in domain/inbox; changes reach the customer's widget through
// the live stream.
import type { TRPCRouterRecord } from "@trpc/server";
import {
  ZAgentReplyInput,
  ZConversationId,
  ZConversationNote,
  ZConversationNoteInput,
  ZInboxAssignInput,
  ZInboxAssignOutput,
  ZInboxConversation,
  ZInboxHandBackOutput,
  ZInboxItem,
  ZInboxListInput,
  ZInboxMarkReadOutput,
  ZInboxResolveOutput,
  ZInboxTakeOutput,
  ZLiveMessage,
  ZPresenceInput,
  ZSignalOutput,
  type InboxView,
} from "@support/schemas";
import { z } from "zod";
import {
  addConversationNote,
  assignConversation,
  getConversation,
  handBackConversation,
  markConversationRead,
  replyAsStaff,
  resolveConversation,
  takeConversation,
} from "../../domain/inbox/conversation.ts";
import { listInbox } from "../../domain/inbox/list.ts";
import { staffProcedure } from "../../trpc.ts";

export const inboxRouter = {
  list: staffProcedure
    .meta({ readsCustomerData: true })
    .input(ZInboxListInput)
    .output(z.array(ZInboxItem))
    .query(({ ctx, input }) => {
      const view: InboxView = input.view ?? (input.status === "handoff" || !input.status ? "waiting" : input.status);
      return listInbox(ctx.prisma, ctx.staff.id, view, input.search);
    }),

  /** The whole conversation (not only the ticket's snapshot) with its latest ticket. */
  get: staffProcedure
    .meta({ readsCustomerData: true })
    .input(ZConversationId)
    .output(ZInboxConversation)
    .query(({ ctx, input }) => getConversation(ctx.prisma, input.conversationId)),

  /**
   * An agent's reply, shown in the customer's widget at once. The first reply of a hand-off is that
   * person joining (the customer stops "waiting"); replying to a bot conversation takes it over.
   */
  reply: staffProcedure
    .input(ZAgentReplyInput)
    .output(ZLiveMessage)
    .mutation(({ ctx, input }) => replyAsStaff(ctx, ctx.staff, input)),

  /** An internal note for colleagues, shown in the thread in the console only. */
  addNote: staffProcedure
    .input(ZConversationNoteInput)
    .output(ZConversationNote)
    .mutation(({ ctx, input }) => addConversationNote(ctx.prisma, ctx.staff, input)),

  /**
   * A member of staff takes a waiting conversation before writing, or takes over one the bot is
   * handling. A conversation a colleague already took is refused (CONFLICT) and names them.
   */
  take: staffProcedure
    .input(ZConversationId)
    .output(ZInboxTakeOutput)
    .mutation(({ ctx, input }) => takeConversation(ctx, ctx.staff, input.conversationId)),

  /**
   * Gives the conversation (and its open ticket) to a member of staff, or to nobody. Only the owner
   * changes: the customer sees someone join when that person takes it or replies.
   */
  assign: staffProcedure
    .input(ZInboxAssignInput)
    .output(ZInboxAssignOutput)
    .mutation(({ ctx, input }) => assignConversation(ctx.prisma, input.conversationId, input.assigneeId)),

  /**
   * "<name> is viewing": sent when a conversation opens, repeated while it stays open (colleagues
   * drop it when the repeats stop), and "left" when it closes. Nothing is stored.
   */
  presence: staffProcedure
    .meta({ limits: ["staffPerIp", "staffTypingPerUser"], notAudited: true })
    .input(ZPresenceInput)
    .output(ZSignalOutput)
    .mutation(async ({ ctx, input }) => {
      if (!ctx.events) return { ok: false };
      await ctx.events.publish({
        t: "presence",
        s: input.conversationId,
        by: ctx.staff.id,
        name: ctx.staff.name,
        state: input.state,
      });
      return { ok: true };
    }),

  typing: staffProcedure
    .meta({ limits: ["staffPerIp", "staffTypingPerUser"], notAudited: true })
    .input(ZConversationId)
    .output(ZSignalOutput)
    .mutation(async ({ ctx, input }) => {
      if (!ctx.events) return { ok: false };
      await ctx.events.publish({
        t: "typing",
        s: input.conversationId,
        who: "agent",
        name: ctx.staff.name,
        by: ctx.staff.id,
      });
      return { ok: true };
    }),

  markRead: staffProcedure
    .input(ZConversationId)
    .output(ZInboxMarkReadOutput)
    .mutation(async ({ ctx, input }) => {
      await markConversationRead(ctx.prisma, input.conversationId);
      return { ok: true };
    }),

  /** The bot answers again; the customer sees a note in the thread. */
  handBack: staffProcedure
    .input(ZConversationId)
    .output(ZInboxHandBackOutput)
    .mutation(async ({ ctx, input }) => {
      await handBackConversation(ctx, ctx.staff, input.conversationId);
      return { status: "bot" as const };
    }),

  /** Ends the hand-off and resolves the conversation's open tickets. */
  resolve: staffProcedure
    .input(ZConversationId)
    .output(ZInboxResolveOutput)
    .mutation(async ({ ctx, input }) => {
      await resolveConversation(ctx, ctx.staff, input.conversationId);
      return { status: "closed" as const };
    }),
} satisfies TRPCRouterRecord;
