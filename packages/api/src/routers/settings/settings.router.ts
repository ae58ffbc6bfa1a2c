// The business's settings, for admins. Customer turns read them on every turn (loadSettings), so
// a change applies to the next message without a restart. The rules live in domain/settings.
import type { TRPCRouterRecord } from "@trpc/server";
import { ZBusinessHoursInput, ZFaqLanguageInput, ZSettings, ZSettingsInput } from "@support/schemas";
import {
  businessHoursView,
  faqLanguageOf,
  loadSettings,
  saveSettings,
  toSettingsView,
  updateBusinessHours,
  updateSettings,
} from "../../domain/settings/settings.ts";
import { adminProcedure } from "../../trpc.ts";
import { quickStartSettingsRouter } from "./quick-start.router.ts";

export const settingsRouter = {
  get: adminProcedure.output(ZSettings).query(async ({ ctx }) => toSettingsView(await loadSettings(ctx.prisma))),

  update: adminProcedure
    .input(ZSettingsInput)
    .output(ZSettings)
    .mutation(async ({ ctx, input }) => {
      const saved = await updateSettings(ctx.prisma, input);
      ctx.log.info({ staffId: ctx.staff.id }, "settings updated");
      return toSettingsView(saved);
    }),

  /** Business hours: weekly opening intervals and holidays in the business's time zone. */
  hours: adminProcedure
    .output(ZBusinessHoursInput)
    .query(async ({ ctx }) => businessHoursView(await loadSettings(ctx.prisma))),

  updateHours: adminProcedure
    .input(ZBusinessHoursInput)
    .output(ZBusinessHoursInput)
    .mutation(async ({ ctx, input }) => {
      const hours = await updateBusinessHours(ctx, input);
      ctx.log.info({ staffId: ctx.staff.id }, "business hours updated");
      return hours;
    }),

  /** The knowledge base's language: the FAQ ranking's stemmer and stop words (accents are always ignored). */
  faqLanguage: adminProcedure
    .output(ZFaqLanguageInput)
    .query(async ({ ctx }) => ({ language: faqLanguageOf(await loadSettings(ctx.prisma)) })),

  updateFaqLanguage: adminProcedure
    .input(ZFaqLanguageInput)
    .output(ZFaqLanguageInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await saveSettings(ctx.prisma, { faqLanguage: input.language });
      ctx.log.info({ staffId: ctx.staff.id, language: saved.faqLanguage }, "FAQ language updated");
      return { language: faqLanguageOf(saved) };
    }),
  ...quickStartSettingsRouter,
} satisfies TRPCRouterRecord;
