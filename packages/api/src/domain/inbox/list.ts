// The Inbox's list: one query over conversations with their last message, unread count, waiting
// time, latest ticket and owner, for a view and a search. Raw SQL (lib/raw-sql.ts, so every value is
// a bound parameter where it is used): LATERAL joins and the view conditions are not expressible in
// Prisma's query API.
import type { PrismaClient } from "@support/db";
import { ticketReference, type InboxView, type ZInboxItem } from "@support/schemas";
import type { z } from "zod";
import { literalContains } from "../../lib/like.ts";
import { empty, queryRows, sql, type Sql } from "../../lib/raw-sql.ts";

/** Which conversations each Inbox view lists; `owner` is the conversation's assignee (or its ticket's). */
function viewCondition(view: InboxView, staffId: string): Sql {
  switch (view) {
    case "waiting":
      return sql`s.status = 'handoff'`;
    case "bot":
      return sql`s.status = 'bot' AND last.role IS NOT NULL`;
    case "mine":
      return sql`s.status <> 'closed' AND COALESCE(s."assigneeId", t."assigneeId") = ${staffId}::uuid`;
    case "unassigned":
      return sql`s.status = 'handoff' AND COALESCE(s."assigneeId", t."assigneeId") IS NULL`;
    case "closed":
      return sql`s.status = 'closed'`;
    case "all":
      return sql`last.role IS NOT NULL`;
  }
}

/**
 * Customer text, staff's notes (on the conversation or its ticket), contact email, or a ticket number ("#1001" or "1001");
 * `%` and `_` match themselves. Notes count because staff search for what a colleague wrote down.
 */
function searchCondition(search: string | undefined): Sql {
  if (!search) return sql`true`;
  const pattern = `%${literalContains(search)}%`;
  const number = /^#?(\d{1,9})$/.exec(search)?.[1];
  return sql`(
    EXISTS (SELECT 1 FROM "Message" m WHERE m."sessionId" = s.id AND m.role = 'user' AND m.content ILIKE ${pattern})
    OR EXISTS (SELECT 1 FROM "ConversationNote" n WHERE n."sessionId" = s.id AND n.body ILIKE ${pattern})
    OR EXISTS (SELECT 1 FROM "TicketNote" tn JOIN "Ticket" nt ON nt.id = tn."ticketId" WHERE nt."sessionId" = s.id AND tn.body ILIKE ${pattern})
    OR EXISTS (SELECT 1 FROM "Ticket" tc WHERE tc."sessionId" = s.id AND (tc."customerContact" ILIKE ${pattern} ${number ? sql`OR tc.number = ${Number(number)}` : empty}))
  )`;
}

type InboxRow = {
  id: string;
  status: "bot" | "handoff" | "closed";
  handoffReason: "customer_request" | "missing_knowledge" | "model_failure" | null;
  handoffAt: Date | null;
  lastActivityAt: Date;
  lastRole: string | null;
  lastContent: string | null;
  lastAuthor: string | null;
  unread: number;
  waitingSince: Date | null;
  ticketId: string | null;
  ticketNumber: number | null;
  ticketStatus: string | null;
  ticketContact: string | null;
  ticketAssignee: string | null;
  ownerId: string | null;
  ownerName: string | null;
  erasedAt: Date | null;
};

/** The conversations of `view` matching `search` (at most 200, latest activity first), as `staffId` sees them. */
export async function listInbox(
  prisma: PrismaClient,
  staffId: string,
  view: InboxView,
  search: string | undefined,
): Promise<z.input<typeof ZInboxItem>[]> {
  const rows = await queryRows<InboxRow>(
    prisma,
    sql`
    SELECT s.id, s.status::text AS status, s."handoffReason"::text AS "handoffReason", s."handoffAt", s."erasedAt",
           COALESCE(last."createdAt", s."lastSeenAt") AS "lastActivityAt",
           last.role::text AS "lastRole", last.content AS "lastContent", last."authorName" AS "lastAuthor",
           (SELECT count(*)::int FROM "Message" m WHERE m."sessionId" = s.id AND m.role = 'user' AND m.seq > s."staffReadSeq") AS unread,
           (SELECT CASE
              WHEN s.status <> 'handoff' THEN NULL
              -- No human has answered since the hand-off: the wait started with it.
              WHEN la.seq IS NULL OR la."createdAt" < COALESCE(s."handoffAt", s."createdAt") THEN COALESCE(s."handoffAt", s."createdAt")
              ELSE (SELECT min(m."createdAt") FROM "Message" m WHERE m."sessionId" = s.id AND m.role = 'user' AND m.seq > la.seq)
            END
            FROM (SELECT max(a.seq) AS seq, max(a."createdAt") AS "createdAt" FROM "Message" a WHERE a."sessionId" = s.id AND a.role = 'agent') la) AS "waitingSince",
           t.id AS "ticketId", t.number AS "ticketNumber", t.status::text AS "ticketStatus",
           t."customerContact" AS "ticketContact", su.name AS "ticketAssignee",
           owner.id AS "ownerId", owner.name AS "ownerName"
    FROM "Session" s
    LEFT JOIN LATERAL (
      SELECT role, content, "authorName", "createdAt" FROM "Message" m
      WHERE m."sessionId" = s.id AND m.role <> 'system' ORDER BY m.seq DESC LIMIT 1
    ) last ON true
    LEFT JOIN LATERAL (
      SELECT * FROM "Ticket" t WHERE t."sessionId" = s.id ORDER BY t."createdAt" DESC LIMIT 1
    ) t ON true
    LEFT JOIN "StaffUser" su ON su.id = t."assigneeId"
    LEFT JOIN "StaffUser" owner ON owner.id = COALESCE(s."assigneeId", t."assigneeId")
    WHERE ${viewCondition(view, staffId)} AND ${searchCondition(search || undefined)}
    ORDER BY "lastActivityAt" DESC
    LIMIT 200`,
  );
  return rows.map((r) => ({
    conversationId: r.id,
    status: r.status,
    handoffReason: r.handoffReason,
    handoffAt: r.handoffAt,
    lastActivityAt: r.lastActivityAt,
    lastMessage: r.lastRole ? { role: r.lastRole, content: r.lastContent ?? "", authorName: r.lastAuthor } : null,
    unread: r.unread,
    waitingSince: r.waitingSince,
    ticket: r.ticketId
      ? {
          id: r.ticketId,
          reference: ticketReference(r.ticketNumber!),
          status: r.ticketStatus!,
          customerContact: r.ticketContact,
          assignee: r.ticketAssignee,
        }
      : null,
    assignee: r.ownerId ? { id: r.ownerId, name: r.ownerName! } : null,
    erasedAt: r.erasedAt,
  }));
}
