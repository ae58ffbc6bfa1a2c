// The job queue (pg-boss) on both databases the product runs on: the embedded PGlite and a real
// PostgreSQL. A job sent inside a Prisma transaction exists only if the transaction commits; a
// failing job is retried; a job is run once even with two queues (two instances) on one database.
import { afterAll, describe, expect, it } from "vitest";
import { createJobQueue, silentLogger, type JobQueue } from "@support/api";
import { applyMigrations, createDatabase, type Database } from "@support/db";
import { createTestDatabase } from "../harness/db.ts";

const opened: Array<{ close(): Promise<void> } | { drop(): Promise<void> }> = [];
const queues: JobQueue[] = [];
afterAll(async () => {
  for (const q of queues) await q.stop(1_000);
  for (const db of opened) await ("drop" in db ? db.drop() : db.close());
});

const QUEUES = [{ name: "test.echo", retryLimit: 2, retryDelaySeconds: 1 }];

function waitFor<T>(check: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const tick = () => {
      const v = check();
      if (v !== undefined) return resolve(v);
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

async function exercise(db: Database) {
  const a = await createJobQueue(db, {
    log: silentLogger,
    queues: QUEUES,
    pollingIntervalSeconds: 0.5,
    supervise: false,
  });
  const b = await createJobQueue(db, {
    log: silentLogger,
    queues: QUEUES,
    pollingIntervalSeconds: 0.5,
    supervise: false,
  });
  queues.push(a, b);
  const runs: Array<{ key: string; by: string; retry: number }> = [];
  let failuresLeft = 1;
  for (const [q, by] of [
    [a, "a"],
    [b, "b"],
  ] as const) {
    await q.work<{ key: string }>(
      "test.echo",
      async (data, job) => {
        if (data.key === "flaky" && failuresLeft-- > 0) throw new Error("receiver down");
        runs.push({ key: data.key, by, retry: job.retryCount });
      },
      { concurrency: 2 },
    );
  }

  // Sent inside a committed transaction: runs. Inside a rolled-back one: never exists.
  await db.prisma.$transaction(async (tx) => {
    await a.sendInTransaction(tx, "test.echo", { key: "committed" });
  });
  await db.prisma
    .$transaction(async (tx) => {
      await a.sendInTransaction(tx, "test.echo", { key: "rolled-back" });
      throw new Error("abort");
    })
    .catch(() => undefined);
  await a.send("test.echo", { key: "flaky" });
  for (let i = 0; i < 10; i++) await b.send("test.echo", { key: `bulk-${i}` });

  await waitFor(() => (runs.length >= 12 ? true : undefined), "12 runs");
  const keys = runs.map((r) => r.key).sort();
  expect(keys).toEqual([
    "bulk-0",
    "bulk-1",
    "bulk-2",
    "bulk-3",
    "bulk-4",
    "bulk-5",
    "bulk-6",
    "bulk-7",
    "bulk-8",
    "bulk-9",
    "committed",
    "flaky",
  ]);
  expect(runs.find((r) => r.key === "flaky")!.retry).toBe(1);
  const rows = await db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test.echo' AND data->>'key' = 'rolled-back'`,
  );
  expect(rows[0]!.n).toBe(0);
}

describe("job queue", () => {
  it("works on the embedded PGlite", { timeout: 180_000 }, async () => {
    const db = await createDatabase({ dataDir: "memory://" });
    opened.push(db);
    await applyMigrations(db);
    await exercise(db);
  });

  it("works on PostgreSQL", async () => {
    const db = await createTestDatabase();
    opened.push(db);
    await exercise(db);
  });
});
