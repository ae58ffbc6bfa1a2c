// Maps stored messages to what live streams carry, resolving cited FAQ ids to their questions.
import type { Message, PrismaClient } from "@support/db";
import type { LiveMessage } from "@support/schemas";

/** Resolves the FAQ ids cited by a set of messages to `{faqId, question}`, dropping deleted FAQs. */
export async function loadSourceQuestions(prisma: PrismaClient, messages: ReadonlyArray<Pick<Message, "sources">>) {
  const ids = [...new Set(messages.flatMap((m) => m.sources))];
  const faqs = ids.length
    ? await prisma.faq.findMany({ where: { id: { in: ids } }, select: { id: true, question: true } })
    : [];
  const questions = new Map(faqs.map((f) => [f.id, f.question]));
  return (sources: string[]) =>
    sources.filter((id) => questions.has(id)).map((id) => ({ faqId: id, question: questions.get(id)! }));
}

export function answerMode(mode: Message["mode"]): "llm" | "faq-only" | null {
  return mode === null ? null : mode === "faq_only" ? "faq-only" : "llm";
}

export async function toLiveMessages(prisma: PrismaClient, messages: Message[]): Promise<LiveMessage[]> {
  const sourcesOf = await loadSourceQuestions(prisma, messages);
  return messages.map((m) => ({
    id: m.id,
    seq: m.seq.toString(),
    role: m.role,
    content: m.content,
    createdAt: m.createdAt.toISOString(),
    clientMessageId: m.clientMessageId,
    authorName: m.authorName,
    sources: sourcesOf(m.sources),
    mode: answerMode(m.mode),
  }));
}

/** Messages after a cursor, oldest first; bounded so a long-disconnected client can't ask for everything. */
export async function messagesAfter(
  prisma: PrismaClient,
  where: { sessionId?: string },
  afterSeq: bigint,
  limit = 500,
) {
  return prisma.message.findMany({ where: { ...where, seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: limit });
}
