// Insights for staff and scripts (scope insights:read): resolution over time, questions the bot
// could not answer (grouped), FAQ performance and model cost, each also as CSV; plus the actions
// that fix a group in one click (Create FAQ, add as phrasing, dismiss). The metrics themselves are
// defined in domain/insights; this file checks input and permission and calls them.
import type { TRPCRouterRecord } from "@trpc/server";
import {
  ZCostReport,
  ZFaqCreateInput,
  ZFaqDraft,
  ZFaqPerformanceReport,
  ZFaqPhrasing,
  ZInsightsConfig,
  ZInsightsConfigUpdate,
  ZInsightsExportInput,
  ZInsightsDismissed,
  ZInsightsExportOutput,
  ZInsightsFaqResult,
  ZInsightsRange,
  ZResolutionReport,
  ZUnansweredGroupRef,
  ZUnansweredReport,
} from "@support/schemas";
import { z } from "zod";
import {
  addGroupAsPhrasing,
  businessTimeZone,
  costAndResolvedReport,
  createFaqForGroup,
  dismissGroup,
  draftFaqForGroup,
  faqPerformance,
  inReportSnapshot,
  insightsConfig,
  insightsCsv,
  RESOLUTION_DEFINITION,
  resolutionReport,
  unansweredGroups,
  updateInsightsConfig,
} from "../../domain/insights/index.ts";
import { toFaq } from "../../domain/faq/faqs.ts";
import { adminProcedure, staffOrApiProcedure, staffProcedure } from "../../trpc.ts";

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
  config: insightsRead.output(ZInsightsConfig).query(({ ctx }) => insightsConfig(ctx.db.sql)),

  /** Set the business time zone (an IANA name such as Europe/Berlin) and/or replace the model price table. */
  updateConfig: adminProcedure
    .input(ZInsightsConfigUpdate)
    .output(ZInsightsConfig)
    .mutation(async ({ ctx, input }) => {
      const config = await updateInsightsConfig(ctx, input);
      ctx.log.info(
        { actor: ctx.actor, timeZone: input.timeZone, prices: input.prices?.length },
        "insights settings changed",
      );
      return config;
    }),

  /** A draft FAQ for a group of unanswered questions: its question, and an answer drafted from staff replies in those conversations. */
  draftFaq: staffProcedure
    .input(ZUnansweredGroupRef)
    .output(ZFaqDraft)
    .mutation(({ ctx, input }) => draftFaqForGroup(ctx, input)),

  /** Publish an FAQ (usually an edited draft) for a group of unanswered questions, and close the group. */
  createFaq: staffProcedure
    .input(z.object({ group: ZUnansweredGroupRef, faq: ZFaqCreateInput }))
    .output(ZInsightsFaqResult)
    .mutation(async ({ ctx, input }) => {
      const faq = await createFaqForGroup(ctx, input, ctx.staff);
      ctx.log.info({ faqId: faq.id, actor: ctx.actor }, "faq created from insights");
      return { faq: toFaq(faq) };
    }),

  /** Add a group's question as an alternate phrasing of an existing FAQ, and close the group. */
  addPhrasing: staffProcedure
    .input(z.object({ group: ZUnansweredGroupRef, faqId: z.string().uuid(), text: ZFaqPhrasing.optional() }))
    .output(ZInsightsFaqResult)
    .mutation(async ({ ctx, input }) => {
      const faq = await addGroupAsPhrasing(ctx, input, ctx.staff);
      ctx.log.info({ faqId: faq.id, actor: ctx.actor }, "faq phrasing added from insights");
      return { faq: toFaq(faq) };
    }),

  /** Hide a group of unanswered questions (and close rewordings of it) from now on. */
  dismiss: staffProcedure
    .input(z.object({ group: ZUnansweredGroupRef }))
    .output(ZInsightsDismissed)
    .mutation(async ({ ctx, input }) => ({ closedWordings: await dismissGroup(ctx, input.group, ctx.staff) })),
} satisfies TRPCRouterRecord;
