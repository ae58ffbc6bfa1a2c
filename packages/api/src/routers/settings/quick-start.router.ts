// Quick start (admins): the questions the widget's welcome screen offers. Kept apart from
// settings.update so the list is saved on its own, like business hours.
import type { TRPCRouterRecord } from "@trpc/server";
import { ZSuggestedQuestions, ZSuggestedQuestionsInput } from "@support/schemas";
import { mostAskedFaqQuestions } from "../../domain/quick-start/suggested-questions.ts";
import { adminProcedure } from "../../trpc.ts";
import { loadSettings } from "./settings.service.ts";

export const quickStartSettingsRouter = {
  /** The admin's questions, and the most-asked FAQs the widget offers while there are none. */
  suggestedQuestions: adminProcedure.output(ZSuggestedQuestions).query(async ({ ctx }) => {
    const s = await loadSettings(ctx.prisma);
    return { questions: s.suggestedQuestions, defaults: await mostAskedFaqQuestions(ctx.prisma, ctx.clock.now()) };
  }),

  updateSuggestedQuestions: adminProcedure
    .input(ZSuggestedQuestionsInput)
    .output(ZSuggestedQuestions)
    .mutation(async ({ ctx, input }) => {
      const data = { suggestedQuestions: input.questions };
      const saved = await ctx.prisma.settings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
      ctx.log.info({ staffId: ctx.staff.id }, "suggested questions updated");
      return {
        questions: saved.suggestedQuestions,
        defaults: await mostAskedFaqQuestions(ctx.prisma, ctx.clock.now()),
      };
    }),
} satisfies TRPCRouterRecord;
