// The offline migration toolchain against a real PostgreSQL server and the embedded PGlite.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  createDatabase,
  createMigration,
  defaultPrismaPaths,
  diffMigrationsAgainstSchema,
  openShadowDatabase,
  seedDemoData,
  checkReadiness,
  type PrismaPaths,
} from "@support/db";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";

const committed = defaultPrismaPaths();
const temps: string[] = [];
const dbs: TestDatabase[] = [];
// The drift cases share one shadow PGlite (the schema engine empties it before each diff): starting
// one takes seconds. The first case runs as `npm run db:check` does, with a shadow of its own.
let sharedShadow: Awaited<ReturnType<typeof openShadowDatabase>> | undefined;
const shadow = async () => ({ shadow: (sharedShadow ??= await openShadowDatabase()) });
afterAll(async () => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
  for (const db of dbs) await db.drop();
  await sharedShadow?.close();
});

function copyPrismaDir(): PrismaPaths {
  const dir = mkdtempSync(join(tmpdir(), "prisma-copy-"));
  temps.push(dir);
  cpSync(join(committed.schemaPath, ".."), dir, { recursive: true });
  return { schemaPath: join(dir, "schema.prisma"), migrationsDir: join(dir, "migrations") };
}

function migrationNames(paths: PrismaPaths) {
  return readdirSync(paths.migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

describe("schema.prisma and prisma/migrations", () => {
  it("agree on main (what `npm run db:check` verifies)", async () => {
    const drift = await diffMigrationsAgainstSchema(committed);
    expect(drift.sql).toContain("empty migration");
    expect(drift.inSync).toBe(true);
  }, 240_000);

  it("a deliberate drift is caught and named, and db:migrate:new writes the migration that fixes it", async () => {
    const paths = copyPrismaDir();
    const schema = readFileSync(paths.schemaPath, "utf8");
    writeFileSync(
      paths.schemaPath,
      schema.replace(
        "  issueSummary         String\n",
        "  issueSummary         String\n  priority             Int @default(0)\n",
      ),
    );

    // createMigration runs the same diff as `npm run db:check` and writes it only when it is not in sync.
    const before = migrationNames(paths);
    const created = await createMigration("add ticket priority", paths, await shadow());
    expect(created).not.toBeNull();
    expect(created!.sql).toMatch(/ALTER TABLE "Ticket" ADD COLUMN\s+"priority" INTEGER NOT NULL DEFAULT 0/);
    const after = migrationNames(paths);
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatch(/^\d{14}_add_ticket_priority$/);
    expect(readFileSync(join(paths.migrationsDir, after.at(-1)!, "migration.sql"), "utf8")).toContain('"priority"');
    // The written migration fixes the drift: a second run finds the schema in sync and creates nothing.
    expect(await createMigration("again", paths, await shadow())).toBeNull();
    expect(migrationNames(paths)).toEqual(after);
    // Each diff replays every migration into the in-memory PostgreSQL: slow on a busy machine.
  }, 480_000);

  it("a hand-edited migration that drops a column is drift too", async () => {
    const paths = copyPrismaDir();
    const [init] = migrationNames(paths);
    const file = join(paths.migrationsDir, init!, "migration.sql");
    writeFileSync(file, readFileSync(file, "utf8") + '\nALTER TABLE "Ticket" DROP COLUMN "customerContact";\n');
    const drift = await diffMigrationsAgainstSchema(paths, await shadow());
    expect(drift.inSync).toBe(false);
    expect(drift.sql).toMatch(/ADD COLUMN\s+"customerContact"/);
  }, 240_000);
});

describe("several instances starting together", () => {
  it("apply the migrations once between them and both start", async () => {
    const first = await createTestDatabase({ empty: true });
    dbs.push(first);
    const second = await createDatabase({ databaseUrl: first.url });
    try {
      const results = await Promise.all([applyMigrations(first), applyMigrations(second)]);
      expect(results.flat().sort()).toEqual(migrationNames(committed));
      expect(await applyMigrations(second)).toEqual([]);
    } finally {
      await second.close();
    }
  }, 240_000);
});

describe.each(["postgres", "pglite"] as const)("migrations applied to %s", (kind) => {
  async function open() {
    if (kind === "postgres") {
      const db = await createTestDatabase({ empty: true });
      dbs.push(db);
      return db;
    }
    return createDatabase({ dataDir: "memory://" });
  }

  it("apply once into _prisma_migrations, then report nothing pending; seed is idempotent", async () => {
    const db = await open();
    try {
      expect((await checkReadiness(db)).ready).toBe(false);
      const applied = await applyMigrations(db);
      expect(applied).toEqual(migrationNames(committed));
      expect(await applyMigrations(db)).toEqual([]);
      const rows = await db.sql.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(rows.map((r) => r.migration_name)).toEqual(applied);
      expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(await checkReadiness(db)).toMatchObject({ ready: true, database: "up", pendingMigrations: [] });

      await seedDemoData(db.prisma);
      await seedDemoData(db.prisma);
      expect(await db.prisma.faq.count()).toBe(10);
      const categories = await db.prisma.faq.groupBy({ by: ["category"], _count: true, orderBy: { category: "asc" } });
      expect(categories.map((c) => c.category)).toEqual(["products", "returns", "shipping"]);
      expect(await db.prisma.settings.count()).toBe(1);

      // The full-text column is maintained by the database on every write path.
      const hits = await db.sql.query<{ question: string }>(
        `SELECT question FROM "Faq" WHERE "searchVector" @@ websearch_to_tsquery('english', 'when is my refund') ORDER BY ts_rank("searchVector", websearch_to_tsquery('english', 'refund')) DESC`,
      );
      expect(hits.map((h) => h.question)).toContain("How long do refunds take?");
      const ticket = await db.prisma.session.create({ data: { tokenHash: `h-${kind}` } });
      const t = await db.prisma.ticket.create({
        data: { sessionId: ticket.id, issueSummary: "x", conversationSnapshot: [] },
      });
      expect(t.number).toBe(1001);
    } finally {
      await db.close();
    }
    // PGlite starts and replays every migration in WebAssembly: slow on a busy machine, like the diffs.
  }, 240_000);
});
