// Faq.promptTokens: each FAQ's token count as an entry of the system prompt, written with the FAQ so
// a customer turn budgets its FAQs by adding stored numbers (see @support/assistant faq-block.ts).
// Every write of an FAQ's question or answer sets it; rows without one (written before the column
// existed, or by hand) are counted and stored by backfillFaqPromptTokens.
import { faqEntryTokenText, type TokenCounter } from "@support/assistant";
import type { PrismaClient } from "@support/db";

type FaqText = { id: string; question: string; answer: string };

/** The stored count for each FAQ as it will be written (its id, question and answer make the entry). */
export function countFaqPromptTokens(tokens: TokenCounter, faqs: readonly FaqText[]): Promise<number[]> {
  return tokens.count(faqs.map(faqEntryTokenText));
}

const BACKFILL_BATCH = 500;
const backfills = new WeakMap<PrismaClient, Promise<number>>();

/**
 * Counts and stores the prompt tokens of every FAQ that has none yet; resolves to how many were
 * stored. One run at a time per database client (callers arriving meanwhile share it). A row whose
 * text changed while it was being counted is left NULL for the write that changed it.
 */
export function backfillFaqPromptTokens(prisma: PrismaClient, tokens: TokenCounter): Promise<number> {
  const running = backfills.get(prisma);
  if (running) return running;
  const run = backfill(prisma, tokens).finally(() => backfills.delete(prisma));
  backfills.set(prisma, run);
  return run;
}

async function backfill(prisma: PrismaClient, tokens: TokenCounter): Promise<number> {
  let stored = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await prisma.faq.findMany({
      where: { promptTokens: null, ...(after !== undefined && { id: { gt: after } }) },
      select: { id: true, question: true, answer: true },
      orderBy: { id: "asc" },
      take: BACKFILL_BATCH,
    });
    if (rows.length === 0) return stored;
    after = rows.at(-1)!.id;
    const counts = await countFaqPromptTokens(tokens, rows);
    const results = await prisma.$transaction(
      rows.map((row, i) =>
        prisma.faq.updateMany({
          where: { id: row.id, question: row.question, answer: row.answer, promptTokens: null },
          data: { promptTokens: counts[i]! },
        }),
      ),
    );
    stored += results.reduce((sum, r) => sum + r.count, 0);
  }
}
