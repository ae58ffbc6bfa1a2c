// Quick start (admins): the questions the widget's welcome screen offers. Kept apart from
// settings.update so the list is saved on its own, like business hours.
import type { TRPCRouterRecord } from "@trpc/server";
import { ZSuggestedQuestions, ZSuggestedQuestionsInput } from "@support/schemas";
import { loadSettings, saveSettings, suggestedQuestionsView } from "../../domain/settings/settings.ts";
import { adminProcedure } from "../../trpc.ts";

export const quickStartSettingsRouter = {
  /** The admin's questions, and the most-asked FAQs the widget offers while there are none. */
  suggestedQuestions: adminProcedure
    .output(ZSuggestedQuestions)
    .query(async ({ ctx }) => suggestedQuestionsView(ctx.prisma, await loadSettings(ctx.prisma), ctx.clock.now())),

  updateSuggestedQuestions: adminProcedure
    .input(ZSuggestedQuestionsInput)
    .output(ZSuggestedQuestions)
    .mutation(async ({ ctx, input }) => {
      const saved = await saveSettings(ctx.prisma, { suggestedQuestions: input.questions });
      ctx.log.info({ staffId: ctx.staff.id }, "suggested questions updated");
      return suggestedQuestionsView(ctx.prisma, saved, ctx.clock.now());
    }),
} satisfies TRPCRouterRecord;
