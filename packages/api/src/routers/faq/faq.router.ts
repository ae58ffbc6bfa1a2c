// FAQ management for staff and scripts: a searchable, sortable table; create, edit, deactivate and
// restore (kept, not deleted), delete; categories; CSV/JSON import with a dry run, and export.
// Every write of a question or answer stores the FAQ's prompt token count too (prompt-tokens.ts).
import type { TRPCRouterRecord } from "@trpc/server";
import type { Prisma, Faq as FaqRow } from "@support/db";
import {
  ZFaq,
  ZFaqAddPhrasingInput,
  ZFaqCreateInput,
  ZFaqExportInput,
  ZFaqExportOutput,
  ZFaqIdInput,
  ZFaqImportInput,
  ZFaqImportReport,
  ZFaqListInput,
  ZFaqListOutput,
  ZFaqSetActiveInput,
  ZFaqUpdateInput,
  type Faq,
} from "@support/schemas";
import { z } from "zod";
import { literalContains } from "../../lib/like.ts";
import { staffOrApiProcedure } from "../../trpc.ts";
import { toCsv } from "./csv.ts";
import { addFaqPhrasing, assertQuestionFree, createFaq, embedChangedFaqs, findFaqOrThrow } from "./faq.service.ts";
import { importFaqs } from "./import.ts";
import { countFaqPromptTokens } from "./prompt-tokens.ts";

const faqRead = staffOrApiProcedure("faq:read");
const faqWrite = staffOrApiProcedure("faq:write");

function toFaq(f: FaqRow): Faq {
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

export const faqRouter = {
  list: faqRead
    .input(ZFaqListInput)
    .output(ZFaqListOutput)
    .query(async ({ ctx, input }) => {
      const base: Prisma.FaqWhereInput = {
        ...(input.search && {
          OR: [
            { question: { contains: literalContains(input.search), mode: "insensitive" } },
            { answer: { contains: literalContains(input.search), mode: "insensitive" } },
          ],
        }),
        ...(input.category && { category: input.category }),
      };
      const where: Prisma.FaqWhereInput =
        input.status === "all" ? base : { ...base, isActive: input.status === "active" };
      const [items, total, active, inactive] = await Promise.all([
        ctx.prisma.faq.findMany({
          where,
          orderBy: [{ [input.sortBy]: input.sortDir }, { id: "asc" }],
          skip: (input.page - 1) * input.pageSize,
          take: input.pageSize,
        }),
        ctx.prisma.faq.count({ where }),
        ctx.prisma.faq.count({ where: { ...base, isActive: true } }),
        ctx.prisma.faq.count({ where: { ...base, isActive: false } }),
      ]);
      return {
        items: items.map(toFaq),
        total,
        page: input.page,
        pageSize: input.pageSize,
        counts: { all: active + inactive, active, inactive },
      };
    }),

  get: faqRead
    .input(ZFaqIdInput)
    .output(ZFaq)
    .query(async ({ ctx, input }) => toFaq(await findFaqOrThrow(ctx.prisma, input.id))),

  categories: faqRead
    .output(z.array(z.object({ category: z.string(), count: z.number().int() })))
    .query(async ({ ctx }) => {
      const groups = await ctx.prisma.faq.groupBy({
        by: ["category"],
        _count: { _all: true },
        orderBy: { category: "asc" },
      });
      return groups.map((g) => ({ category: g.category, count: g._count._all }));
    }),

  create: faqWrite
    .input(ZFaqCreateInput)
    .output(ZFaq)
    .mutation(async ({ ctx, input }) => {
      const faq = await createFaq(ctx, input);
      ctx.log.info({ faqId: faq.id, actor: ctx.actor }, "faq created");
      embedChangedFaqs(ctx);
      return toFaq(faq);
    }),

  update: faqWrite
    .input(ZFaqUpdateInput)
    .output(ZFaq)
    .mutation(async ({ ctx, input }) => {
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
      embedChangedFaqs(ctx);
      return toFaq(faq);
    }),

  /**
   * Adds one way customers ask this FAQ ("also asked as"), e.g. a customer message the bot missed,
   * in one click. Ranking uses it from the next turn on; the prompt entry (and its token count) is
   * unchanged. Adding a phrasing the FAQ already has (ignoring case and spacing) changes nothing.
   */
  addPhrasing: faqWrite
    .input(ZFaqAddPhrasingInput)
    .output(ZFaq)
    .mutation(async ({ ctx, input }) => {
      const faq = await addFaqPhrasing(ctx.prisma, input);
      ctx.log.info({ faqId: input.faqId, actor: ctx.actor }, "faq phrasing added");
      embedChangedFaqs(ctx);
      return toFaq(faq);
    }),

  /** Deactivate (the bot stops using it, it stays in the list) or restore. */
  setActive: faqWrite
    .input(ZFaqSetActiveInput)
    .output(ZFaq)
    .mutation(async ({ ctx, input }) => {
      await findFaqOrThrow(ctx.prisma, input.id);
      return toFaq(await ctx.prisma.faq.update({ where: { id: input.id }, data: { isActive: input.isActive } }));
    }),

  delete: faqWrite
    .input(ZFaqIdInput)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await findFaqOrThrow(ctx.prisma, input.id);
      await ctx.prisma.faq.delete({ where: { id: input.id } });
      ctx.log.info({ faqId: input.id, actor: ctx.actor }, "faq deleted");
      return { id: input.id, deleted: true as const };
    }),

  /** `dryRun: true` reports what would change and writes nothing. */
  import: faqWrite
    .input(ZFaqImportInput)
    .output(ZFaqImportReport)
    .mutation(async ({ ctx, input }) => {
      const report = await importFaqs(ctx.prisma, input, ctx.tokens);
      if (!input.dryRun) {
        ctx.log.info(
          { actor: ctx.actor, added: report.added, updated: report.updated, invalid: report.invalid.length },
          "faqs imported",
        );
        embedChangedFaqs(ctx);
      }
      return report;
    }),

  export: faqRead
    .input(ZFaqExportInput)
    .output(ZFaqExportOutput)
    .query(async ({ ctx, input }) => {
      const faqs = await ctx.prisma.faq.findMany({
        orderBy: [{ category: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      });
      const date = ctx.clock.now().toISOString().slice(0, 10);
      if (input.format === "json") {
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
        ...faqs.map((f) => [
          f.question,
          f.answer,
          f.category,
          f.isActive ? "yes" : "no",
          f.alternatePhrasings.join("\n"),
        ]),
      ]);
      return { filename: `faqs-${date}.csv`, mimeType: "text/csv", content, count: faqs.length };
    }),
} satisfies TRPCRouterRecord;
