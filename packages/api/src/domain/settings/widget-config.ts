// What the widget needs to draw itself before a conversation exists. Nothing secret.
import type { Settings } from "@support/db";
import type { WidgetConfig } from "@support/schemas";
import type { Context } from "../../context.ts";
import { availability } from "../business-hours/availability.ts";
import { suggestedQuestions } from "../quick-start/suggested-questions.ts";
import { loadSettings } from "./settings.ts";

/** The admin's link domains, plus the hosts of the allowed website origins and this server's own host. */
export function effectiveLinkDomains(
  s: Pick<Settings, "allowedLinkDomains" | "allowedOrigins">,
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

export async function widgetConfig(ctx: Pick<Context, "prisma" | "clock" | "llm" | "config">): Promise<WidgetConfig> {
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
}
