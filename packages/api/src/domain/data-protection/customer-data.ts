// Per-person data requests. There is no customer account: a person is the conversations they had,
// found by the email they left on a ticket or by a conversation id. Staff find them first, then
// export or erase exactly the conversations found (the audit log records those ids).
import type { PrismaClient } from "@support/db";
import { ticketReference } from "@support/schemas";
import type { JobQueue } from "../../jobs/queue.ts";
import { changeConversationStatus } from "../conversation/status.ts";
import { ticketsUpdated } from "../ticket/tickets.ts";
import { eraseConversations, type ErasureCounts } from "./erase.ts";
import { queryRows, sql } from "../../lib/raw-sql.ts";

export type CustomerQuery = { email: string } | { conversationId: string };

export async function findCustomerConversations(prisma: PrismaClient, query: CustomerQuery) {
  const sessions = await prisma.session.findMany({
    where:
      "email" in query
        ? { tickets: { some: { customerContact: { equals: query.email, mode: "insensitive" } } } }
        : { id: query.conversationId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      status: true,
      createdAt: true,
      lastSeenAt: true,
      erasedAt: true,
      _count: { select: { messages: true } },
      tickets: { orderBy: { number: "asc" }, select: { number: true, customerContact: true } },
    },
  });
  return sessions.map((s) => ({
    id: s.id,
    status: s.status,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    erasedAt: s.erasedAt,
    messageCount: s._count.messages,
    tickets: s.tickets.map((t) => ({ reference: ticketReference(t.number), customerContact: t.customerContact })),
  }));
}

/** Everything stored about these conversations, as one JSON-ready document. */
export async function exportCustomerData(prisma: PrismaClient, conversationIds: readonly string[], now: Date) {
  const ids = [...conversationIds];
  const [sessions, deliveries] = await Promise.all([
    prisma.session.findMany({
      where: { id: { in: ids } },
      orderBy: { createdAt: "asc" },
      include: {
        messages: {
          orderBy: { seq: "asc" },
          select: { id: true, role: true, content: true, createdAt: true, authorName: true, feedback: true },
        },
        tickets: {
          orderBy: { number: "asc" },
          include: { notes: { orderBy: { createdAt: "asc" }, include: { author: { select: { name: true } } } } },
        },
        followUp: { select: { dueAt: true } },
        notes: { orderBy: { createdAt: "asc" }, select: { body: true, authorName: true, createdAt: true } },
      },
    }),
    queryRows<{ id: string; event: string; status: string; createdAt: Date; payload: unknown; conversationId: string }>(
      prisma,
      sql`SELECT id::text AS id, event, status::text AS status, "createdAt", payload, payload->'data'->>'conversationId' AS "conversationId"
       FROM "WebhookDelivery" WHERE payload->'data'->>'conversationId' = ANY(${ids}::text[]) ORDER BY "createdAt"`,
    ),
  ]);
  return {
    format: "support-bot/customer-export@1" as const,
    exportedAt: now,
    conversations: sessions.map((s) => ({
      id: s.id,
      status: s.status,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      origin: s.origin,
      userAgent: s.userAgent,
      pageUrl: s.pageUrl,
      timeZone: s.timeZone,
      handoffAt: s.handoffAt,
      followUpOptOutAt: s.followUpOptOutAt,
      erasedAt: s.erasedAt,
      messages: s.messages,
      notes: s.notes,
      tickets: s.tickets.map((t) => ({
        id: t.id,
        reference: ticketReference(t.number),
        status: t.status,
        issueSummary: t.issueSummary,
        customerContact: t.customerContact,
        conversationSnapshot: t.conversationSnapshot,
        createdAt: t.createdAt,
        resolvedAt: t.resolvedAt,
        rating: t.rating,
        ratingComment: t.ratingComment,
        ratedAt: t.ratedAt,
        notes: t.notes.map((n) => ({ body: n.body, authorName: n.author?.name ?? null, createdAt: n.createdAt })),
      })),
      pendingFollowUpEmail: s.followUp,
      webhookDeliveries: deliveries
        .filter((d) => d.conversationId === s.id)
        .map((d) => ({ id: d.id, event: d.event, status: d.status, createdAt: d.createdAt, payload: d.payload })),
    })),
  };
}

/**
 * Erases a person's conversations in one transaction: open tickets are resolved and open
 * conversations closed first (through the status table, so open consoles update; each ticket this
 * resolves announces ticket.updated like any other status change), then everything
 * they wrote goes (erase.ts); the conversations stay as anonymous shells so counts stay right.
 */
export async function eraseCustomerData(
  prisma: PrismaClient,
  conversationIds: readonly string[],
  now: Date,
  jobs: JobQueue | null,
): Promise<ErasureCounts> {
  return prisma.$transaction(
    async (tx) => {
      const rows = await queryRows<{ id: string }>(
        tx,
        sql`SELECT id::text AS id FROM "Session" WHERE id = ANY(${[...conversationIds]}::uuid[]) ORDER BY id FOR UPDATE`,
      );
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return eraseConversations(tx, [], now, { reason: "request" });
      // RETURNING names exactly the tickets this erasure resolved: those, and only those, are
      // announced (ticket.updated carries ids and the status, no customer text).
      const resolved = await queryRows<{ id: string }>(
        tx,
        sql`UPDATE "Ticket" SET status = 'resolved', "resolvedAt" = ${now}, "updatedAt" = ${now}
         WHERE "sessionId" = ANY(${ids}::uuid[]) AND status <> 'resolved' RETURNING id::text AS id`,
      );
      // Announced before eraseConversations, whose payload scrub then covers these rows too.
      await ticketsUpdated(
        tx,
        jobs,
        resolved.map((t) => t.id),
        now,
      );
      for (const id of ids)
        await changeConversationStatus(tx, id, { kind: "resolved", byName: null }, now, {
          onlyFrom: ["bot", "handoff"],
          jobs,
        });
      return eraseConversations(tx, ids, now, { reason: "request" });
    },
    { timeout: 60_000 },
  );
}

/** The export as a file to download, named with today's date. */
export async function customerDataFile(prisma: PrismaClient, conversationIds: readonly string[], now: Date) {
  const document = await exportCustomerData(prisma, conversationIds, now);
  return { filename: `customer-data-${now.toISOString().slice(0, 10)}.json`, document };
}
