// What the widget needs to draw itself before a conversation exists. Nothing secret.
import { z } from "zod";
import { ZAvailability } from "@support/schemas";
import { availability } from "../../domain/business-hours/availability.ts";
import type { TRPCRouterRecord } from "@trpc/server";
import { publicProcedure } from "../../trpc.ts";
import { loadSettings } from "./settings.service.ts";

export const ZWidgetConfig = z.object({
  businessName: z.string(),
  welcomeMessage: z.string(),
  widgetColor: z.string(),
  widgetPosition: z.enum(["left", "right"]),
  faqOnly: z.boolean(),
  /** People now (business hours), or when they are back. */
  availability: ZAvailability,
});

export const widgetRouter = {
  config: publicProcedure
    .output(ZWidgetConfig)
    .query(async ({ ctx }) => {
      const s = await loadSettings(ctx.prisma);
      return {
        businessName: s.businessName,
        welcomeMessage: s.welcomeMessage,
        widgetColor: s.widgetColor,
        widgetPosition: s.widgetPosition === "left" ? "left" : "right",
        faqOnly: ctx.llm === null,
        availability: await availability(ctx.prisma, s, ctx.clock.now()),
      };
    }),
} satisfies TRPCRouterRecord;
