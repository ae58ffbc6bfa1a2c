// Ticket (escalation) schemas shared by the widget, the console and scripts.
import { z } from "zod";
import { ZSessionToken } from "./chat.ts";
import { zDateInput, zText } from "./common.ts";

export const ZTicketStatus = z.enum(["open", "in_progress", "resolved"]);
export type TicketStatus = z.infer<typeof ZTicketStatus>;

export const ZTicketCreateInput = z.object({
  sessionToken: ZSessionToken,
  issueSummary: zText().trim().min(1, "Describe the issue").max(2000, "Keep the description under 2000 characters"),
  customerContact: zText()
    .trim()
    .max(320)
    .email("Enter a valid email address")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export const ZTicketListInput = z
  .object({
    status: ZTicketStatus.optional(),
    /** Inclusive; a date without a time means the start of that day (UTC). */
    from: zDateInput().optional(),
    /** Exclusive end instant; the console sends the day after the chosen end date. */
    to: zDateInput().optional(),
    /** A staff member's id, or "unassigned". */
    assignee: z.union([z.string().uuid(), z.literal("unassigned")]).optional(),
    search: zText().trim().max(200).optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(200).default(25),
  })
  .default({ page: 1, pageSize: 25 });
export type TicketListInput = z.infer<typeof ZTicketListInput>;

export const ZTicketId = z.object({ id: z.string().uuid() });
export const ZTicketSetStatusInput = z.object({ id: z.string().uuid(), status: ZTicketStatus });
export const ZTicketBulkResolveInput = z.object({
  ids: z.array(z.string().uuid()).min(1, "Select at least one ticket").max(500),
});
export const ZTicketAssignInput = z.object({ id: z.string().uuid(), assigneeId: z.string().uuid().nullable() });
export const ZTicketAddNoteInput = z.object({
  id: z.string().uuid(),
  body: zText().trim().min(1, "Write a note first").max(5000, "Notes are at most 5000 characters"),
});

export const ZTicketCreateOutput = z.object({
  ticketId: z.string().uuid(),
  reference: z.string(),
  status: z.literal("created"),
});

export const ZSnapshotMessage = z.object({
  role: z.enum(["user", "assistant", "agent", "system"]),
  content: z.string(),
  createdAt: z.string(),
  authorName: z.string().nullable().optional(),
});
export type SnapshotMessage = z.infer<typeof ZSnapshotMessage>;

export function ticketReference(number: number): string {
  return `#${number}`;
}
