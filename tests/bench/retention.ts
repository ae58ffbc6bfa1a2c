// npm run bench -- retention [--conversations 20000]: the retention job on PostgreSQL over a seeded
// history (10 messages per conversation over 90 days, bot conversations closed), retention set to
// 30 days: total time, conversations per second, and the longest batch transaction (how long a
// batch holds its row locks), beside a 1 s target per batch. TEST_DATABASE_URL: use that server.
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { applyMigrations, createDatabase, seedConversationHistory, seedDemoData } from "@support/db";
import { applyRetention, silentLogger } from "@support/api";
import { adminQuery, startPostgres, withDatabase } from "../harness/postgres.ts";

const BATCH_TARGET_MS = 1_000;

export async function run(args: string[]) {
  const { values } = parseArgs({ args, options: { conversations: { type: "string", default: "20000" } } });
  const conversations = Number(values.conversations);
  const external = process.env.TEST_DATABASE_URL;
  const pg = external ? null : await startPostgres();
  const adminUrl = external ?? pg!.adminUrl;
  const dbName = `bench_retention_${randomUUID().slice(0, 8)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${dbName}`);
  const db = await createDatabase({ databaseUrl: withDatabase(adminUrl, dbName) });
  try {
    await applyMigrations(db);
    await seedDemoData(db.prisma);
    const now = new Date();
    const seeded = await seedConversationHistory(db.prisma, { conversations, days: 90, endAt: now });
    // The history's bot conversations and resolved hand-offs are closed, as they would be by now.
    await db.sql.query(`ALTER TABLE "Session" DISABLE TRIGGER USER`);
    await db.sql.query(
      `UPDATE "Session" s SET status = 'closed' WHERE NOT EXISTS (SELECT 1 FROM "Ticket" t WHERE t."sessionId" = s.id AND t.status <> 'resolved')`,
    );
    await db.sql.query(`ALTER TABLE "Session" ENABLE TRIGGER USER`);
    await db.sql.query(`VACUUM ANALYZE`);
    await db.prisma.settings.update({ where: { id: 1 }, data: { retentionDays: 30 } });
    console.log(
      `seeded ${seeded.conversations.toLocaleString()} conversations / ${seeded.messages.toLocaleString()} messages; retention 30 days`,
    );

    const batchMs: number[] = [];
    const t = performance.now();
    const report = await applyRetention({ db, now, log: silentLogger, onBatch: (_c, ms) => batchMs.push(ms) });
    const totalMs = performance.now() - t;
    if (!report.ran) throw new Error(`retention did not run: ${report.reason}`);
    batchMs.sort((a, b) => a - b);
    const longest = batchMs.at(-1) ?? 0;
    console.log(
      `erased ${report.conversations.toLocaleString()} conversations, ${report.messages.toLocaleString()} message texts, ${report.tickets} tickets in ${report.batches} batches`,
    );
    console.log(
      `total ${(totalMs / 1000).toFixed(1)} s (${Math.round(report.conversations / (totalMs / 1000)).toLocaleString()} conversations/s)`,
    );
    console.log(
      `batch p50 ${batchMs[Math.floor(batchMs.length / 2)]?.toFixed(0)} ms, longest ${longest.toFixed(0)} ms (target < ${BATCH_TARGET_MS} ms): ${longest < BATCH_TARGET_MS ? "met" : "NOT met"}`,
    );
    const t2 = performance.now();
    await applyRetention({ db, now, log: silentLogger });
    console.log(`a run with nothing due: ${(performance.now() - t2).toFixed(0)} ms`);
  } finally {
    await db.close();
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await pg?.stop();
  }
}
