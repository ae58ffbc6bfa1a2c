// FAQ writes shared by the FAQ procedures and Insights ("Create FAQ" / "add as phrasing" from a
// group of unanswered questions), so both follow the same rules: unique questions, a stored prompt
// token count, phrasings appended without losing a concurrent one.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { Prisma, type Faq as FaqRow, type PrismaClient } from "@support/db";
import { FAQ_PHRASINGS_MAX, type ZFaqCreateInput } from "@support/schemas";
import type { z } from "zod";
import type { EmbeddingsProvider } from "@support/assistant";
import type { Context } from "../../context.ts";
import type { Logger } from "../../lib/logger.ts";
import { syncFaqEmbeddings } from "../../domain/faq/faq-embeddings.ts";
import { questionKey } from "./import.ts";
import { countFaqPromptTokens } from "./prompt-tokens.ts";

/** With embeddings configured, a written FAQ gets its vectors in the background (not awaited by the write). */
export function embedChangedFaqs(ctx: {
  prisma: PrismaClient;
  faqEmbeddings: { provider: EmbeddingsProvider; log: Logger } | null;
}) {
  if (ctx.faqEmbeddings) void syncFaqEmbeddings(ctx.prisma, ctx.faqEmbeddings.provider, ctx.faqEmbeddings.log);
}

export async function findFaqOrThrow(prisma: PrismaClient, id: string) {
  const faq = await prisma.faq.findUnique({ where: { id } });
  if (!faq) throw new TRPCError({ code: "NOT_FOUND", message: "This FAQ no longer exists" });
  return faq;
}

/** Two FAQs with the same question would confuse both staff and the import's matching. */
export async function assertQuestionFree(prisma: PrismaClient, question: string, exceptId?: string) {
  const clash = await prisma.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "Faq"
    WHERE lower(regexp_replace(btrim(question), '\\s+', ' ', 'g')) = ${questionKey(question)}
      ${exceptId ? Prisma.sql`AND id <> ${exceptId}::uuid` : Prisma.empty}
    LIMIT 1`;
  if (clash.length)
    throw new TRPCError({ code: "CONFLICT", message: "question: An FAQ with this question already exists" });
}

export async function createFaq(
  ctx: Pick<Context, "prisma" | "tokens">,
  input: z.output<typeof ZFaqCreateInput>,
): Promise<FaqRow> {
  await assertQuestionFree(ctx.prisma, input.question);
  // The id is part of the FAQ's prompt entry, so it is chosen before counting.
  const id = randomUUID();
  const [promptTokens] = await countFaqPromptTokens(ctx.tokens, [
    { id, question: input.question, answer: input.answer },
  ]);
  return ctx.prisma.faq.create({ data: { ...input, id, promptTokens } });
}

/** Adding a phrasing the FAQ already has (ignoring case and spacing) changes nothing. */
export async function addFaqPhrasing(prisma: PrismaClient, input: { faqId: string; text: string }): Promise<FaqRow> {
  const text = input.text.replace(/\s+/g, " ");
  const key = questionKey(text);
  const existing = await findFaqOrThrow(prisma, input.faqId);
  if (questionKey(existing.question) === key || existing.alternatePhrasings.some((p) => questionKey(p) === key))
    return existing;
  if (existing.alternatePhrasings.length >= FAQ_PHRASINGS_MAX) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `text: This FAQ already has ${FAQ_PHRASINGS_MAX} phrasings; remove one in the editor first`,
    });
  }
  // Appended in one statement, guarded, so two staff adding phrasings at once both keep theirs.
  await prisma.$executeRaw`
    UPDATE "Faq" SET "alternatePhrasings" = array_append(coalesce("alternatePhrasings", '{}'), ${text}), "updatedAt" = now()
    WHERE id = ${input.faqId}::uuid
      AND coalesce(cardinality("alternatePhrasings"), 0) < ${FAQ_PHRASINGS_MAX}
      AND NOT EXISTS (SELECT 1 FROM unnest("alternatePhrasings") p WHERE lower(regexp_replace(btrim(p), '\\s+', ' ', 'g')) = ${key})`;
  return findFaqOrThrow(prisma, input.faqId);
}
