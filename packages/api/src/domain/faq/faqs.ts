// FAQs: the searchable list, writes and export. The writes are shared by the FAQ procedures and
// Insights ("Create FAQ" / "add as phrasing" from a group of unanswered questions), so both follow
// the same rules: unique questions, a stored prompt token count, phrasings appended without losing
// a concurrent one.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { Prisma, type Faq as FaqRow, type PrismaClient } from "@support/db";
import {
  FAQ_PHRASINGS_MAX,
  type Faq,
  type ZFaqCreateInput,
  type ZFaqExportInput,
  type ZFaqExportOutput,
  type ZFaqListInput,
  type ZFaqListOutput,
  type ZFaqUpdateInput,
} from "@support/schemas";
import type { z } from "zod";
import type { EmbeddingsProvider } from "@support/assistant";
import type { Context } from "../../context.ts";
import { toCsv } from "../../lib/csv.ts";
import { literalContains } from "../../lib/like.ts";
import type { Logger } from "../../lib/logger.ts";
import { syncFaqEmbeddings } from "./faq-embeddings.ts";
import { questionKey } from "./import.ts";
import { countFaqPromptTokens } from "./prompt-tokens.ts";

/** The only shape an FAQ leaves the server in. */
export function toFaq(f: FaqRow): Faq {
  return {
    id: f.id,
    question: f.question,
    answer: f.answer,
    category: f.category,
    alternatePhrasings: f.alternatePhrasings,
    isActive: f.isActive,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
  };
}

/** One page of the FAQ table, with the counts of active and inactive FAQs matching the search. */
export async function listFaqs(
  prisma: PrismaClient,
  input: z.output<typeof ZFaqListInput>,
): Promise<z.output<typeof ZFaqListOutput>> {
  const base: Prisma.FaqWhereInput = {
    ...(input.search && {
      OR: [
        { question: { contains: literalContains(input.search), mode: "insensitive" } },
        { answer: { contains: literalContains(input.search), mode: "insensitive" } },
      ],
    }),
    ...(input.category && { category: input.category }),
  };
  const where: Prisma.FaqWhereInput = input.status === "all" ? base : { ...base, isActive: input.status === "active" };
  const [items, total, active, inactive] = await Promise.all([
    prisma.faq.findMany({
      where,
      orderBy: [{ [input.sortBy]: input.sortDir }, { id: "asc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
    prisma.faq.count({ where }),
    prisma.faq.count({ where: { ...base, isActive: true } }),
    prisma.faq.count({ where: { ...base, isActive: false } }),
  ]);
  return {
    items: items.map(toFaq),
    total,
    page: input.page,
    pageSize: input.pageSize,
    counts: { all: active + inactive, active, inactive },
  };
}

export async function faqCategories(prisma: PrismaClient): Promise<Array<{ category: string; count: number }>> {
  const groups = await prisma.faq.groupBy({
    by: ["category"],
    _count: { _all: true },
    orderBy: { category: "asc" },
  });
  return groups.map((g) => ({ category: g.category, count: g._count._all }));
}

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

export async function updateFaq(
  ctx: Pick<Context, "prisma" | "tokens">,
  input: z.output<typeof ZFaqUpdateInput>,
): Promise<FaqRow> {
  const { id, ...data } = input;
  const existing = await findFaqOrThrow(ctx.prisma, id);
  if (data.question !== undefined) await assertQuestionFree(ctx.prisma, data.question, id);
  const text = { id, question: data.question ?? existing.question, answer: data.answer ?? existing.answer };
  const recount =
    text.question !== existing.question || text.answer !== existing.answer || existing.promptTokens === null;
  const [promptTokens] = recount ? await countFaqPromptTokens(ctx.tokens, [text]) : [];
  const faq = await ctx.prisma.faq.update({
    where: { id },
    data: { ...data, ...(promptTokens !== undefined && { promptTokens }) },
  });
  if (promptTokens !== undefined && (faq.question !== text.question || faq.answer !== text.answer)) {
    // Another edit landed between the read above and this write and changed the field this one
    // left alone: the count is for text that was never stored. Clear it, so it is counted again.
    await ctx.prisma.faq.updateMany({ where: { id, promptTokens }, data: { promptTokens: null } });
  }
  return faq;
}

/** Deactivate (the bot stops using it, it stays in the list) or restore. */
export async function setFaqActive(prisma: PrismaClient, id: string, isActive: boolean): Promise<FaqRow> {
  await findFaqOrThrow(prisma, id);
  return prisma.faq.update({ where: { id }, data: { isActive } });
}

export async function deleteFaq(prisma: PrismaClient, id: string): Promise<void> {
  await findFaqOrThrow(prisma, id);
  await prisma.faq.delete({ where: { id } });
}

/** Every FAQ as a file to download (JSON, or CSV a spreadsheet opens), named with today's date. */
export async function exportFaqs(
  prisma: PrismaClient,
  format: z.output<typeof ZFaqExportInput>["format"],
  now: Date,
): Promise<z.output<typeof ZFaqExportOutput>> {
  const faqs = await prisma.faq.findMany({ orderBy: [{ category: "asc" }, { createdAt: "asc" }, { id: "asc" }] });
  const date = now.toISOString().slice(0, 10);
  if (format === "json") {
    const content = JSON.stringify(
      faqs.map((f) => ({
        question: f.question,
        answer: f.answer,
        category: f.category,
        alternatePhrasings: f.alternatePhrasings,
        isActive: f.isActive,
      })),
      null,
      2,
    );
    return { filename: `faqs-${date}.json`, mimeType: "application/json", content, count: faqs.length };
  }
  const content = toCsv([
    ["question", "answer", "category", "active", "also asked as"],
    ...faqs.map((f) => [f.question, f.answer, f.category, f.isActive ? "yes" : "no", f.alternatePhrasings.join("\n")]),
  ]);
  return { filename: `faqs-${date}.csv`, mimeType: "text/csv", content, count: faqs.length };
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
