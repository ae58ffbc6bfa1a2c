// npm run bench -- insights [--conversations 100000]: every Insights query on PostgreSQL with a
// seeded history (10 messages per conversation over 90 days), timed over the last 30 days and
// the whole 90, each printed beside the 300 ms target. TEST_DATABASE_URL: use that server instead
// of a throwaway one. --keep <name>: seed into that database on the first run and reuse it (with
// pending migrations applied) on later runs, since seeding a million messages takes minutes.
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import pg from "pg";
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
const BEFORE_LIMIT_MS = 60_000;

export async function run(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      conversations: { type: "string", default: "100000" },
      keep: { type: "string" },
      "skip-before": { type: "boolean", default: false },
    },
  });
  const conversations = Number(values.conversations);
  const external = process.env.TEST_DATABASE_URL;
  if (values.keep !== undefined && !/^[a-z_][a-z0-9_]*$/.test(values.keep))
    throw new Error("--keep: a database name of lower-case letters, digits and _");
  if (values.keep !== undefined && !external)
    throw new Error("--keep needs TEST_DATABASE_URL (a server that outlives the benchmark)");
  const pg = external ? null : await startPostgres();
  const adminUrl = external ?? pg!.adminUrl;
  const dbName = values.keep ?? `bench_insights_${randomUUID().slice(0, 8)}`;
  const fresh = values.keep === undefined || !(await databaseExists(adminUrl, dbName));
  if (fresh) await adminQuery(adminUrl, `CREATE DATABASE ${dbName}`);
  const db = await createDatabase({ databaseUrl: withDatabase(adminUrl, dbName) });
  const limited = `${withDatabase(adminUrl, dbName)}${adminUrl.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c statement_timeout=${BEFORE_LIMIT_MS}`)}`;
  const beforeDb = await createDatabase({ databaseUrl: limited });
  try {
    await applyMigrations(db);
    let endAt = new Date();
    if (fresh) {
      await seedDemoData(db.prisma);
      const seeded = await seedConversationHistory(db.prisma, { conversations, days: 90, endAt });
      console.log(
        `seeded ${seeded.conversations.toLocaleString()} conversations / ${seeded.messages.toLocaleString()} messages in ${(seeded.ms / 1000).toFixed(1)} s`,
      );
    } else {
      // The kept history ends when it was seeded: the ranges end there too, so every run reads the same rows.
      const [last] = await db.sql.query<{ at: Date; messages: number }>(
        `SELECT max("createdAt") AS at, count(*)::int AS messages FROM "Message"`,
      );
      endAt = last?.at ?? endAt;
      console.log(
        `reusing database ${dbName}: ${last?.messages.toLocaleString()} messages up to ${endAt.toISOString()}`,
      );
    }
    await db.sql.query(`VACUUM ANALYZE`);
    const today = endAt.toISOString().slice(0, 10);
    const daysBefore = (n: number) => new Date(endAt.getTime() - n * 86_400_000).toISOString().slice(0, 10);
    const ranges: Array<[string, InsightsRange]> = [
      ["last 30 days, by day", { from: daysBefore(29), to: today, grouping: "day" }],
      ["last 90 days, by week", { from: daysBefore(89), to: today, grouping: "week" }],
    ];
    // As the procedures run them: in one read-only snapshot with JIT off. "before" is the same
    // report computed from the stored messages (what the derived tables replaced).
    const tz = "Europe/Berlin";
    const queries: Array<[string, (r: InsightsRange, fromSource: boolean) => Promise<unknown>]> = [
      [
        "insights.resolution",
        (r, fromSource) =>
          inReportSnapshot(fromSource ? beforeDb : db, (sql) => resolutionReport(sql, r, tz, { fromSource })),
      ],
      [
        "insights.unanswered",
        (r, fromSource) =>
          inReportSnapshot(fromSource ? beforeDb : db, (sql) => unansweredGroups(sql, r, tz, { fromSource })),
      ],
      [
        "insights.faqPerformance",
        (r, fromSource) =>
          inReportSnapshot(fromSource ? beforeDb : db, (sql) => faqPerformance(sql, r, tz, { fromSource })),
      ],
      [
        "insights.cost (incl. resolution)",
        (r, fromSource) =>
          inReportSnapshot(fromSource ? beforeDb : db, (sql) => costAndResolvedReport(sql, r, tz, { fromSource })),
      ],
    ];
    const time = async (f: () => Promise<unknown>, runs: number) => {
      await f(); // warm the cache: the figure is for a page someone reloads, not a cold disk
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await f();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return { p50: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]! };
    };
    // The old SQL can take minutes on the long range: one run, cut off after BEFORE_LIMIT_MS.
    const timeBefore = async (f: () => Promise<unknown>) => {
      const t = performance.now();
      try {
        await f();
        return (performance.now() - t).toFixed(0);
      } catch (err) {
        if (/statement timeout/.test(String((err as Error).message))) return `>${BEFORE_LIMIT_MS}`;
        throw err;
      }
    };
    console.log(
      `\n${"query".padEnd(36)}${"range".padEnd(24)}${"p50 ms".padStart(8)}${"max ms".padStart(8)}${"before".padStart(9)}  target`,
    );
    let allMet = true;
    // Every current query first, then the old SQL: its minutes of reading the message table would
    // otherwise evict the derived tables from the cache and slow the figures being measured.
    const results: Array<{
      name: string;
      rangeName: string;
      now: { p50: number; max: number };
      before: string | null;
    }> = [];
    for (const [rangeName, range] of ranges) {
      for (const [name, query] of queries)
        results.push({ name, rangeName, now: await time(() => query(range, false), RUNS), before: null });
    }
    if (!values["skip-before"]) {
      for (const [i, [, range]] of ranges.entries()) {
        for (const [j, [, query]] of queries.entries())
          results[i * queries.length + j]!.before = await timeBefore(() => query(range, true));
      }
    }
    for (const { name, rangeName, now, before } of results) {
      const met = now.p50 < TARGET_MS;
      allMet &&= met;
      console.log(
        `${name.padEnd(36)}${rangeName.padEnd(24)}${now.p50.toFixed(0).padStart(8)}${now.max.toFixed(0).padStart(8)}${(before ?? "-").padStart(9)}  < ${TARGET_MS} ms ${met ? "met" : "NOT MET"}`,
      );
    }
    console.log(
      allMet
        ? `\nEvery insights query under ${TARGET_MS} ms (median of ${RUNS}).`
        : `\nSome insights queries are over ${TARGET_MS} ms.`,
    );
  } finally {
    await beforeDb.close();
    await db.close();
    if (values.keep === undefined)
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await pg?.stop();
  }
}

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}
