// Every Insights report reads in one read-only snapshot (REPEATABLE READ), so the figures of one
// report agree with each other, and with JIT compilation off: for these plans PostgreSQL's JIT
// costs more (100+ ms of compiling) than it saves; with work_mem raised for this transaction only,
// so grouping a quarter's rows sorts and hashes in memory instead of spilling to disk.
import type { Database, RawSql } from "@support/db";

export async function inReportSnapshot<T>(db: Database, read: (sql: RawSql) => Promise<T>): Promise<T> {
  if (!db.pool) return read(db.sql);
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await client.query("SET LOCAL jit = off");
    await client.query("SET LOCAL work_mem = '32MB'");
    // One connection runs one statement at a time: reports that ask in parallel are queued here.
    let queue: Promise<unknown> = Promise.resolve();
    const query = <R>(text: string, params?: unknown[]): Promise<R[]> => {
      const next = queue.then(async () => (await client.query(text, params)).rows as R[]);
      queue = next.catch(() => undefined);
      return next;
    };
    const result = await read({ query: query as RawSql["query"] });
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
