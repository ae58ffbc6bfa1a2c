// A seeded history for data-protection tests: conversations of chosen ages and states, with
// everything that can hang off one (messages with thumbs and token counts, a ticket with its
// snapshot, contact, rating and a staff note, a pending follow-up email, a reopen link, a webhook
// delivery carrying the customer's text). Written directly: the tests are about what is stored.
import { randomUUID } from "node:crypto";
import type { TestDatabase } from "../harness/db.ts";

export const DAY = 86_400_000;

export type SeededConversation = { id: string; email: string | null; secretText: string };

let counter = 0;

export async function seedConversation(
  db: TestDatabase,
  opts: {
    now: Date;
    /** Days before `now` the conversation started and last saw activity. */
    ageDays: number;
    status?: "bot" | "handoff" | "closed";
    email?: string | null;
    ticketStatus?: "open" | "in_progress" | "resolved" | null;
    /** A message this many days before `now`, after the rest. */
    lateMessageDaysAgo?: number;
    staffId?: string;
    endpointId?: string;
  },
): Promise<SeededConversation> {
  const n = ++counter;
  const at = new Date(opts.now.getTime() - opts.ageDays * DAY);
  const later = (ms: number) => new Date(at.getTime() + ms);
  const id = randomUUID();
  const secretText = `my order ${n} never arrived, call me on 0170-555-${String(n).padStart(4, "0")}`;
  const email = opts.email === undefined ? `person${n}@customer.example` : opts.email;
  await db.prisma.session.create({
    data: {
      id,
      tokenHash: `seed-${id}`,
      status: opts.status ?? "closed",
      origin: "https://shop.example",
      userAgent: `Mozilla/5.0 seed ${n}`,
      pageUrl: `https://shop.example/orders/${n}`,
      timeZone: "Europe/Berlin",
      browserIdHash: `browser-${id}`,
      createdAt: at,
      lastSeenAt: later(120_000),
      unsubscribeToken: `unsub-${id}`,
      ...(opts.ticketStatus && { handoffAt: later(70_000), handoffReason: "customer_request" }),
    },
  });
  const user = await db.prisma.message.create({
    data: { sessionId: id, role: "user", content: secretText, createdAt: later(0) },
  });
  await db.prisma.message.create({
    data: {
      sessionId: id,
      role: "assistant",
      content: `Sorry to hear that about order ${n}.`,
      replyToId: user.id,
      createdAt: later(1_000),
      feedback: n % 2 ? "up" : "down",
      model: "gpt-4o-mini",
      promptTokens: 900,
      completionTokens: 40,
      handoffSuggested: Boolean(opts.ticketStatus),
    },
  });
  if (opts.ticketStatus) {
    await db.prisma.message.create({
      data: {
        sessionId: id,
        role: "agent",
        content: `Hi, I am looking into order ${n}.`,
        authorName: "Bob Agent",
        authorStaffId: opts.staffId,
        createdAt: later(100_000),
      },
    });
    const ticket = await db.prisma.ticket.create({
      data: {
        sessionId: id,
        issueSummary: `Order ${n} missing`,
        customerContact: email,
        status: opts.ticketStatus,
        conversationSnapshot: [{ role: "user", content: secretText, createdAt: later(0).toISOString() }],
        createdAt: later(60_000),
        ...(opts.ticketStatus === "resolved" && {
          resolvedAt: later(110_000),
          rating: 4,
          ratingComment: `Thanks for order ${n}`,
          ratedAt: later(115_000),
        }),
      },
    });
    await db.prisma.ticketNote.create({
      data: {
        ticketId: ticket.id,
        authorId: opts.staffId,
        body: `Customer ${n} called twice`,
        createdAt: later(105_000),
      },
    });
    await db.prisma.conversationNote.create({
      data: {
        sessionId: id,
        authorStaffId: opts.staffId,
        authorName: "Bob Agent",
        body: `Customer ${n} sounds upset`,
        clientNoteId: randomUUID(),
        createdAt: later(101_000),
      },
    });
    await db.prisma.followUpEmail.create({
      data: { sessionId: id, dueAt: later(400_000), lastReplySeq: 1n, createdAt: later(100_000) },
    });
    await db.prisma.reopenLink.create({
      data: { tokenHash: `reopen-${id}`, sessionId: id, expiresAt: later(7 * DAY) },
    });
    if (opts.endpointId) {
      await db.prisma.webhookDelivery.create({
        data: {
          endpointId: opts.endpointId,
          eventId: randomUUID(),
          event: "message.created",
          status: "delivered",
          payload: {
            id: randomUUID(),
            type: "message.created",
            data: { conversationId: id, messageId: user.id, role: "customer", content: secretText, authorName: null },
          },
          createdAt: later(0),
        },
      });
    }
  }
  if (opts.lateMessageDaysAgo !== undefined) {
    await db.prisma.message.create({
      data: {
        sessionId: id,
        role: "user",
        content: `one more thing about order ${n}`,
        createdAt: new Date(opts.now.getTime() - opts.lateMessageDaysAgo * DAY),
      },
    });
  }
  return { id, email, secretText };
}

/** Every row of the tables a conversation's data lives in, as JSON text keyed by table and row id. */
export async function dumpRows(db: TestDatabase): Promise<Map<string, string>> {
  const tables: Array<[string, string]> = [
    ["Session", "id"],
    ["Message", "id"],
    ["Ticket", "id"],
    ["TicketNote", "id"],
    ["ConversationNote", "id"],
    ["FollowUpEmail", `"sessionId"`],
    ["ReopenLink", `"tokenHash"`],
    ["WebhookDelivery", "id"],
    ["WebhookEndpoint", "id"],
    ["Faq", "id"],
    ["StaffUser", "id"],
    ["Settings", "id"],
    ["AuditLog", "id"],
  ];
  const out = new Map<string, string>();
  for (const [table, key] of tables) {
    const rows = await db.sql.query<{ k: string; row: string }>(
      `SELECT ${key}::text AS k, to_jsonb(t)::text AS row FROM "${table}" t`,
    );
    for (const r of rows) out.set(`${table}:${r.k}`, r.row);
  }
  return out;
}

/** The rows of `after` that differ from `before` (changed, added or removed), by key. */
export function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}
