// Per-person data requests: find a customer's conversations by email or conversation id, export
// everything stored about them as one JSON document, or erase it (see the API's
// domain/data-protection/). Also the retention setting.
import { z } from "zod";
import { zText } from "./common.ts";

/** One of: the email the customer left (matched without regard to case), or a conversation id. */
export const ZCustomerFindInput = z.union([
  z.object({ email: zText().trim().toLowerCase().max(254).email("Enter a valid email address") }),
  z.object({ conversationId: z.string().uuid("Enter a conversation id (a UUID)") }),
]);

export const ZCustomerConversation = z.object({
  id: z.string(),
  status: z.enum(["bot", "handoff", "closed"]),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  messageCount: z.number().int(),
  /** Ticket numbers (#1001) and the emails left on them. */
  tickets: z.array(z.object({ reference: z.string(), customerContact: z.string().nullable() })),
  /** Set once the conversation's data was erased (retention or a request): an anonymous shell. */
  erasedAt: z.date().nullable(),
});

export const ZCustomerFindOutput = z.object({ conversations: z.array(ZCustomerConversation) });

/** The conversations found by customers.find (at most 200 per call). */
export const ZCustomerConversationIds = z.object({
  conversationIds: z
    .array(z.string().uuid())
    .min(1, "Name at least one conversation")
    .max(200, "At most 200 conversations per call")
    .transform((ids) => [...new Set(ids)]),
});

const ZExportMessage = z.object({
  id: z.string(),
  role: z.enum(["user", "assistant", "agent", "system"]),
  content: z.string(),
  createdAt: z.date(),
  authorName: z.string().nullable(),
  /** The customer's thumbs on a bot answer. */
  feedback: z.enum(["up", "down"]).nullable(),
});

const ZExportTicket = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(["open", "in_progress", "resolved"]),
  issueSummary: z.string(),
  customerContact: z.string().nullable(),
  /** The transcript stored with the ticket when it opened. */
  conversationSnapshot: z.unknown(),
  createdAt: z.date(),
  resolvedAt: z.date().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  ratedAt: z.date().nullable(),
  notes: z.array(z.object({ body: z.string(), authorName: z.string().nullable(), createdAt: z.date() })),
});

export const ZCustomerExport = z.object({
  format: z.literal("support-bot/customer-export@1"),
  exportedAt: z.date(),
  conversations: z.array(
    z.object({
      id: z.string(),
      status: z.enum(["bot", "handoff", "closed"]),
      createdAt: z.date(),
      lastSeenAt: z.date(),
      /** The page the chat started on and the browser, as the widget reported them. */
      origin: z.string().nullable(),
      userAgent: z.string().nullable(),
      /** The page address the chat started on and the customer's time zone (widget-reported). */
      pageUrl: z.string().nullable(),
      timeZone: z.string().nullable(),
      handoffAt: z.date().nullable(),
      followUpOptOutAt: z.date().nullable(),
      erasedAt: z.date().nullable(),
      messages: z.array(ZExportMessage),
      tickets: z.array(ZExportTicket),
      /** Internal notes staff wrote inside the conversation (about the customer, so theirs to see). */
      notes: z.array(z.object({ body: z.string(), authorName: z.string(), createdAt: z.date() })),
      /** A follow-up email waiting to be sent. */
      pendingFollowUpEmail: z.object({ dueAt: z.date() }).nullable(),
      /** Webhook deliveries about this conversation, with the payload sent to the receiver. */
      webhookDeliveries: z.array(
        z.object({ id: z.string(), event: z.string(), status: z.string(), createdAt: z.date(), payload: z.unknown() }),
      ),
    }),
  ),
});

export const ZCustomerExportOutput = z.object({ filename: z.string(), document: ZCustomerExport });

export const ZCustomerEraseOutput = z.object({
  conversations: z.number().int(),
  messages: z.number().int(),
  tickets: z.number().int(),
  ticketNotes: z.number().int(),
  followUps: z.number().int(),
  reopenLinks: z.number().int(),
  webhookDeliveries: z.number().int(),
});

/** Days after which closed conversations lose their transcript; null = kept forever. */
export const ZRetentionSetting = z.object({
  retentionDays: z
    .number()
    .int("Whole days")
    .min(1, "At least 1 day")
    .max(3650, "At most 3650 days (10 years)")
    .nullable(),
});
