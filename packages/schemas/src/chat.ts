// Customer-side chat inputs and outputs, shared by the API and the widget.
import { z } from "zod";
import { ZIsoDate, zText } from "./common.ts";

/** Server-issued, base64url of 32 random bytes. */
export const ZSessionToken = z
  .string({ error: "sessionToken is required" })
  .regex(/^[A-Za-z0-9_-]{43}$/, "sessionToken is not a valid session token");

export const MAX_MESSAGE_CHARS = 2000;

export const ZMessageText = zText()
  .trim()
  .min(1, "Type a message before sending")
  .max(MAX_MESSAGE_CHARS, `Messages are limited to ${MAX_MESSAGE_CHARS} characters`);

export const ZChatStartInput = z
  .object({
    origin: zText().max(500).optional(),
    /**
     * Context for staff in the Inbox: the page the chat starts on and the customer's IANA time zone.
     * Kept only when they parse (an http(s) URL, a zone this server knows); otherwise dropped, so an
     * odd browser never stops a customer from chatting.
     */
    pageUrl: zText().max(2000).optional(),
    timeZone: zText().max(64).optional(),
    /** A random id the widget keeps in its own storage: staff see this browser's earlier conversations. */
    browserId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,64}$/, "browserId must be 16 to 64 letters, digits, _ or -")
      .optional(),
  })
  .optional();

export const ZChatStartOutput = z.object({
  sessionToken: ZSessionToken,
  conversationId: z.string().uuid(),
});

export const ZChatSendInput = z.object({
  sessionToken: ZSessionToken,
  clientMessageId: z.string().uuid("clientMessageId must be a UUID"),
  text: ZMessageText,
});

export const ZSource = z.object({ faqId: z.string(), question: z.string() });
export type Source = z.infer<typeof ZSource>;

export const ZAnswerMode = z.enum(["llm", "faq-only"]);

export const ZAssistantReply = z.object({
  id: z.string().uuid(),
  content: z.string(),
  sources: z.array(ZSource),
  mode: ZAnswerMode,
  handoffSuggested: z.boolean(),
  createdAt: ZIsoDate,
});
export type AssistantReply = z.infer<typeof ZAssistantReply>;

/**
 * What chat.send streams: text as it is generated, then the stored reply; or `handoff` when people
 * have the conversation and the bot stays quiet. `offer` (after a reply that could not help, or
 * alone when the customer asked for a person in words, then `accepted`) asks the widget to offer a
 * person; nothing is handed over until the customer accepts (ticket.create).
 */
export const ZChatSendEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("accepted"), userMessageId: z.string().uuid(), replayed: z.boolean() }),
  z.object({ type: z.literal("delta"), text: z.string() }),
  /** The streamed text so far is replaced by the final content (e.g. fallback after a cut stream). */
  z.object({ type: z.literal("reset") }),
  z.object({ type: z.literal("done"), message: ZAssistantReply }),
  /** The message went to people: `joinedBy` is who took the conversation, null while nobody has yet. */
  z.object({ type: z.literal("handoff"), joinedBy: z.string().nullable() }),
  z.object({ type: z.literal("offer"), accepted: z.boolean() }),
]);
export type ChatSendEvent = z.infer<typeof ZChatSendEvent>;

export const ZChatHistoryInput = z.object({ sessionToken: ZSessionToken });

export const ZRole = z.enum(["user", "assistant", "agent", "system"]);
export const ZConversationStatus = z.enum(["bot", "handoff", "closed"]);

export const ZHistoryMessage = z.object({
  id: z.string().uuid(),
  role: ZRole,
  content: z.string(),
  createdAt: ZIsoDate,
  clientMessageId: z.string().nullable(),
  sources: z.array(ZSource),
  mode: ZAnswerMode.nullable(),
  feedback: z.enum(["up", "down"]).nullable(),
  authorName: z.string().nullable(),
});
export type HistoryMessage = z.infer<typeof ZHistoryMessage>;

export const ZHandoffOffer = z.enum(["offered", "accepted"]);

export const ZChatHistoryOutput = z.object({
  conversationId: z.string().uuid(),
  status: ZConversationStatus,
  /** In hand-off: the member of staff who took it; null while the customer waits for a person. */
  joinedBy: z.string().nullable(),
  /** A person to offer now (after a miss, or asked for in words: "accepted"), or null. */
  handoffOffer: ZHandoffOffer.nullable(),
  /** An email the customer already left in this conversation: the hand-off step doesn't ask again. */
  knownContact: z.string().nullable(),
  messages: z.array(ZHistoryMessage),
  openTicket: z.object({ ticketId: z.string().uuid(), reference: z.string() }).nullable(),
});

export const ZChatDeclineHandoffInput = z.object({ sessionToken: ZSessionToken });

export const ZChatFeedbackInput = z.object({
  sessionToken: ZSessionToken,
  messageId: z.string().uuid(),
  rating: z.enum(["up", "down"]),
});

/** The widget showed the customer every message up to and including this one. */
export const ZChatSeenInput = z.object({ sessionToken: ZSessionToken, messageId: z.string().uuid() });

/** The secret from a follow-up email's "Continue the conversation" link. */
export const ZChatReopenInput = z.object({
  reopenToken: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid"),
});
export const ZChatReopenOutput = z.object({ sessionToken: z.string(), conversationId: z.string().uuid() });

/** "How did we do?" after a resolved hand-off. */
export const ZChatRateInput = z.object({
  sessionToken: ZSessionToken,
  score: z.number().int().min(1, "Choose 1 to 5 stars").max(5, "Choose 1 to 5 stars"),
  comment: zText().trim().max(1000, "Keep the comment under 1000 characters").optional(),
});
/** The resolved hand-off the customer may rate now (the latest, not yet rated), or null. */
export const ZChatRatingDueOutput = z.object({ ticketId: z.string().uuid(), reference: z.string() }).nullable();
