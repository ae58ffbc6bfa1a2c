// The audit log as admins read it: filters, entries, CSV export.
import { z } from "zod";
import { zDateInput, zText } from "./common.ts";

export const ZAuditListInput = z.object({
  /** A staff user's or API token's id. */
  actorId: z.string().uuid().optional(),
  /** Part of the procedure name, e.g. "ticket." or "webhook.resend". */
  action: zText().trim().max(100).optional(),
  kind: z.enum(["change", "read"]).optional(),
  /** An id the call named (a ticket, conversation, ...). */
  target: z.string().uuid().optional(),
  from: zDateInput().optional(),
  to: zDateInput().optional(),
  /** Entries older than this id (the last one of the previous page). */
  before: z
    .string()
    .regex(/^\d{1,19}$/, "before: an entry id")
    .optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export const ZAuditEntry = z.object({
  id: z.string(),
  at: z.date(),
  actorKind: z.enum(["staff", "api"]),
  actorId: z.string(),
  actorName: z.string(),
  action: z.string(),
  kind: z.enum(["change", "read"]),
  targets: z.array(z.string()),
  outcome: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
});

export const ZAuditListOutput = z.object({ entries: z.array(ZAuditEntry), nextBefore: z.string().nullable() });
