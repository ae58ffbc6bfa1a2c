// The job queue (pg-boss) on both databases the product runs on: the embedded PGlite and a real
// PostgreSQL. A job sent inside a Prisma transaction exists only if the transaction commits; a
// failing job is retried; a job is run once even with two queues (two instances) on one database.
import { expect } from "vitest";
import { createJobQueue, silentLogger } from "@support/api";
import { describeOnBothDatabases } from "../harness/both-databases.ts";
import { changeWaiter } from "../harness/wait.ts";

const QUEUES = [{ name: "test.echo", retryLimit: 2, retryDelaySeconds: 1 }];

describeOnBothDatabases("job queue", async (db, cleanup) => {
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
  for (const q of [a, b]) cleanup(() => q.stop(1_000));
  const runs: Array<{ key: string; by: string; retry: number }> = [];
  const ran = changeWaiter();
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
        ran.changed();
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

  await ran.until(() => runs.length >= 12, "12 runs");
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
});
