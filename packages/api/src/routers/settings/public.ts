// What the widget needs to draw itself before a conversation exists. Nothing secret.
import type { TRPCRouterRecord } from "@trpc/server";
import { ZWidgetConfig } from "@support/schemas";
import { widgetConfig } from "../../domain/settings/widget-config.ts";
import { publicProcedure } from "../../trpc.ts";

export const widgetRouter = {
  config: publicProcedure.output(ZWidgetConfig).query(({ ctx }) => widgetConfig(ctx)),
} satisfies TRPCRouterRecord;
