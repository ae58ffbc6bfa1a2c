// What the staff inbox's procedures return (the list's items are ZInboxItem in ../live.ts).
import { z } from "zod";
import { ZConversationStatus } from "../chat.ts";
import { ZIsoDate } from "../common.ts";
import { ZConversationNote, ZCustomerContext } from "../inbox-tools.ts";
import { ZLiveMessage } from "../live.ts";

const ZStaffRef = z.object({ id: z.string().uuid(), name: z.string() });

export const ZInboxConversation = z.object({
  conversationId: z.string().uuid(),
  status: ZConversationStatus,
  handoffReason: z.string().nullable(),
  /** Who took the hand-off; null while the customer waits for a person. */
  joinedByName: z.string().nullable(),
  /** Who owns the conversation (null: unassigned). */
  assignee: ZStaffRef.nullable(),
  messages: z.array(ZLiveMessage),
  /** Staff's internal notes, oldest first; the console places them in the thread by time. */
  notes: z.array(ZConversationNote),
  ticket: z
    .object({
      id: z.string().uuid(),
      reference: z.string(),
      status: z.string(),
      issueSummary: z.string(),
      customerContact: z.string().nullable(),
      assignee: z.string().nullable(),
    })
    .nullable(),
  /** What the widget told us when the chat started, and this browser's other conversations. */
  customer: ZCustomerContext,
  /**
   * When the customer's data was erased (retention or an erasure request): message texts are then
   * empty, the ticket's summary and contact gone, and the customer's chat link no longer works.
   */
  erasedAt: ZIsoDate.nullable(),
});
export type InboxConversation = z.infer<typeof ZInboxConversation>;

export const ZInboxTakeOutput = z.object({ status: ZConversationStatus, joinedByName: z.string().nullable() });
export const ZInboxAssignOutput = z.object({ assignee: ZStaffRef.nullable() });
export const ZInboxMarkReadOutput = z.object({ ok: z.boolean() });
export const ZInboxHandBackOutput = z.object({ status: z.literal("bot") });
export const ZInboxResolveOutput = z.object({ status: z.literal("closed") });
