// Follow-up by email: when staff reply and the customer has not seen it within `delayMs`, the
// customer (if they left an email) gets one email per burst of replies, with the replies, a link
// that reopens the conversation in the widget on the business's site, and an unsubscribe link.
//
// Due times live in PostgreSQL (FollowUpEmail, one row per conversation), so any instance may send
// and a restart loses none. A periodic sweep (sendDueFollowUps) claims due rows by moving their
// dueAt forward under FOR UPDATE SKIP LOCKED: two instances never claim the same row, and a row
// whose sender died is claimed again after the claim lapses. Kept as one function so a jobs
// library can call it later instead of the interval timer.
import type { Database, PrismaClient } from "@support/db";
import { rawRows, sql } from "../../lib/raw-sql.ts";
import { generateSecret, hashSecret } from "../../lib/tokens.ts";
import { loadSettings } from "../settings/settings.ts";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export type FollowUpConfig = {
  /** How long a staff reply may stay unseen before it is emailed. */
  delayMs: number;
  /** How long the reopen link in an email works. */
  reopenLinkTtlMs: number;
};

export const defaultFollowUpConfig: FollowUpConfig = { delayMs: 5 * 60_000, reopenLinkTtlMs: 7 * 86_400_000 };

/** While one sweep sends a claimed row, others leave it alone for this long. */
const CLAIM_MS = 2 * 60_000;
const MAX_ATTEMPTS = 5;

/**
 * Called in the transaction that stores a staff reply: starts a burst (due `delayMs` from now) or
 * adds the reply to the burst already waiting (its due time stays: one email per burst).
 */
export async function scheduleFollowUp(
  tx: Tx,
  sessionId: string,
  replySeq: bigint,
  now: Date,
  delayMs: number,
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "FollowUpEmail" ("sessionId", "dueAt", "lastReplySeq")
    VALUES (${sessionId}::uuid, ${new Date(now.getTime() + delayMs)}, ${replySeq})
    ON CONFLICT ("sessionId") DO UPDATE SET "lastReplySeq" = GREATEST("FollowUpEmail"."lastReplySeq", EXCLUDED."lastReplySeq")`;
}

/** The widget showed the customer every message up to `seq` (never moves backwards). */
export async function markCustomerSeen(prisma: PrismaClient, sessionId: string, seq: bigint): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "Session" SET "customerSeenSeq" = GREATEST("customerSeenSeq", LEAST(${seq}, (SELECT COALESCE(max(seq), 0) FROM "Message" WHERE "sessionId" = ${sessionId}::uuid)))
    WHERE id = ${sessionId}::uuid`;
}

export type FollowUpMail = {
  to: string;
  businessName: string;
  replies: Array<{ authorName: string | null; content: string; createdAt: Date }>;
  reopenUrl: string;
  unsubscribeUrl: string;
};

export type SweepOptions = {
  db: Database;
  now: Date;
  publicUrl: string;
  config?: Partial<FollowUpConfig>;
  /** Delivers one email; a throw leaves the row to be tried again by a later sweep. */
  send: (mail: FollowUpMail) => Promise<void>;
  limit?: number;
};

export type SweepResult = { sent: number; skipped: number; failed: number };

type Claimed = { sessionId: string; lastReplySeq: bigint | string; attempts: number };

/** Sends every follow-up that is due. Safe to run on several instances at once. */
export async function sendDueFollowUps(opts: SweepOptions): Promise<SweepResult> {
  const config = { ...defaultFollowUpConfig, ...opts.config };
  const result: SweepResult = { sent: 0, skipped: 0, failed: 0 };
  const claim = sql`
    UPDATE "FollowUpEmail" SET "dueAt" = ${new Date(opts.now.getTime() + CLAIM_MS)}, attempts = attempts + 1
    WHERE "sessionId" IN (
      SELECT "sessionId" FROM "FollowUpEmail" WHERE "dueAt" <= ${opts.now} ORDER BY "dueAt" LIMIT ${opts.limit ?? 20}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "sessionId", "lastReplySeq", attempts`;
  const claimed = await rawRows<Claimed>(opts.db.sql, claim);
  if (claimed.length === 0) return result;
  const settings = await loadSettings(opts.db.prisma);
  for (const row of claimed) {
    const upTo = BigInt(row.lastReplySeq);
    try {
      const mail = await prepareMail(opts, settings, row.sessionId, upTo, config);
      if (mail) {
        await opts.send(mail);
        await opts.db.prisma.session.update({ where: { id: row.sessionId }, data: { followUpMailedSeq: upTo } });
        result.sent++;
      } else {
        result.skipped++;
      }
      await finishBurst(opts.db.prisma, row.sessionId, upTo, opts.now, config.delayMs);
    } catch (err) {
      result.failed++;
      // Given up after a few tries: the replies stay in the conversation; only the email is lost.
      if (row.attempts >= MAX_ATTEMPTS)
        await finishBurst(opts.db.prisma, row.sessionId, upTo, opts.now, config.delayMs);
      if (row.attempts >= MAX_ATTEMPTS) throw err;
    }
  }
  return result;
}

