// Live conversation events (hand-off to a human): what the widget and the console inbox receive.
import { z } from "zod";
import { ZIsoDate, zText } from "./common.ts";
import { ZSessionToken } from "./chat.ts";

export const ZLiveMessage = z.object({
  id: z.string().uuid(),
  /** Stream cursor: pass the last one seen as lastEventId to resume without gaps. */
  seq: z.string(),
  role: z.enum(["user", "assistant", "agent", "system"]),
  content: z.string(),
  createdAt: z.string(),
  clientMessageId: z.string().nullable(),
  authorName: z.string().nullable(),
  sources: z.array(z.object({ faqId: z.string(), question: z.string() })),
  mode: z.enum(["llm", "faq-only"]).nullable(),
});
export type LiveMessage = z.infer<typeof ZLiveMessage>;

export const PRESENCE_STATES = ["viewing", "typing", "left"] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];
export const ZPresenceInput = z.object({ conversationId: z.string().uuid(), state: z.enum(["viewing", "left"]) });

export const ZConversationStreamInput = z.object({ lastEventId: z.string().regex(/^\d+$/).nullish() }).optional();

export const ZCustomerTypingInput = z.object({ sessionToken: ZSessionToken });

export const ZConversationId = z.object({ conversationId: z.string().uuid() });

export const ZAgentReplyInput = z.object({
  conversationId: z.string().uuid(),
  clientMessageId: z.string().uuid(),
  text: zText().trim().min(1, "Type a reply").max(4000, "Replies are limited to 4000 characters"),
  /**
   * The seq of the newest message the agent had seen when sending. If a colleague replied after
   * it, the reply is refused (CONFLICT) so the agent reads theirs first.
   */
  lastSeenSeq: z.string().regex(/^\d+$/).optional(),
});

/** Inbox views: who has the conversation, and whose it is. */
export const INBOX_VIEWS = ["waiting", "bot", "mine", "unassigned", "closed", "all"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export const ZInboxListInput = z
  .object({
    view: z.enum(INBOX_VIEWS).optional(),
    /** Older name of `view`: "handoff" = "waiting". */
    status: z.enum(["handoff", "closed", "all"]).optional(),
    /** Customer text, staff notes (conversation or ticket), contact email or ticket number (#1001 or 1001); matched literally. */
    search: zText().trim().max(200, "Search for at most 200 characters").optional(),
  })
  .default({});

export const ZInboxAssignInput = z.object({
  conversationId: z.string().uuid(),
  assigneeId: z.string().uuid().nullable(),
});

export const ZInboxItem = z.object({
  conversationId: z.string().uuid(),
  status: z.enum(["bot", "handoff", "closed"]),
  handoffReason: z.enum(["customer_request", "missing_knowledge", "model_failure"]).nullable(),
  handoffAt: ZIsoDate.nullable(),
  lastActivityAt: ZIsoDate,
  lastMessage: z.object({ role: z.string(), content: z.string(), authorName: z.string().nullable() }).nullable(),
  unread: z.number().int(),
  /** When the customer's oldest unanswered message was sent (null when the last word is ours). */
  waitingSince: ZIsoDate.nullable(),
  ticket: z
    .object({
      id: z.string().uuid(),
      reference: z.string(),
      status: z.string(),
      customerContact: z.string().nullable(),
      assignee: z.string().nullable(),
    })
    .nullable(),
  /** Who owns the conversation (null: unassigned). */
  assignee: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
  /** Set when the customer's data was erased: the last message's text is then empty. */
  erasedAt: ZIsoDate.nullable(),
});
