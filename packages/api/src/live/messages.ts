// Maps stored messages to what live streams carry, resolving cited FAQ ids to their questions.
import type { Message, PrismaClient } from "@support/db";
import type { LiveMessage } from "@support/schemas";

export async function toLiveMessages(prisma: PrismaClient, messages: Message[]): Promise<LiveMessage[]> {
  const ids = [...new Set(messages.flatMap((m) => m.sources))];
  const faqs = ids.length ? await prisma.faq.findMany({ where: { id: { in: ids } }, select: { id: true, question: true } }) : [];
  const questions = new Map(faqs.map((f) => [f.id, f.question]));
  return messages.map((m) => ({
    id: m.id,
    seq: m.seq.toString(),
    role: m.role,
    content: m.content,
    createdAt: m.createdAt.toISOString(),
    clientMessageId: m.clientMessageId,
    authorName: m.authorName,
    sources: m.sources.filter((id) => questions.has(id)).map((id) => ({ faqId: id, question: questions.get(id)! })),
    mode: m.mode === null ? null : m.mode === "faq_only" ? "faq-only" : "llm",
  }));
}

/** Messages after a cursor, oldest first; bounded so a long-disconnected client can't ask for everything. */
export async function messagesAfter(prisma: PrismaClient, where: { sessionId?: string }, afterSeq: bigint, limit = 500) {
  return prisma.message.findMany({ where: { ...where, seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: limit });
}
