// Retention: closed conversations with no activity for Settings.retentionDays lose their transcript
// and the customer's details (see erase.ts: the conversation stays as an anonymous shell, tickets
// keep their summary). Run by a scheduled job (jobs/index.ts); one instance at a time: the job's
// queue holds at most one running job, and on PostgreSQL the run also holds an advisory lock, so a
// run started by hand (or a second queue) gives way. Work goes in batches, one short transaction
// each, so no lock is held for long and customers' requests never wait behind it.
import type { Database, PrismaClient } from "@support/db";
import type { Logger } from "../../lib/logger.ts";
import { loadSettings, saveSettings } from "../settings/settings.ts";
import { addCounts, eraseConversations, NO_ERASURES, type ErasureCounts } from "./erase.ts";
import { queryRows, sql } from "../../lib/raw-sql.ts";

/** Any number; the same in every instance (queue.ts uses 0x5b0b_0001). */
export const RETENTION_LOCK_KEY = 0x5b0b_0002;
export const RETENTION_BATCH_SIZE = 500;
const DAY_MS = 86_400_000;

export type RetentionReport =
  | { ran: false; reason: "off" | "another run holds the lock" }
  | ({ ran: true; retentionDays: number; cutoff: Date; batches: number } & ErasureCounts);

export type RetentionOptions = {
  db: Database;
  /** Injected so tests can run "90 days later" over a seeded history. */
  now: Date;
  log: Logger;
  batchSize?: number;
  /** Called after each committed batch with its counts and duration (the benchmark). */
  onBatch?: (counts: ErasureCounts, ms: number) => void;
};

/**
 * Erases every closed conversation whose last message and last customer activity are older than
 * the retention period and which has no unresolved ticket. Returns what it removed (counts only).
 */
export async function applyRetention(opts: RetentionOptions): Promise<RetentionReport> {
  const { retentionDays } = await loadSettings(opts.db.prisma);
  if (!retentionDays) return { ran: false, reason: "off" };
  const cutoff = new Date(opts.now.getTime() - retentionDays * DAY_MS);
  const report = await withRunLock(opts.db, async () => {
    let totals = NO_ERASURES;
    let batches = 0;
    for (;;) {
      const started = performance.now();
      const counts = await opts.db.prisma.$transaction(
        async (tx) => {
          const due = await queryRows<{ id: string }>(
            tx,
            sql`SELECT s.id::text AS id FROM "Session" s
           WHERE s.status = 'closed' AND s."erasedAt" IS NULL AND s."lastSeenAt" < ${cutoff}
             AND NOT EXISTS (SELECT 1 FROM "Message" m WHERE m."sessionId" = s.id AND m."createdAt" >= ${cutoff})
             AND NOT EXISTS (SELECT 1 FROM "Ticket" t WHERE t."sessionId" = s.id AND t.status <> 'resolved')
           ORDER BY s."lastSeenAt"
           LIMIT ${opts.batchSize ?? RETENTION_BATCH_SIZE}
           FOR UPDATE OF s SKIP LOCKED`,
          );
          return due.length
            ? eraseConversations(
                tx,
                due.map((r) => r.id),
                opts.now,
                { reason: "retention" },
              )
            : null;
          // The rows locked are old closed conversations nobody is using; a slow batch on a busy
          // server (bench: ~1 s per 500 conversations / 5,000 messages, mostly index upkeep) must
          // not be cut by Prisma's 5 s default.
        },
        { timeout: 120_000, maxWait: 30_000 },
      );
      if (!counts) break;
      opts.onBatch?.(counts, performance.now() - started);
      batches++;
      totals = addCounts(totals, counts);
    }
    return { ran: true as const, retentionDays, cutoff, batches, ...totals };
  });
  if (!report) return { ran: false, reason: "another run holds the lock" };
  // Counts only: nothing a customer wrote, no ids of people.
  if (report.conversations > 0)
    opts.log.info(
      { ...report, cutoff: report.cutoff.toISOString() },
      "retention: transcripts of old closed conversations removed",
    );
  return report;
}

/**
 * On PostgreSQL: a session advisory lock on a dedicated connection for the whole run (null when
 * another instance holds it). The embedded PGlite has one process, whose job queue runs one
 * retention job at a time.
 */
async function withRunLock<T>(db: Database, fn: () => Promise<T>): Promise<T | null> {
  if (!db.pool) return fn();
  const client = await db.pool.connect();
  // A checked-out client has no pool listener: a dropped connection (database restart) must not
  // become an uncaught exception; the query in flight fails and the next run tries again.
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  client.on("error", onError);
  try {
    const lock = sql`SELECT pg_try_advisory_lock(${RETENTION_LOCK_KEY}) AS locked`;
    const { rows } = await client.query<{ locked: boolean }>(lock.text, lock.values);
    if (!rows[0]?.locked) return null;
    try {
      return await fn();
    } finally {
      const unlock = sql`SELECT pg_advisory_unlock(${RETENTION_LOCK_KEY})`;
      await client.query(unlock.text, unlock.values).catch(() => undefined);
    }
  } finally {
    client.off("error", onError);
    // A broken connection is discarded, not returned to the pool.
    client.release(broken);
  }
}

/** Days a closed, quiet conversation keeps its transcript; null keeps it forever. */
export async function retentionDays(prisma: PrismaClient): Promise<{ retentionDays: number | null }> {
  return { retentionDays: (await loadSettings(prisma)).retentionDays };
}

export async function setRetentionDays(
  prisma: PrismaClient,
  days: number | null,
): Promise<{ retentionDays: number | null }> {
  const saved = await saveSettings(prisma, { retentionDays: days });
  return { retentionDays: saved.retentionDays };
}
