// An embedded PGlite with every migration applied, for tests of what runs on it (not of the
// migrations: tests/db/migrations.test.ts replays them). Replaying 25 migrations in WebAssembly
// takes one to two minutes on a busy machine, so it is done once per set of migrations (and
// PGlite version) and kept in the temp directory; each caller opens its own copy of that
// directory, the way PostgreSQL test databases are clones of a migrated template.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations, createDatabase, type Database } from "@support/db";
import { ROOT } from "./apps.ts";

function templateKey(): string {
  const hash = createHash("sha256");
  hash.update(readFileSync(join(ROOT, "node_modules/@electric-sql/pglite/package.json")));
  const migrations = join(ROOT, "prisma/migrations");
  for (const name of readdirSync(migrations).sort()) {
    const sql = join(migrations, name, "migration.sql");
    if (existsSync(sql)) hash.update(name).update(readFileSync(sql));
  }
  return hash.digest("hex").slice(0, 16);
}

async function templateDir(): Promise<string> {
  const dir = join(tmpdir(), `support-pglite-template-${templateKey()}`);
  if (existsSync(dir)) return dir;
  // Built aside and renamed into place: a second file building it at the same time loses the
  // rename and keeps using the winner's; nobody ever opens a half-migrated template.
  const building = mkdtempSync(join(tmpdir(), "support-pglite-building-"));
  const db = await createDatabase({ dataDir: building });
  try {
    await applyMigrations(db);
  } finally {
    await db.close();
  }
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

/** A migrated PGlite of the caller's own; `close` also removes its files. */
export async function createMigratedPglite(): Promise<Database> {
  const copy = mkdtempSync(join(tmpdir(), "support-pglite-"));
  cpSync(await templateDir(), copy, { recursive: true });
  const db = await createDatabase({ dataDir: copy });
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      rmSync(copy, { recursive: true, force: true });
    },
  });
}
