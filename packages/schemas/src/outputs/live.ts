// What the live streams carry (live.conversation for the widget, live.inbox for the console) and
// the small results of the live and typing mutations.
import { z } from "zod";
import { ZConversationStatus } from "../chat.ts";
import { PRESENCE_STATES, ZLiveMessage } from "../live.ts";

export const ZConversationEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message"), message: ZLiveMessage }),
  /** The status changed, or a member of staff joined the hand-off (`joinedBy`, null while waiting). */
  z.object({ type: z.literal("status"), status: ZConversationStatus, joinedBy: z.string().nullable() }),
  z.object({ type: z.literal("typing"), who: z.literal("agent"), name: z.string().nullable() }),
  /** Settings the widget shows changed (e.g. business hours while the customer waits): read widget.config again. */
  z.object({ type: z.literal("settings") }),
]);
export type ConversationEvent = z.infer<typeof ZConversationEvent>;

export const ZInboxEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message"), conversationId: z.string().uuid(), message: ZLiveMessage }),
  z.object({
    type: z.literal("status"),
    conversationId: z.string().uuid(),
    status: ZConversationStatus,
    joinedBy: z.string().nullable(),
  }),
  z.object({ type: z.literal("typing"), conversationId: z.string().uuid(), who: z.literal("customer") }),
  /** A colleague has the conversation open ("viewing", repeated while it stays open), is typing, or left it. */
  z.object({
    type: z.literal("presence"),
    conversationId: z.string().uuid(),
    staffId: z.string().uuid(),
    name: z.string(),
    state: z.enum(PRESENCE_STATES),
  }),
  /** Its owner or its ticket changed: read the conversation again. */
  z.object({ type: z.literal("changed"), conversationId: z.string().uuid() }),
  /** Live events may have been missed (the server's event connection was down): reload lists. */
  z.object({ type: z.literal("resync") }),
]);
export type InboxEvent = z.infer<typeof ZInboxEvent>;

/** A signal that is not stored (typing, presence): `ok` false when this server has no live updates. */
export const ZSignalOutput = z.object({ ok: z.boolean() });
