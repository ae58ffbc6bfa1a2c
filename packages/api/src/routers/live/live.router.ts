// Live streams over server-sent events: the customer's conversation (agent replies, status,
// typing) and the staff inbox (live/streams.ts). Each replays from the client's last event id after
// a reconnect, then follows LISTEN/NOTIFY, so a dropped connection loses nothing and no event is sent twice.
import type { TRPCRouterRecord } from "@trpc/server";
import {
  ZConversationEvent,
  ZConversationStreamInput,
  ZCustomerTypingInput,
  ZInboxEvent,
  ZSignalOutput,
} from "@support/schemas";
import { zTrackedStream } from "../../lib/stream-output.ts";
import { conversationStream, inboxStream, publishCustomerTyping } from "../../live/streams.ts";
import { customerProcedure, staffProcedure } from "../../trpc.ts";

export const liveRouter = {
  /** The customer's own conversation. Open it with the session token in `x-session-token`. */
  conversation: customerProcedure
    .input(ZConversationStreamInput)
    .output(zTrackedStream(ZConversationEvent))
    .subscription(({ ctx, input, signal }) => conversationStream(ctx, ctx.session, input, signal)),

  /** The customer is typing: shown to the agent in the inbox. */
  customerTyping: customerProcedure
    .meta({ limits: ["customerPerIp", "customerTypingPerConversation"] })
    .input(ZCustomerTypingInput)
    .output(ZSignalOutput)
    .mutation(async ({ ctx }) => {
      await publishCustomerTyping(ctx, ctx.session.id);
      return { ok: true };
    }),

  /**
   * Every conversation's messages, status and owner changes, customer typing, and colleagues'
   * presence (viewing, typing) for the console inbox. The subscriber's own presence is left out.
   */
  inbox: staffProcedure
    .input(ZConversationStreamInput)
    .output(zTrackedStream(ZInboxEvent))
    .subscription(({ ctx, input, signal }) => inboxStream(ctx, ctx.staff.id, input, signal)),
} satisfies TRPCRouterRecord;
