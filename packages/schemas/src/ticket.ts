// Ticket (escalation) schemas shared by the widget, the console and scripts.
import { z } from "zod";
import { ZSessionToken } from "./chat.ts";
import { zText } from "./common.ts";

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
