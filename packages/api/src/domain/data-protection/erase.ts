// Removing what customers wrote while keeping the numbers: a conversation whose data is erased
// (by the retention job or an erasure request) stays as an anonymous shell. Its Session row and
// its messages' metadata (role, time, tokens, cited FAQs, thumbs) stay, so Insights' counts,
// costs and FAQ performance read the same; the message text, the customer's contact, the ticket's
// transcript snapshot and rating comment, the page address, time zone and browser id the widget
// reported, follow-up and reopen rows, and customer text in webhook
// delivery payloads go. Why a shell rather than per-day aggregate rows: every Insights query reads
// Session and Message directly, and the shell keeps them right without a second code path.
import type { Prisma } from "@support/db";
import { empty, execute, sql } from "../../lib/raw-sql.ts";

export type ErasureCounts = {
  conversations: number;
  /** Message texts removed. */
  messages: number;
  /** Tickets that lost their transcript snapshot, contact and rating comment. */
  tickets: number;
  /** Staff notes on those tickets and internal notes in those conversations (erasure requests only). */
  ticketNotes: number;
  followUps: number;
  reopenLinks: number;
  /** Webhook deliveries whose payload lost the customer's text. */
  webhookDeliveries: number;
};

export const NO_ERASURES: ErasureCounts = {
  conversations: 0,
  messages: 0,
  tickets: 0,
  ticketNotes: 0,
  followUps: 0,
  reopenLinks: 0,
  webhookDeliveries: 0,
};

export function addCounts(a: ErasureCounts, b: ErasureCounts): ErasureCounts {
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v + b[k as keyof ErasureCounts]])) as ErasureCounts;
}

export type EraseOptions = {
  /**
   * "retention" keeps a ticket's issue summary and staff notes (staff still see what a ticket was
   * about); "request" (a person asked to be erased) removes them with everything else.
   */
  reason: "retention" | "request";
};

/**
 * Erases the customer data of `sessionIds` inside the caller's transaction (rows the caller has
 * locked). Set-based statements, one per table: a batch of 500 conversations is a handful of
 * statements. The customer's session token stops working (its hash is replaced).
 */
export async function eraseConversations(
  tx: Prisma.TransactionClient,
  sessionIds: readonly string[],
  now: Date,
  opts: EraseOptions,
): Promise<ErasureCounts> {
  if (sessionIds.length === 0) return NO_ERASURES;
  const ids = [...sessionIds];
  const messages = await execute(
    tx,
    sql`UPDATE "Message" SET content = '' WHERE "sessionId" = ANY(${ids}::uuid[]) AND content <> ''`,
  );
  const tickets = await execute(
    tx,
    sql`UPDATE "Ticket" SET "conversationSnapshot" = '[]'::jsonb, "customerContact" = NULL, "ratingComment" = NULL
       ${opts.reason === "request" ? sql`, "issueSummary" = ''` : empty}
     WHERE "sessionId" = ANY(${ids}::uuid[])`,
  );
  const ticketNotes =
    opts.reason === "request"
      ? (await execute(
          tx,
          sql`DELETE FROM "TicketNote" WHERE "ticketId" IN (SELECT id FROM "Ticket" WHERE "sessionId" = ANY(${ids}::uuid[]))`,
        )) + (await execute(tx, sql`DELETE FROM "ConversationNote" WHERE "sessionId" = ANY(${ids}::uuid[])`))
      : 0;
  const followUps = await execute(tx, sql`DELETE FROM "FollowUpEmail" WHERE "sessionId" = ANY(${ids}::uuid[])`);
  const reopenLinks = await execute(tx, sql`DELETE FROM "ReopenLink" WHERE "sessionId" = ANY(${ids}::uuid[])`);
  // Deliveries stay in the log (status, attempts); only the fields that carry customer text go.
  const webhookDeliveries = await execute(
    tx,
    sql`UPDATE "WebhookDelivery" SET payload = jsonb_set(payload, '{data}', (payload->'data') - 'content' - 'issueSummary')
     WHERE payload->'data'->>'conversationId' = ANY(${ids}::text[])
       AND ((payload->'data') ? 'content' OR (payload->'data') ? 'issueSummary')`,
  );
  // 'erased:<id>' never equals a SHA-256 hex digest, so no token opens the conversation again.
  const conversations = await execute(
    tx,
    sql`UPDATE "Session" SET "tokenHash" = 'erased:' || id::text, origin = NULL, "userAgent" = NULL, "pageUrl" = NULL, "timeZone" = NULL, "browserIdHash" = NULL, "unsubscribeToken" = NULL, "erasedAt" = ${now}
     WHERE id = ANY(${ids}::uuid[])`,
  );
  return { conversations, messages, tickets, ticketNotes, followUps, reopenLinks, webhookDeliveries };
}
