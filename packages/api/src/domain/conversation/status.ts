// Who answers a conversation: the bot, people (hand-off), or nobody until the customer writes again
// (closed). The only code that writes Session.status: every change goes through its table, writes the
// one notice its new state has (a stored system message, so a reload shows the same), and is
// announced live by the database triggers (a "status" event for the status or a join, a "message"
// event for the notice), whichever instance made it.
import type { Prisma } from "@support/db";
import type { JobQueue } from "../../jobs/queue.ts";
import { enqueueWebhookEvent } from "../../jobs/webhooks.ts";

export type ConversationStatus = "bot" | "handoff" | "closed";
export type HandoffReason = "customer_request" | "missing_knowledge" | "model_failure";

/** What happened to a conversation. */
export type StatusChange =
  /** The customer accepted a person (a ticket exists): they wait until someone joins. */
  | { kind: "handoff_requested"; reason: HandoffReason; ticketReference: string; contact: string | null }
  /** A member of staff replied or took the conversation (assigned themselves). */
  | { kind: "staff_joined"; staffName: string }
  /** Staff gave the conversation back to the bot. */
  | { kind: "handed_back"; staffName: string }
  /** Staff (or a script, byName null) resolved it. */
  | { kind: "resolved"; byName: string | null }
  /** The customer wrote to a resolved conversation: the bot answers again. */
  | { kind: "customer_returned" };

/** The transition table: from which statuses each change applies, and the status it leads to. */
export const STATUS_TRANSITIONS: {
  [K in StatusChange["kind"]]: { from: readonly ConversationStatus[]; to: ConversationStatus };
} = {
  handoff_requested: { from: ["bot", "closed"], to: "handoff" },
  // In "handoff" only while nobody has joined yet (checked in changeConversationStatus).
  staff_joined: { from: ["bot", "handoff", "closed"], to: "handoff" },
  handed_back: { from: ["handoff"], to: "bot" },
  resolved: { from: ["bot", "handoff"], to: "closed" },
  customer_returned: { from: ["closed"], to: "bot" },
};

/** One wording per state the customer can be in; null: the change needs no notice. */
export function noticeFor(change: StatusChange): string | null {
  switch (change.kind) {
    case "handoff_requested":
      return `We've passed this to our team (ticket ${change.ticketReference}). You'll get the reply here${change.contact ? `, and by email at ${change.contact}` : ""}.`;
    case "staff_joined":
      return `${change.staffName} joined the conversation.`;
    case "handed_back":
      return `${change.staffName} handed this conversation back to our virtual assistant. You can ask for a person again at any time.`;
    case "resolved":
      return resolvedNote(change.byName);
    case "customer_returned":
      return null;
  }
}

export function resolvedNote(byName: string | null): string {
  return `${byName ?? "Our team"} marked this conversation as resolved. Write again any time and our assistant will help.`;
}

export type StatusChangeResult =
  | { changed: false; status: ConversationStatus; joinedByName: string | null }
  | {
      changed: true;
      from: ConversationStatus;
      status: ConversationStatus;
      joinedByName: string | null;
      notice: string | null;
    };

/**
 * Locks the conversation's row until the caller's transaction ends: escalating, closing and every
 * status change of one conversation run one at a time (a double click or a retry finds the first
 * one's ticket; no ticket opens between counting a conversation's tickets and closing it).
 */
export async function lockConversation(tx: Prisma.TransactionClient, sessionId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Session" WHERE id = ${sessionId}::uuid FOR UPDATE`;
}

/**
 * Applies `change` inside the caller's transaction, after locking the conversation's row (so two
 * agents, or an agent and the customer, can't both apply a change from the same state). A change
 * the table doesn't allow from the current state changes nothing and posts nothing.
 * `onlyFrom` narrows the table for one caller (e.g. resolving a ticket never closes a bot conversation).
 */
export async function changeConversationStatus(
  tx: Prisma.TransactionClient,
  sessionId: string,
  change: StatusChange,
  now: Date,
  opts: { onlyFrom?: readonly ConversationStatus[]; jobs?: JobQueue | null } = {},
): Promise<StatusChangeResult> {
  const [row] = await tx.$queryRaw<
    Array<{ status: ConversationStatus; joinedByName: string | null; handoffReason: HandoffReason | null }>
  >`
    SELECT status::text AS status, "joinedByName", "handoffReason"::text AS "handoffReason" FROM "Session" WHERE id = ${sessionId}::uuid FOR UPDATE`;
  if (!row) throw new Error(`conversation ${sessionId} not found`);
  const rule = STATUS_TRANSITIONS[change.kind];
  const allowed = rule.from.includes(row.status) && (!opts.onlyFrom || opts.onlyFrom.includes(row.status));
  const alreadyJoined = change.kind === "staff_joined" && row.status === "handoff" && row.joinedByName !== null;
  if (!allowed || alreadyJoined) return { changed: false, status: row.status, joinedByName: row.joinedByName };

  const data: Prisma.SessionUpdateInput = { status: rule.to };
  switch (change.kind) {
    case "handoff_requested":
      Object.assign(data, {
        handoffReason: change.reason,
        handoffAt: now,
        lastSeenAt: now,
        joinedByName: null,
        joinedAt: null,
      });
      break;
    case "staff_joined":
      Object.assign(data, { joinedByName: change.staffName, joinedAt: now });
      // Taking over a conversation nobody asked to hand off starts the hand-off now.
      if (row.status !== "handoff")
        Object.assign(data, { handoffAt: now, handoffReason: row.handoffReason ?? "customer_request" });
      break;
    case "handed_back":
    case "resolved":
      Object.assign(data, { joinedByName: null, joinedAt: null });
      break;
    case "customer_returned":
      break;
  }
  await tx.session.update({ where: { id: sessionId }, data });
  const notice = noticeFor(change);
  if (notice) await tx.message.create({ data: { sessionId, role: "system", content: notice } });
  if (rule.to === "handoff" && row.status !== "handoff") {
    const reason = change.kind === "handoff_requested" ? change.reason : (row.handoffReason ?? "customer_request");
    const ticketReference = change.kind === "handoff_requested" ? change.ticketReference : null;
    await enqueueWebhookEvent(
      tx,
      opts.jobs ?? null,
      "conversation.handoff",
      { conversationId: sessionId, reason, ticketReference },
      now,
    );
  }
  const joinedByName =
    change.kind === "staff_joined"
      ? change.staffName
      : rule.to === "handoff" && change.kind !== "handoff_requested"
        ? row.joinedByName
        : null;
  return { changed: true, from: row.status, status: rule.to, joinedByName, notice };
}
