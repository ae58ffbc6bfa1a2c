// The business's settings, for admins. Customer turns read them on every turn (loadSettings), so
// a change applies to the next message without a restart.
import type { TRPCRouterRecord } from "@trpc/server";
import type { Settings } from "@support/db";
import { ZBusinessHoursInput, ZFaqLanguageInput, ZSettings, ZSettingsInput, type SettingsView } from "@support/schemas";
import { businessHoursOf } from "../../domain/business-hours/availability.ts";
import { adminProcedure } from "../../trpc.ts";
import { quickStartSettingsRouter } from "./quick-start.router.ts";
import { faqLanguageOf, loadSettings } from "./settings.service.ts";

function toSettingsView(s: Settings): SettingsView {
  return {
    businessName: s.businessName,
    persona: s.persona,
    welcomeMessage: s.welcomeMessage,
    widgetColor: s.widgetColor,
    widgetPosition: s.widgetPosition === "left" ? "left" : "right",
    allowedOrigins: s.allowedOrigins,
    allowedLinkDomains: s.allowedLinkDomains,
    historyLength: s.historyLength,
    faqTokenBudget: s.faqTokenBudget,
    dailyTokenCap: s.dailyTokenCap,
    notificationEmails: s.notificationEmails,
    updatedAt: s.updatedAt,
  };
}

export const settingsRouter = {
  get: adminProcedure.output(ZSettings).query(async ({ ctx }) => toSettingsView(await loadSettings(ctx.prisma))),

  update: adminProcedure
    .input(ZSettingsInput)
    .output(ZSettings)
    .mutation(async ({ ctx, input }) => {
      const data = {
        ...input,
        allowedOrigins: [...new Set(input.allowedOrigins)],
        allowedLinkDomains: input.allowedLinkDomains && [...new Set(input.allowedLinkDomains)],
        notificationEmails: [...new Set(input.notificationEmails)],
      };
      const saved = await ctx.prisma.settings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
      ctx.log.info({ staffId: ctx.staff.id }, "settings updated");
      return toSettingsView(saved);
    }),

  /** Business hours: weekly opening intervals and holidays in the business's time zone. */
  hours: adminProcedure.output(ZBusinessHoursInput).query(async ({ ctx }) => {
    const h = businessHoursOf(await loadSettings(ctx.prisma));
    return { timeZone: h.timeZone, weekly: h.weekly, holidays: [...h.holidays] };
  }),

  updateHours: adminProcedure
    .input(ZBusinessHoursInput)
    .output(ZBusinessHoursInput)
    .mutation(async ({ ctx, input }) => {
      const data = {
        timeZone: input.timeZone,
        weeklyHours: input.weekly,
        holidays: [...new Set(input.holidays)].sort(),
      };
      const saved = await ctx.prisma.settings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
      ctx.log.info({ staffId: ctx.staff.id }, "business hours updated");
      // Customers waiting in an open widget see the new hours at once (it reads its config again).
      // The hours are saved either way: a lost notification only delays that until their next step.
      await ctx.events
        ?.publish({ t: "settings" })
        .catch((err: unknown) => ctx.log.warn({ err }, "could not announce the new business hours"));
      const h = businessHoursOf(saved);
      return { timeZone: h.timeZone, weekly: h.weekly, holidays: [...h.holidays] };
    }),

  /** The knowledge base's language: the FAQ ranking's stemmer and stop words (accents are always ignored). */
  faqLanguage: adminProcedure
    .output(ZFaqLanguageInput)
    .query(async ({ ctx }) => ({ language: faqLanguageOf(await loadSettings(ctx.prisma)) })),

  updateFaqLanguage: adminProcedure
    .input(ZFaqLanguageInput)
    .output(ZFaqLanguageInput)
    .mutation(async ({ ctx, input }) => {
      const data = { faqLanguage: input.language };
      const saved = await ctx.prisma.settings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
      ctx.log.info({ staffId: ctx.staff.id, language: saved.faqLanguage }, "FAQ language updated");
      return { language: faqLanguageOf(saved) };
    }),
  ...quickStartSettingsRouter,
} satisfies TRPCRouterRecord;
