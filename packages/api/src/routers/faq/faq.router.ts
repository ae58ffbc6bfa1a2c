// FAQ management for staff and scripts: a searchable, sortable table; create, edit, deactivate and
// restore (kept, not deleted), delete; categories; CSV/JSON import with a dry run, and export.
// The rules live in domain/faq; this file checks input and permission and calls them.
import type { TRPCRouterRecord } from "@trpc/server";
import {
  ZFaq,
  ZFaqAddPhrasingInput,
  ZFaqCategories,
  ZFaqCreateInput,
  ZFaqDeleted,
  ZFaqExportInput,
  ZFaqExportOutput,
  ZFaqIdInput,
  ZFaqImportInput,
  ZFaqImportReport,
  ZFaqListInput,
  ZFaqListOutput,
  ZFaqSetActiveInput,
  ZFaqUpdateInput,
} from "@support/schemas";
import {
  addFaqPhrasing,
  createFaq,
  deleteFaq,
  embedChangedFaqs,
  exportFaqs,
  faqCategories,
  findFaqOrThrow,
  listFaqs,
  setFaqActive,
  toFaq,
  updateFaq,
} from "../../domain/faq/faqs.ts";
import { importFaqs } from "../../domain/faq/import.ts";
import { staffOrApiProcedure } from "../../trpc.ts";

const faqRead = staffOrApiProcedure("faq:read");
const faqWrite = staffOrApiProcedure("faq:write");

export const faqRouter = {
  list: faqRead
    .input(ZFaqListInput)
    .output(ZFaqListOutput)
    .query(({ ctx, input }) => listFaqs(ctx.prisma, input)),

  get: faqRead
    .input(ZFaqIdInput)
    .output(ZFaq)
    .query(async ({ ctx, input }) => toFaq(await findFaqOrThrow(ctx.prisma, input.id))),

  categories: faqRead.output(ZFaqCategories).query(({ ctx }) => faqCategories(ctx.prisma)),

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
      const faq = await updateFaq(ctx, input);
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
    .mutation(async ({ ctx, input }) => toFaq(await setFaqActive(ctx.prisma, input.id, input.isActive))),

  delete: faqWrite
    .input(ZFaqIdInput)
    .output(ZFaqDeleted)
    .mutation(async ({ ctx, input }) => {
      await deleteFaq(ctx.prisma, input.id);
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
    .query(({ ctx, input }) => exportFaqs(ctx.prisma, input.format, ctx.clock.now())),
} satisfies TRPCRouterRecord;
