// Every Insights report reads in one read-only snapshot (REPEATABLE READ), so the figures of one
// report agree with each other, and with JIT compilation off: for these plans PostgreSQL's JIT
// costs more (100+ ms of compiling) than it saves.
import type { Database, RawSql } from "@support/db";

export async function inReportSnapshot<T>(db: Database, read: (sql: RawSql) => Promise<T>): Promise<T> {
  if (!db.pool) return read(db.sql);
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await client.query("SET LOCAL jit = off");
    const result = await read({ query: async (text, params) => (await client.query(text, params as unknown[] | undefined)).rows });
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
