// Saved replies: a shared set of answers staff insert with "/" in the Inbox composer. Every member
// of staff reads them; only admins add, change or delete them.
import type { TRPCRouterRecord } from "@trpc/server";
import {
  ZRemoved,
  ZSavedReply,
  ZSavedReplyId,
  ZSavedReplyInput,
  ZSavedReplyList,
  ZSavedReplyUpdateInput,
} from "@support/schemas";
import {
  createSavedReply,
  listSavedReplies,
  removeSavedReply,
  updateSavedReply,
} from "../../domain/saved-replies/saved-replies.ts";
import { adminProcedure, staffProcedure } from "../../trpc.ts";

export const savedReplyRouter = {
  /** All saved replies, by shortcut. */
  list: staffProcedure.output(ZSavedReplyList).query(({ ctx }) => listSavedReplies(ctx.prisma)),

  create: adminProcedure
    .input(ZSavedReplyInput)
    .output(ZSavedReply)
    .mutation(({ ctx, input }) => createSavedReply(ctx.prisma, input, ctx.staff)),

  update: adminProcedure
    .input(ZSavedReplyUpdateInput)
    .output(ZSavedReply)
    .mutation(({ ctx, input }) => updateSavedReply(ctx.prisma, input, ctx.staff)),

  remove: adminProcedure
    .input(ZSavedReplyId)
    .output(ZRemoved)
    .mutation(async ({ ctx, input }) => ({ removed: await removeSavedReply(ctx.prisma, input.id) })),
} satisfies TRPCRouterRecord;