/** Done with the burst up to `upTo`; a reply that arrived meanwhile starts the next one. */
async function finishBurst(
  prisma: PrismaClient,
  sessionId: string,
  upTo: bigint,
  now: Date,
  delayMs: number,
): Promise<void> {
  await prisma.$executeRaw`DELETE FROM "FollowUpEmail" WHERE "sessionId" = ${sessionId}::uuid AND "lastReplySeq" <= ${upTo}`;
  await prisma.$executeRaw`UPDATE "FollowUpEmail" SET "dueAt" = ${new Date(now.getTime() + delayMs)}, attempts = 0 WHERE "sessionId" = ${sessionId}::uuid`;
}

async function prepareMail(
  opts: SweepOptions,
  settings: Awaited<ReturnType<typeof loadSettings>>,
  sessionId: string,
  upTo: bigint,
  config: FollowUpConfig,
): Promise<FollowUpMail | null> {
  const prisma = opts.db.prisma;
  const session = await prisma.session.findUnique({ where: { id: sessionId } });
  if (!session || session.followUpOptOutAt) return null;
  const ticket = await prisma.ticket.findFirst({
    where: { sessionId, customerContact: { not: null } },
    orderBy: { createdAt: "desc" },
  });
  const to = ticket?.customerContact;
  if (!to) return null;
  const after =
    session.customerSeenSeq > session.followUpMailedSeq ? session.customerSeenSeq : session.followUpMailedSeq;
  const replies = await prisma.message.findMany({
    where: { sessionId, role: "agent", seq: { gt: after, lte: upTo } },
    orderBy: { seq: "asc" },
    select: { authorName: true, content: true, createdAt: true },
  });
  // Seen in the widget already (or mailed): nothing to tell.
  if (replies.length === 0) return null;

  const reopenToken = generateSecret();
  await prisma.reopenLink.create({
    data: {
      tokenHash: hashSecret(reopenToken),
      sessionId,
      expiresAt: new Date(opts.now.getTime() + config.reopenLinkTtlMs),
    },
  });
  let unsubscribeToken = session.unsubscribeToken;
  if (!unsubscribeToken) {
    unsubscribeToken = generateSecret();
    await prisma.session.update({ where: { id: sessionId }, data: { unsubscribeToken } });
  }

  const site = reopenSite(session.origin, settings.allowedOrigins, opts.publicUrl);
  const reopenUrl = new URL(site);
  reopenUrl.searchParams.set("support_chat", reopenToken);
  const unsubscribeUrl = new URL("/email/unsubscribe", opts.publicUrl);
  unsubscribeUrl.searchParams.set("token", unsubscribeToken);
  return {
    to,
    businessName: settings.businessName,
    replies,
    reopenUrl: reopenUrl.href,
    unsubscribeUrl: unsubscribeUrl.href,
  };
}

/** The business's page the conversation started on, when it is still an allowed site; else the server's own page. */
export function reopenSite(origin: string | null, allowedOrigins: readonly string[], publicUrl: string): string {
  if (origin) {
    try {
      const o = new URL(origin).origin;
      if (allowedOrigins.includes(o)) return `${o}/`;
    } catch {
      // not a URL: fall through
    }
  }
  return new URL("/", publicUrl).href;
}

/**
 * A reopen link's secret -> a fresh session token for its conversation (the old token stops
 * working: whoever holds the link now holds the conversation). Null when unknown or expired.
 */
export async function reopenConversation(
  prisma: PrismaClient,
  reopenToken: string,
  now: Date,
): Promise<{ sessionToken: string; conversationId: string } | null> {
  const link = await prisma.reopenLink.findUnique({ where: { tokenHash: hashSecret(reopenToken) } });
  if (!link || link.expiresAt <= now) return null;
  const sessionToken = generateSecret();
  await prisma.session.update({
    where: { id: link.sessionId },
    data: { tokenHash: hashSecret(sessionToken), lastSeenAt: now },
  });
  return { sessionToken, conversationId: link.sessionId };
}

/** The unsubscribe link's secret: no more follow-up emails for its conversation. False when unknown. */
export async function unsubscribeFollowUps(prisma: PrismaClient, token: string, now: Date): Promise<boolean> {
  const { count } = await prisma.session.updateMany({
    where: { unsubscribeToken: token },
    data: { followUpOptOutAt: now },
  });
  return count > 0;
}
