// Background work on a PostgreSQL-backed queue (pg-boss): jobs are rows, so a restart loses
// nothing and any number of server instances share them, each job fetched by exactly one instance
// (SELECT ... FOR UPDATE SKIP LOCKED). pg-boss 10 talks to the database through a plain
// `executeSql(text, values)`, so the same queue runs on a real PostgreSQL (the shared pool) and on
// the embedded PGlite, which has no pg Pool. Its tables live in their own schema ("pgboss"), created
// and migrated by pg-boss itself: Prisma's migrations and `npm run db:check` cover "public" only.
import type { Database, Prisma } from "@support/db";
import PgBoss from "pg-boss";
import type { Logger } from "../lib/logger.ts";
import { sql } from "../lib/raw-sql.ts";

export const JOB_SCHEMA = "pgboss";

type SqlResult = { rows: unknown[] };
type ExecuteSql = (text: string, values?: unknown[]) => Promise<SqlResult>;

/**
 * JSON objects are sent as text: pg, PGlite and Prisma's drivers all pass a string through to a
 * jsonb parameter unchanged, but disagree on how (or whether) they serialise an object.
 */
function toParams(values: unknown[] | undefined): unknown[] | undefined {
  return values?.map((v) =>
    v === undefined
      ? null
      : v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)
        ? JSON.stringify(v)
        : v,
  );
}

/** pg-boss's database port over whichever database the product runs on. */
export function executeSqlFor(db: Database): ExecuteSql {
  if (db.pool) {
    const pool = db.pool;
    // Without values pg uses the simple protocol, which runs pg-boss's multi-statement scripts.
    return async (text, values) => pool.query(text, toParams(values) as unknown[] | undefined);
  }
  const pglite = db.pglite;
  if (!pglite) throw new Error("job queue: the database has neither a pool nor a PGlite instance");
  return async (text, values) => {
    if (values && values.length) return pglite.query(text, toParams(values));
    // PGlite's extended protocol takes one statement; its exec runs a whole script (pg-boss's
    // migrations and locked BEGIN ... COMMIT blocks) atomically with respect to other queries.
    const results = await pglite.exec(text);
    return { rows: results.at(-1)?.rows ?? [] };
  };
}

/** pg-boss's port over an open Prisma transaction: jobs sent through it commit or roll back with it. */
export function executeSqlInTransaction(tx: Prisma.TransactionClient): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...(toParams(values) ?? []));
      return { rows };
    },
  };
}

export type QueueDefinition = {
  name: string;
  /** Attempts after the first one; the delay doubles from retryDelaySeconds (pg-boss backoff). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** "stately": at most one queued and one running job (a periodic sweep queued twice runs once). */
  policy?: "standard" | "stately";
};

export type JobHandler<T> = (data: T, job: { id: string; retryCount: number }) => Promise<void>;

export type JobQueue = {
  boss: PgBoss;
  /** Queues a job now, outside any transaction. */
  send<T extends object>(name: string, data: T, options?: PgBoss.SendOptions): Promise<string | null>;
  /** Queues a job inside `tx`: it exists once the transaction commits, never otherwise. */
  sendInTransaction<T extends object>(
    tx: Prisma.TransactionClient,
    name: string,
    data: T,
    options?: PgBoss.SendOptions,
  ): Promise<string | null>;
  /** Runs `handler` for jobs of `name` in this process, `concurrency` at a time. A throw is a failed attempt, retried per the queue. */
  work<T extends object>(name: string, handler: JobHandler<T>, opts?: { concurrency?: number }): Promise<void>;
  /** Queues `name` on a cron schedule; pg-boss creates each due job once, whatever the number of instances. */
  schedule(name: string, cron: string, data?: object): Promise<void>;
  /** Stops fetching, waits (up to graceMs) for running jobs; unfinished ones are retried by whichever instance runs next. */
  stop(graceMs?: number): Promise<void>;
};

export type JobQueueOptions = {
  log: Logger;
  queues: readonly QueueDefinition[];
  /** How often an idle worker looks for jobs (pg-boss's minimum is 0.5 s). */
  pollingIntervalSeconds?: number;
  /** pg-boss's maintenance and cron clock; off for short-lived queues in tests. */
  supervise?: boolean;
};

