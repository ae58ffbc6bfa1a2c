// npm run bench -- insights [--conversations 100000]: every Insights query on PostgreSQL with a
// seeded history (10 messages per conversation over 90 days), timed over the last 30 days and
// the whole 90, each printed beside the 300 ms target. TEST_DATABASE_URL: use that server instead
// of a throwaway one.
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { applyMigrations, createDatabase, seedConversationHistory, seedDemoData } from "@support/db";
import {
  costAndResolvedReport,
  faqPerformance,
  inReportSnapshot,
  resolutionReport,
  unansweredGroups,
  type InsightsRange,
} from "../../packages/api/src/domain/insights/index.ts";
import { adminQuery, startPostgres, withDatabase } from "../harness/postgres.ts";

const TARGET_MS = 300;
const RUNS = 5;

export async function run(args: string[]) {
  const { values } = parseArgs({ args, options: { conversations: { type: "string", default: "100000" } } });
  const conversations = Number(values.conversations);
  const external = process.env.TEST_DATABASE_URL;
  const pg = external ? null : await startPostgres();
  const adminUrl = external ?? pg!.adminUrl;
  const dbName = `bench_insights_${randomUUID().slice(0, 8)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${dbName}`);
  const db = await createDatabase({ databaseUrl: withDatabase(adminUrl, dbName) });
  try {
    await applyMigrations(db);
    await seedDemoData(db.prisma);
    const endAt = new Date();
    const seeded = await seedConversationHistory(db.prisma, { conversations, days: 90, endAt });
    console.log(`seeded ${seeded.conversations.toLocaleString()} conversations / ${seeded.messages.toLocaleString()} messages in ${(seeded.ms / 1000).toFixed(1)} s`);
    await db.sql.query(`VACUUM ANALYZE`);
    const today = endAt.toISOString().slice(0, 10);
    const daysBefore = (n: number) => new Date(endAt.getTime() - n * 86_400_000).toISOString().slice(0, 10);
    const ranges: Array<[string, InsightsRange]> = [
      ["last 30 days, by day", { from: daysBefore(29), to: today, grouping: "day" }],
      ["last 90 days, by week", { from: daysBefore(89), to: today, grouping: "week" }],
    ];
    // As the procedures run them: in one read-only snapshot with JIT off.
    const queries: Array<[string, (r: InsightsRange) => Promise<unknown>]> = [
      ["insights.resolution", (r) => inReportSnapshot(db, (sql) => resolutionReport(sql, r, "Europe/Berlin"))],
      ["insights.unanswered", (r) => inReportSnapshot(db, (sql) => unansweredGroups(sql, r, "Europe/Berlin"))],
      ["insights.faqPerformance", (r) => inReportSnapshot(db, (sql) => faqPerformance(sql, r, "Europe/Berlin"))],
      ["insights.cost (incl. resolution)", (r) => inReportSnapshot(db, (sql) => costAndResolvedReport(sql, r, "Europe/Berlin"))],
    ];
    console.log(`\n${"query".padEnd(36)}${"range".padEnd(24)}${"p50 ms".padStart(8)}${"max ms".padStart(8)}  target`);
    let allMet = true;
    for (const [rangeName, range] of ranges) {
      for (const [name, query] of queries) {
        await query(range); // warm the cache: the figure is for a page someone reloads, not a cold disk
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const t = performance.now();
          await query(range);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        const p50 = times[Math.floor(times.length / 2)]!;
        const max = times[times.length - 1]!;
        const met = p50 < TARGET_MS;
        allMet &&= met;
        console.log(`${name.padEnd(36)}${rangeName.padEnd(24)}${p50.toFixed(0).padStart(8)}${max.toFixed(0).padStart(8)}  < ${TARGET_MS} ms ${met ? "met" : "NOT MET"}`);
      }
    }
    console.log(allMet ? `\nEvery insights query under ${TARGET_MS} ms (median of ${RUNS}).` : `\nSome insights queries are over ${TARGET_MS} ms.`);
  } finally {
    await db.close();
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await pg?.stop();
  }
}
