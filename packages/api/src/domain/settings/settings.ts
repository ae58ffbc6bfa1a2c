// The business's settings: one row (id 1), read on every turn (created with defaults when missing so
// a turn never fails on it), written by section (general, business hours, FAQ language, quick start,
// retention, Insights' time zone), so a change applies to the next message without a restart.
import type { Prisma, PrismaClient, Settings } from "@support/db";
import {
  ZFaqLanguage,
  type BusinessHoursInput,
  type FaqLanguage,
  type SettingsView,
  type ZSuggestedQuestions,
  type ZSettingsInput,
} from "@support/schemas";
import type { z } from "zod";
import type { Context } from "../../context.ts";
import { businessHoursOf } from "../business-hours/availability.ts";
import { mostAskedFaqQuestions } from "../quick-start/suggested-questions.ts";

export async function loadSettings(prisma: PrismaClient): Promise<Settings> {
  return (
    (await prisma.settings.findUnique({ where: { id: 1 } })) ??
    (await prisma.settings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} }))
  );
}

/**
 * The knowledge base's language; a value this version does not know (written by hand, or by a
 * newer version) reads as english, the ranking's default, rather than failing every turn.
 */
export function faqLanguageOf(settings: Pick<Settings, "faqLanguage">): FaqLanguage {
  const parsed = ZFaqLanguage.safeParse(settings.faqLanguage);
  return parsed.success ? parsed.data : "english";
}

/** The single row's upsert: every write of a settings section goes through here. */
export function saveSettings(prisma: PrismaClient, data: Prisma.SettingsUncheckedCreateInput): Promise<Settings> {
  const { id: _id, ...fields } = data;
  return prisma.settings.upsert({ where: { id: 1 }, create: { ...fields, id: 1 }, update: fields });
}

export function toSettingsView(s: Settings): SettingsView {
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

/** Lists are stored without repeats, so the console shows each origin, domain and address once. */
export function updateSettings(prisma: PrismaClient, input: z.output<typeof ZSettingsInput>): Promise<Settings> {
  return saveSettings(prisma, {
    ...input,
    allowedOrigins: [...new Set(input.allowedOrigins)],
    allowedLinkDomains: input.allowedLinkDomains && [...new Set(input.allowedLinkDomains)],
    notificationEmails: [...new Set(input.notificationEmails)],
  });
}

export function businessHoursView(s: Settings): BusinessHoursInput {
  const h = businessHoursOf(s);
  return { timeZone: h.timeZone, weekly: h.weekly, holidays: [...h.holidays] };
}

/**
 * Saves the business hours and tells open widgets. The hours are saved either way: a lost
 * notification only delays the widget's update until the customer's next step.
 */
export async function updateBusinessHours(
  ctx: Pick<Context, "prisma" | "events" | "log">,
  input: BusinessHoursInput,
): Promise<BusinessHoursInput> {
  const saved = await saveSettings(ctx.prisma, {
    timeZone: input.timeZone,
    weeklyHours: input.weekly,
    holidays: [...new Set(input.holidays)].sort(),
  });
  // Customers waiting in an open widget see the new hours at once (it reads its config again).
  await ctx.events
    ?.publish({ t: "settings" })
    .catch((err: unknown) => ctx.log.warn({ err }, "could not announce the new business hours"));
  return businessHoursView(saved);
}

/** The admin's quick-start questions, and the most-asked FAQs the widget offers while there are none. */
export async function suggestedQuestionsView(
  prisma: PrismaClient,
  s: Pick<Settings, "suggestedQuestions">,
  now: Date,
): Promise<z.output<typeof ZSuggestedQuestions>> {
  return { questions: s.suggestedQuestions, defaults: await mostAskedFaqQuestions(prisma, now) };
}
