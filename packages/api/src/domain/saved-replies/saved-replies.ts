// Saved replies: a shared set of answers staff insert with "/" in the Inbox composer. A shortcut
// is how agents find a reply, so two replies may not share one.
import { TRPCError } from "@trpc/server";
import { Prisma, type PrismaClient, type SavedReply } from "@support/db";

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

function shortcutTaken(err: unknown, shortcut: string): never {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
    throw new TRPCError({
      code: "CONFLICT",
      message: `Another saved reply already uses /${shortcut}. Choose a different shortcut.`,
    });
  }
  throw err;
}

/** All saved replies, by shortcut. */
export async function listSavedReplies(prisma: PrismaClient) {
  const rows = await prisma.savedReply.findMany({ orderBy: { shortcut: "asc" }, take: 1000 });
  return rows.map(toSavedReply);
}

type ReplyText = { shortcut: string; title: string; body: string };

export async function createSavedReply(prisma: PrismaClient, input: ReplyText, by: { name: string }) {
  const created = await prisma.savedReply
    .create({ data: { ...input, updatedByName: by.name } })
    .catch((err: unknown) => shortcutTaken(err, input.shortcut));
  return toSavedReply(created);
}

export async function updateSavedReply(prisma: PrismaClient, input: ReplyText & { id: string }, by: { name: string }) {
  const { id, ...data } = input;
  const updated = await prisma.savedReply
    .updateManyAndReturn({ where: { id }, data: { ...data, updatedByName: by.name } })
    .catch((err: unknown) => shortcutTaken(err, input.shortcut));
  if (!updated[0]) throw new TRPCError({ code: "NOT_FOUND", message: "This saved reply no longer exists" });
  return toSavedReply(updated[0]);
}

/** False when it was already gone. */
export async function removeSavedReply(prisma: PrismaClient, id: string): Promise<boolean> {
  const { count } = await prisma.savedReply.deleteMany({ where: { id } });
  return count > 0;
}
