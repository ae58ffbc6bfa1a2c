// API tokens for developers' scripts: scoped, optionally expiring, shown once, stored hashed.
import { z } from "zod";
import { zDateInput, zText } from "./common.ts";

export const API_TOKEN_SCOPES = [
  "faq:read",
  "faq:write",
  "ticket:read",
  "ticket:write",
  "insights:read",
  "assistant:preview",
  "customers:export",
  "customers:erase",
] as const;
export const ZApiScope = z.enum(API_TOKEN_SCOPES);

export const ZApiTokenCreateInput = z.object({
  name: zText().trim().min(1, "Give the token a name, e.g. 'Help centre sync'").max(100),
  scopes: z
    .array(ZApiScope)
    .min(1, "Choose at least one scope")
    .transform((s) => [...new Set(s)]),
  expiresAt: zDateInput()
    .optional()
    .refine((d) => !d || d.getTime() > Date.now(), "The expiry must be in the future"),
});

export const ZApiTokenSummary = z.object({
  id: z.string().uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  createdBy: z.string().nullable(),
});

export const ZApiTokenCreateOutput = z.object({
  token: ZApiTokenSummary,
  /** The whole secret; shown once, never retrievable again. */
  secret: z.string(),
});
export type ApiTokenSummary = z.infer<typeof ZApiTokenSummary>;