export async function createJobQueue(db: Database, opts: JobQueueOptions): Promise<JobQueue> {
  const log = opts.log.child({ component: "jobs" });
  // pg-boss records a finished job's completion without awaiting it (and its cron worker can still be
  // mid-query when stop returns): stop waits for these statements, so none reaches a pool the caller
  // has closed (an unhandled rejection otherwise).
  const execute = executeSqlFor(db);
  const inFlight = new Set<Promise<unknown>>();
  const tracked: ExecuteSql = (text, values) => {
    const statement = execute(text, values);
    const settled: Promise<unknown> = statement.then(
      () => inFlight.delete(settled),
      () => inFlight.delete(settled),
    );
    inFlight.add(settled);
    return statement;
  };
  const boss = new PgBoss({
    db: { executeSql: tracked as PgBoss.Db["executeSql"] },
    schema: JOB_SCHEMA,
    supervise: opts.supervise ?? true,
    schedule: opts.supervise ?? true,
    migrate: true,
  });
  boss.on("error", (err: Error) => log.error({ err }, "job queue error"));
  await withSetupLock(db, async () => {
    await boss.start();
    await defineQueues(boss, opts.queues);
  });
  const polling = opts.pollingIntervalSeconds ?? 2;
  let stopped = false;
  return {
    boss,
    send: (name, data, options = {}) => boss.send(name, data, options),
    sendInTransaction: (tx, name, data, options = {}) =>
      boss.send(name, data, { ...options, db: executeSqlInTransaction(tx) }),
    async work(name, handler, { concurrency = 1 } = {}) {
      // One pg-boss worker per unit of concurrency: each fetches one job, so a slow job never holds others back.
      for (let i = 0; i < concurrency; i++) {
        await boss.work<object>(
          name,
          { pollingIntervalSeconds: polling, batchSize: 1, includeMetadata: true },
          async ([job]) => {
            if (!job) return;
            await handler(job.data as never, { id: job.id, retryCount: job.retryCount });
          },
        );
      }
    },
    async schedule(name, cron, data = {}) {
      await boss.schedule(name, cron, data, { tz: "UTC" });
    },
    async stop(graceMs = 10_000) {
      if (stopped) return;
      stopped = true;
      // close: false — the database belongs to the caller, who closes it after this.
      await boss.stop({ graceful: true, close: false, wait: true, timeout: Math.max(graceMs, 1) });
      // A statement can start in the continuation of one that just settled: wait until a turn passes
      // quiet, within the same grace.
      const deadline = Date.now() + graceMs;
      while (inFlight.size > 0 && Date.now() < deadline) {
        await Promise.allSettled([...inFlight]);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

async function defineQueues(boss: PgBoss, queues: readonly QueueDefinition[]) {
  for (const q of queues) {
    const options: PgBoss.Queue = {
      name: q.name,
      policy: q.policy ?? "standard",
      retryLimit: q.retryLimit ?? 0,
      retryDelay: q.retryDelaySeconds ?? 0,
      retryBackoff: q.retryBackoff ?? false,
      ...(q.expireInSeconds && { expireInSeconds: q.expireInSeconds }),
    };
    // createQueue is a no-op for an existing queue; updateQueue keeps its settings in step with the code.
    await boss.createQueue(q.name, options);
    await boss.updateQueue(q.name, options);
  }
}

/** Any number; the same in every instance. */
const SETUP_LOCK_KEY = 0x5b0b_0001;

/**
 * pg-boss creates a queue's partition table on first use, and two instances starting together
 * deadlock doing it. On a real server, setup runs under a session advisory lock on a dedicated
 * connection, one instance after the other; PGlite has one process and one connection.
 */
async function withSetupLock(db: Database, fn: () => Promise<void>): Promise<void> {
  if (!db.pool) return fn();
  const client = await db.pool.connect();
  try {
    const lock = sql`SELECT pg_advisory_lock(${SETUP_LOCK_KEY})`;
    await client.query(lock.text, lock.values);
    await fn();
  } finally {
    const unlock = sql`SELECT pg_advisory_unlock(${SETUP_LOCK_KEY})`;
    await client.query(unlock.text, unlock.values).catch(() => undefined);
    client.release();
  }
}
