// "Try it" for staff: which FAQs the bot would put in the prompt for a question, the FAQ-only
// answer it would give, and the prompt's size. No conversation is created and no model is called.
import type { TRPCRouterRecord } from "@trpc/server";
import { previewTurn } from "@support/assistant";
import { ZAssistantPreviewInput, ZAssistantPreviewOutput } from "@support/schemas";
import { staffOrApiProcedure } from "../../trpc.ts";
import { createFaqSource } from "../chat/faq-source.ts";
import { faqLanguageOf, loadSettings } from "../settings/settings.service.ts";

export const assistantRouter = {
  preview: staffOrApiProcedure("assistant:preview")
    .input(ZAssistantPreviewInput)
    .output(ZAssistantPreviewOutput)
    .query(async ({ ctx, input }) => {
      const [settings, activeFaqs] = await Promise.all([loadSettings(ctx.prisma), ctx.prisma.faq.count({ where: { isActive: true } })]);
      const preview = await previewTurn({ text: input.question, settings, faqs: createFaqSource(ctx.prisma, ctx.tokens, ctx.faqEmbeddings, faqLanguageOf(settings)), tokens: ctx.tokens });
      return {
        selected: preview.selected.map((s) => ({ id: s.faq.id, question: s.faq.question, category: s.faq.category, score: s.score })),
        faqOnly: {
          content: preview.faqOnly.content,
          confident: preview.faqOnly.confident,
          sources: preview.faqOnly.sources.map((f) => ({ id: f.id, question: f.question })),
        },
        systemPromptTokens: preview.systemPromptTokens,
        faqTokens: preview.faqTokens,
        faqTokenBudget: settings.faqTokenBudget,
        activeFaqs,
      };
    }),
} satisfies TRPCRouterRecord;
