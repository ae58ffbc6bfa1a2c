// Insights for staff and scripts (scope insights:read): resolution over time, questions the bot
// could not answer (grouped), FAQ performance and model cost, each also as CSV; plus the actions
// that fix a group in one click (Create FAQ, add as phrasing, dismiss). The metrics themselves are
// defined in domain/insights; this file checks input and permission and calls them.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import {
  ZCostReport,
  ZFaq,
  ZFaqCreateInput,
  ZFaqDraft,
  ZFaqPerformanceReport,
  ZFaqPhrasing,
  ZInsightsConfig,
  ZInsightsConfigUpdate,
  ZInsightsExportInput,
  ZInsightsExportOutput,
  ZInsightsRange,
  ZResolutionReport,
  ZUnansweredGroupRef,
  ZUnansweredReport,
} from "@support/schemas";
import { z } from "zod";
import {
  businessTimeZone,
  closeGroup,
  costAndResolvedReport,
  draftFaqFromGroup,
  faqPerformance,
  inReportSnapshot,
  isValidTimeZone,
  listModelPrices,
  replaceModelPrices,
  RESOLUTION_DEFINITION,
  resolutionReport,
  unansweredGroups,
} from "../../domain/insights/index.ts";
import { adminProcedure, staffOrApiProcedure, staffProcedure } from "../../trpc.ts";
import { addFaqPhrasing, createFaq, embedChangedFaqs } from "../faq/faq.service.ts";
import { insightsCsv } from "./csv-export.ts";

const insightsRead = staffOrApiProcedure("insights:read");

