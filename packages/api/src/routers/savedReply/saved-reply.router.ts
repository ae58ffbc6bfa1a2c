// Saved replies: a shared set of answers staff insert with "/" in the Inbox composer. Every member
// of staff reads them; only admins add, change or delete them.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { Prisma, type SavedReply } from "@support/db";
import { ZSavedReply, ZSavedReplyId, ZSavedReplyInput, ZSavedReplyUpdateInput } from "@support/schemas";
import { z } from "zod";
import { adminProcedure, staffProcedure } from "../../trpc.ts";

function toSavedReply(r: SavedReply) {
  return {
    id: r.id,
    shortcut: r.shortcut,
    title: r.title,
    body: r.body,
    updatedByName: r.updatedByName,
    updatedAt: r.updatedAt,
  };
}

/** A shortcut is how agents find a reply: two replies may not share one. */
function shortcutTaken(err: unknown, shortcut: string): never {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
    throw new TRPCError({
      code: "CONFLICT",
      message: `Another saved reply already uses /${shortcut}. Choose a different shortcut.`,
    });
  }
  throw err;
}

export const savedReplyRouter = {
  /** All saved replies, by shortcut. */
  list: staffProcedure.output(z.array(ZSavedReply)).query(async ({ ctx }) => {
    const rows = await ctx.prisma.savedReply.findMany({ orderBy: { shortcut: "asc" }, take: 1000 });
    return rows.map(toSavedReply);
  }),

  create: adminProcedure
    .input(ZSavedReplyInput)
    .output(ZSavedReply)
    .mutation(async ({ ctx, input }) => {
      const created = await ctx.prisma.savedReply
        .create({ data: { ...input, updatedByName: ctx.staff.name } })
        .catch((err: unknown) => shortcutTaken(err, input.shortcut));
      return toSavedReply(created);
    }),

  update: adminProcedure
    .input(ZSavedReplyUpdateInput)
    .output(ZSavedReply)
    .mutation(async ({ ctx, input }) => {
      const { id, ...data } = input;
      const updated = await ctx.prisma.savedReply
        .updateManyAndReturn({ where: { id }, data: { ...data, updatedByName: ctx.staff.name } })
        .catch((err: unknown) => shortcutTaken(err, input.shortcut));
      if (!updated[0]) throw new TRPCError({ code: "NOT_FOUND", message: "This saved reply no longer exists" });
      return toSavedReply(updated[0]);
    }),

  remove: adminProcedure
    .input(ZSavedReplyId)
    .output(z.object({ removed: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const { count } = await ctx.prisma.savedReply.deleteMany({ where: { id: input.id } });
      return { removed: count > 0 };
    }),
} satisfies TRPCRouterRecord;
