// What the ticket procedures return (inputs are in ../ticket.ts). Dates are Dates: tRPC's
// transformer carries them as such.
import { z } from "zod";
import { ZConversationStatus } from "../chat.ts";
import { ZSnapshotMessage, ZTicketStatus } from "../ticket.ts";

export const ZTicketPerson = z.object({ id: z.string().uuid(), name: z.string() }).nullable();

export const ZTicketSummary = z.object({
  id: z.string().uuid(),
  number: z.number().int(),
  reference: z.string(),
  status: ZTicketStatus,
  issueSummary: z.string(),
  customerContact: z.string().nullable(),
  assignee: ZTicketPerson,
  createdAt: z.date(),
  updatedAt: z.date(),
  resolvedAt: z.date().nullable(),
});
export type TicketSummary = z.infer<typeof ZTicketSummary>;

export const ZTicketListOutput = z.object({
  items: z.array(ZTicketSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Per status, under the same filters except status. */
  counts: z.object({ open: z.number().int(), in_progress: z.number().int(), resolved: z.number().int() }),
});

export const ZTicketNote = z.object({
  id: z.string().uuid(),
  body: z.string(),
  author: ZTicketPerson,
  createdAt: z.date(),
});

export const ZTicketDetail = ZTicketSummary.extend({
  conversationId: z.string().uuid(),
  conversationStatus: ZConversationStatus,
  snapshot: z.array(ZSnapshotMessage),
  notes: z.array(ZTicketNote),
  allowedTransitions: z.array(ZTicketStatus),
  /** The customer's rating after the hand-off was resolved, if they gave one. */
  rating: z.object({ score: z.number().int(), comment: z.string().nullable(), ratedAt: z.date() }).nullable(),
});

export const ZTicketAssignees = z.array(
  z.object({ id: z.string().uuid(), name: z.string(), role: z.enum(["admin", "agent"]) }),
);

export const ZTicketBulkResolveOutput = z.object({ resolved: z.number().int(), skipped: z.number().int() });
