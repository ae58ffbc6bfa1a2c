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

export type ConversationEvent =
  | { type: "message"; message: LiveMessage }
  /** The status changed, or a member of staff joined the hand-off (`joinedBy`, null while waiting). */
  | { type: "status"; status: "bot" | "handoff" | "closed"; joinedBy: string | null }
  | { type: "typing"; who: "agent"; name: string | null };

export type InboxEvent =
  | { type: "message"; conversationId: string; message: LiveMessage }
  | { type: "status"; conversationId: string; status: "bot" | "handoff" | "closed"; joinedBy: string | null }
  | { type: "typing"; conversationId: string; who: "customer" }
  /** Live events may have been missed (the server's event connection was down): reload lists. */
  | { type: "resync" };

export const ZConversationStreamInput = z
  .object({ lastEventId: z.string().regex(/^\d+$/).nullish() })
  .optional();

export const ZCustomerTypingInput = z.object({ sessionToken: ZSessionToken });

export const ZConversationId = z.object({ conversationId: z.string().uuid() });

export const ZAgentReplyInput = z.object({
  conversationId: z.string().uuid(),
  clientMessageId: z.string().uuid(),
  text: zText().trim().min(1, "Type a reply").max(4000, "Replies are limited to 4000 characters"),
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
  ticket: z.object({ id: z.string().uuid(), reference: z.string(), status: z.string(), customerContact: z.string().nullable(), assignee: z.string().nullable() }).nullable(),
});
