// What the widget needs to draw itself before a conversation exists. Nothing secret.
import { z } from "zod";
import { ZAvailability } from "@support/schemas";
import { availability } from "../../domain/business-hours/availability.ts";
import { suggestedQuestions } from "../../domain/quick-start/suggested-questions.ts";
import type { TRPCRouterRecord } from "@trpc/server";
import { publicProcedure } from "../../trpc.ts";
import { loadSettings } from "./settings.service.ts";

export const ZWidgetConfig = z.object({
  businessName: z.string(),
  welcomeMessage: z.string(),
  widgetColor: z.string(),
  widgetPosition: z.enum(["left", "right"]),
  faqOnly: z.boolean(),
  /** Links in replies are clickable only to these hosts and their subdomains; others show as text. */
  linkDomains: z.array(z.string()),
  /** People now (business hours), or when they are back. */
  availability: ZAvailability,
  /** Quick start: up to four questions the welcome screen offers (the admin's, else the most-asked FAQs). */
  suggestedQuestions: z.array(z.string()),
});

/** The admin's link domains, plus the hosts of the allowed website origins and this server's own host. */
export function effectiveLinkDomains(
  s: { allowedLinkDomains: string[]; allowedOrigins: string[] },
  publicUrl: string,
): string[] {
  const hostOf = (url: string) => {
    try {
      return new URL(url).hostname.toLowerCase();
    } catch {
      return null;
    }
  };
  const hosts = [...s.allowedLinkDomains, ...s.allowedOrigins.map(hostOf), hostOf(publicUrl)];
  return [...new Set(hosts.filter((h): h is string => Boolean(h)))];
}

export const widgetRouter = {
  config: publicProcedure.output(ZWidgetConfig).query(async ({ ctx }) => {
    const s = await loadSettings(ctx.prisma);
    const now = ctx.clock.now();
    const [available, suggested] = await Promise.all([
      availability(ctx.prisma, s, now),
      suggestedQuestions(ctx.prisma, s, now),
    ]);
    return {
      businessName: s.businessName,
      welcomeMessage: s.welcomeMessage,
      widgetColor: s.widgetColor,
      widgetPosition: s.widgetPosition === "left" ? "left" : "right",
      faqOnly: ctx.llm === null,
      linkDomains: effectiveLinkDomains(s, ctx.config.publicUrl),
      availability: available,
      suggestedQuestions: suggested,
    };
  }),
} satisfies TRPCRouterRecord;
