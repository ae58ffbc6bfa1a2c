// npm run db:migrate: applies pending migrations to DATABASE_URL, or to the embedded PGlite.
import { createDatabase } from "../client.ts";
import { applyMigrations } from "../migrate/index.ts";
import { readDbCliEnv } from "./env.ts";

const env = readDbCliEnv();
const db = await createDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  const applied = await applyMigrations(db);
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s) to ${db.describe}:\n${applied.map((n) => `  ${n}`).join("\n")}`
      : `${db.describe} is up to date; no migration to apply.`,
  );
} catch (err) {
  console.error(`Migrating ${db.describe} failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
