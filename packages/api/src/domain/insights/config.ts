// Insights' own settings: the business time zone days are counted in, and the model price table
// cost is estimated from.
import { TRPCError } from "@trpc/server";
import type { RawSql } from "@support/db";
import type { Context } from "../../context.ts";
import { saveSettings } from "../settings/settings.ts";
import { listModelPrices, replaceModelPrices, type ModelPrice } from "./cost.ts";
import { businessTimeZone, isValidTimeZone } from "./range.ts";

export async function insightsConfig(sql: RawSql): Promise<{ timeZone: string; prices: ModelPrice[] }> {
  return { timeZone: await businessTimeZone(sql), prices: await listModelPrices(sql) };
}

/** Either part may be left out; a time zone PostgreSQL or Node would not know is refused with a 400. */
export async function updateInsightsConfig(
  ctx: Pick<Context, "prisma" | "db">,
  input: { timeZone?: string | undefined; prices?: ModelPrice[] | undefined },
): Promise<{ timeZone: string; prices: ModelPrice[] }> {
  if (input.timeZone !== undefined) {
    if (!isValidTimeZone(input.timeZone)) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: `timeZone: '${input.timeZone}' is not a time zone name (use one like Europe/Berlin or America/New_York)`,
      });
    }
    await saveSettings(ctx.prisma, { timeZone: input.timeZone });
  }
  if (input.prices !== undefined) await replaceModelPrices(ctx.db.sql, input.prices);
  return insightsConfig(ctx.db.sql);
}