export const insightsRouter = {
  /** Conversations per day or week: resolved by the bot (definition included), handed to a person, median time to the first staff reply, thumbs, and customers' 1-5 ratings after hand-offs (average and distribution). */
  resolution: insightsRead
    .input(ZInsightsRange)
    .output(ZResolutionReport)
    .query(async ({ ctx, input }) => {
      return inReportSnapshot(ctx.db, async (sql) => {
        const timeZone = await businessTimeZone(sql);
        return { timeZone, definition: RESOLUTION_DEFINITION, ...(await resolutionReport(sql, input, timeZone)) };
      });
    }),

  /** Customer questions the bot could not answer, grouped by wording (and by meaning when an embeddings model is configured), most asked first (groups staff closed are left out). */
  unanswered: insightsRead
    .input(ZInsightsRange.and(z.object({ limit: z.number().int().min(1).max(500).default(100) })))
    .output(ZUnansweredReport)
    .query(async ({ ctx, input }) => {
      return inReportSnapshot(ctx.db, async (sql) => {
        const timeZone = await businessTimeZone(sql);
        return {
          timeZone,
          ...(await unansweredGroups(sql, input, timeZone, { limit: input.limit, embeddings: ctx.faqEmbeddings })),
        };
      });
    }),

  /** Per FAQ: replies citing it or answering with it, thumbs on them, hand-offs after them; unused and deleted FAQs flagged. */
  faqPerformance: insightsRead
    .input(ZInsightsRange)
    .output(ZFaqPerformanceReport)
    .query(async ({ ctx, input }) => {
      return inReportSnapshot(ctx.db, async (sql) => {
        const timeZone = await businessTimeZone(sql);
        return { timeZone, rows: await faqPerformance(sql, input, timeZone) };
      });
    }),

  /** Model tokens per day or week (prompt, cached, completion), estimated cost from the price table, cost per resolved conversation, days the token cap was hit. */
  cost: insightsRead
    .input(ZInsightsRange)
    .output(ZCostReport)
    .query(({ ctx, input }) =>
      inReportSnapshot(ctx.db, async (sql) => costAndResolvedReport(sql, input, await businessTimeZone(sql))),
    ),

  /** One Insights table as CSV text (the same rows the page and the other procedures show). */
  exportCsv: insightsRead
    .input(ZInsightsExportInput)
    .output(ZInsightsExportOutput)
    .query(({ ctx, input }) =>
      inReportSnapshot(ctx.db, (sql) => insightsCsv(sql, input.table, input.range, { embeddings: ctx.faqEmbeddings })),
    ),

  /** The business time zone Insights counts days in, and the model price table. */
  config: insightsRead.output(ZInsightsConfig).query(async ({ ctx }) => ({
    timeZone: await businessTimeZone(ctx.db.sql),
    prices: await listModelPrices(ctx.db.sql),
  })),

  /** Set the business time zone (an IANA name such as Europe/Berlin) and/or replace the model price table. */
  updateConfig: adminProcedure
    .input(ZInsightsConfigUpdate)
    .output(ZInsightsConfig)
    .mutation(async ({ ctx, input }) => {
      if (input.timeZone !== undefined) {
        if (!isValidTimeZone(input.timeZone)) {
          throw new TRPCError({
            code: "BAD_REQUEST",
            message: `timeZone: '${input.timeZone}' is not a time zone name (use one like Europe/Berlin or America/New_York)`,
          });
        }
        await ctx.prisma.settings.upsert({
          where: { id: 1 },
          create: { id: 1, timeZone: input.timeZone },
          update: { timeZone: input.timeZone },
        });
      }
      if (input.prices !== undefined) await replaceModelPrices(ctx.db.sql, input.prices);
      ctx.log.info(
        { actor: ctx.actor, timeZone: input.timeZone, prices: input.prices?.length },
        "insights settings changed",
      );
      return { timeZone: await businessTimeZone(ctx.db.sql), prices: await listModelPrices(ctx.db.sql) };
    }),

  /** A draft FAQ for a group of unanswered questions: its question, and an answer drafted from staff replies in those conversations. */
  draftFaq: staffProcedure
    .input(ZUnansweredGroupRef)
    .output(ZFaqDraft)
    .mutation(async ({ ctx, input }) => {
      const settings = await ctx.prisma.settings.findUnique({ where: { id: 1 }, select: { businessName: true } });
      return draftFaqFromGroup(
        { sql: ctx.db.sql, llm: ctx.llm, businessName: settings?.businessName ?? "the business" },
        input,
      );
    }),

  /** Publish an FAQ (usually an edited draft) for a group of unanswered questions, and close the group. */
  createFaq: staffProcedure
    .input(z.object({ group: ZUnansweredGroupRef, faq: ZFaqCreateInput }))
    .output(z.object({ faq: ZFaq }))
    .mutation(async ({ ctx, input }) => {
      const faq = await createFaq(ctx, input.faq);
      await closeGroup(ctx.db.sql, input.group, { action: "faq_created", faqId: faq.id, byName: ctx.staff.name });
      ctx.log.info({ faqId: faq.id, actor: ctx.actor }, "faq created from insights");
      embedChangedFaqs(ctx);
      return { faq };
    }),

  /** Add a group's question as an alternate phrasing of an existing FAQ, and close the group. */
  addPhrasing: staffProcedure
    .input(z.object({ group: ZUnansweredGroupRef, faqId: z.string().uuid(), text: ZFaqPhrasing.optional() }))
    .output(z.object({ faq: ZFaq }))
    .mutation(async ({ ctx, input }) => {
      const faq = await addFaqPhrasing(ctx.prisma, {
        faqId: input.faqId,
        text: input.text ?? input.group.example.trim(),
      });
      await closeGroup(ctx.db.sql, input.group, { action: "phrasing_added", faqId: faq.id, byName: ctx.staff.name });
      ctx.log.info({ faqId: faq.id, actor: ctx.actor }, "faq phrasing added from insights");
      embedChangedFaqs(ctx);
      return { faq };
    }),

  /** Hide a group of unanswered questions (and close rewordings of it) from now on. */
  dismiss: staffProcedure
    .input(z.object({ group: ZUnansweredGroupRef }))
    .output(z.object({ closedWordings: z.number().int() }))
    .mutation(async ({ ctx, input }) => ({
      closedWordings: await closeGroup(ctx.db.sql, input.group, { action: "dismissed", byName: ctx.staff.name }),
    })),
} satisfies TRPCRouterRecord;
