// Per-test-file databases: a fresh clone of the migrated template, dropped afterwards.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDatabase, type Database } from "@support/db";
import { adminQuery, withDatabase } from "./postgres.ts";

export type TestDatabase = Database & { url: string; name: string; drop(): Promise<void> };

export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  await adminQuery(
    adminUrl,
    opts.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplateDb")}`,
  );
  const url = withDatabase(adminUrl, name);
  const db = await createDatabase({ databaseUrl: url });
  let dropped = false;
  return Object.assign(db, {
    url,
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.close();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  });
}
