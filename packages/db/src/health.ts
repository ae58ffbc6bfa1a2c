// Readiness: the database answers and every committed migration has been applied.
import type { Database } from "./client.ts";
import { defaultPrismaPaths, readMigrations } from "./migrate/files.ts";

export type Readiness = { ready: boolean; database: "up" | "down"; pendingMigrations: string[]; error?: string };

export async function checkReadiness(db: Database, expected?: string[]): Promise<Readiness> {
  const names = expected ?? (await readMigrations(defaultPrismaPaths())).migrationDirectories.map((d) => d.path);
  try {
    const rows = await db.sql.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    const pendingMigrations = names.filter((n) => !applied.has(n));
    return { ready: pendingMigrations.length === 0, database: "up", pendingMigrations };
  } catch (err) {
    const message = (err as Error).message;
    // A reachable database without the migrations table is "up" but not migrated.
    if (/_prisma_migrations/.test(message) && /does not exist/.test(message)) {
      return { ready: false, database: "up", pendingMigrations: names };
    }
    return { ready: false, database: "down", pendingMigrations: [], error: message };
  }
}

export async function expectedMigrationNames(): Promise<string[]> {
  return (await readMigrations(defaultPrismaPaths())).migrationDirectories.map((d) => d.path);
}
