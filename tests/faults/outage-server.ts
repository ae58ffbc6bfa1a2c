// A support server on its own PostgreSQL server, which a fault test may stop and start again
// without touching the database every other test file shares.
import { randomBytes } from "node:crypto";
import { applyMigrations, createDatabase } from "@support/db";
import type { EventBusOptions } from "@support/api";
import { startPostgres, withDatabase, adminQuery, type PostgresServer } from "../harness/postgres.ts";
import type { TestDatabase } from "../harness/db.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";

export type OutageRig = { pg: PostgresServer; db: TestDatabase; servers: TestServer[]; close(): Promise<void> };

export async function startOutageRig(opts: { instances: EventBusOptions[] }): Promise<OutageRig> {
  const pg = await startPostgres();
  const name = `outage_${randomBytes(4).toString("hex")}`;
  await adminQuery(pg.adminUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(pg.adminUrl, name);
  // The pool's idle clients die with the server; it replaces them, nothing to report in a test.
  const db = await createDatabase({ databaseUrl: url, onPoolError: () => undefined });
  await applyMigrations(db);
  const testDb: TestDatabase = Object.assign(db, { url, name, drop: async () => db.close() });
  const servers: TestServer[] = [];
  for (const [i, events] of opts.instances.entries())
    servers.push(await startTestServer({ db: testDb, seed: i === 0, events }));
  return {
    pg,
    db: testDb,
    servers,
    async close() {
      for (const s of servers) await s.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      await pg.stop();
    },
  };
}
