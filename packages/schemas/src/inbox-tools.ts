// The Inbox's agent tools: saved replies (inserted with "/" in the composer), internal notes inside
// a conversation, and what the console shows about the customer beside the thread.
import { z } from "zod";
import { ZIsoDate, zText } from "./common.ts";

export const SAVED_REPLY_SHORTCUT = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const ZSavedReplyInput = z.object({
  shortcut: zText()
    .trim()
    .toLowerCase()
    .regex(SAVED_REPLY_SHORTCUT, "Use 1 to 40 lower-case letters, digits and dashes, such as refund-policy"),
  title: zText().trim().min(1, "Give the reply a title").max(100, "Titles are limited to 100 characters"),
  body: zText().trim().min(1, "Write the reply").max(4000, "Replies are limited to 4000 characters"),
});
export type SavedReplyInput = z.infer<typeof ZSavedReplyInput>;

export const ZSavedReplyUpdateInput = ZSavedReplyInput.extend({ id: z.string().uuid() });
export const ZSavedReplyId = z.object({ id: z.string().uuid() });

export const ZSavedReply = z.object({
  id: z.string().uuid(),
  shortcut: z.string(),
  title: z.string(),
  body: z.string(),
  updatedByName: z.string().nullable(),
  updatedAt: z.date(),
});
export type SavedReply = z.infer<typeof ZSavedReply>;

export const ZConversationNoteInput = z.object({
  conversationId: z.string().uuid(),
  /** Made by the console per note: a retried send returns the stored note. */
  clientNoteId: z.string().uuid(),
  text: zText().trim().min(1, "Type a note").max(4000, "Notes are limited to 4000 characters"),
});

/** Staff only: never part of what the customer's widget, the model or emails see. */
export const ZConversationNote = z.object({
  id: z.string().uuid(),
  authorName: z.string(),
  body: z.string(),
  createdAt: ZIsoDate,
});
export type ConversationNote = z.infer<typeof ZConversationNote>;

/** What the Inbox shows beside the thread about the customer and their browser. */
export const ZCustomerContext = z.object({
  /** The host site's origin the widget was embedded on. */
  origin: z.string().nullable(),
  /** The page the chat started on (http or https only). */
  pageUrl: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** "Chrome 131 on Windows" (parsed with bowser); null when the user agent says nothing recognisable. */
  browser: z.string().nullable(),
  /** mobile | tablet | desktop | tv, as far as the user agent tells. */
  device: z.string().nullable(),
  /** The customer's IANA time zone: the console shows their local time from it. */
  timeZone: z.string().nullable(),
  startedAt: z.date(),
  /** Whether the widget sent a browser id (older conversations have none): "no other conversations" is known only then. */
  browserKnown: z.boolean(),
  /** Other conversations started in the same browser, newest first (at most 10). */
  otherConversations: z.array(
    z.object({
      conversationId: z.string().uuid(),
      startedAt: ZIsoDate,
      status: z.enum(["bot", "handoff", "closed"]),
      /** The customer's first message, cut to 140 characters. */
      firstMessage: z.string().nullable(),
      ticketReference: z.string().nullable(),
    }),
  ),
});
