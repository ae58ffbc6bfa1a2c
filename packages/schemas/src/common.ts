// Building blocks shared by every domain's schemas.
import { z } from "zod";

/**
 * A timestamp in an output schema: procedures return a Date, the wire carries an ISO 8601
 * string (JSON has no dates), and the client's inferred type says string, which is the truth.
 */
export const ZIsoDate = z.date().transform((d) => d.toISOString());

/**
 * Every text input: a string without NUL characters. PostgreSQL's text type cannot store one, so
 * without this check a single "\u0000" in any field fails in the database as a 500.
 */
export function zText(params?: Parameters<typeof z.string>[0]) {
  return z
    .string(params)
    .refine((text) => !text.includes("\u0000"), "Remove the NUL character (\\u0000) from this text");
}

/** What PostgreSQL's timestamptz and JavaScript's Date both hold comfortably: years 1970 to 9999. */
export const MIN_DATE = new Date("1970-01-01T00:00:00Z");
export const MAX_DATE = new Date("9999-12-31T23:59:59Z");

/** A date given as input (ISO text or epoch milliseconds), within MIN_DATE..MAX_DATE. */
export function zDateInput(message = "Use a date such as 2025-01-31") {
  return z.coerce
    .date({ error: message })
    .min(MIN_DATE, "Use a date after 1970")
    .max(MAX_DATE, "Use a date before the year 10000");
}
