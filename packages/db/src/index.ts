// @support/db: the Prisma client factory (PostgreSQL or embedded PGlite), migrations, seed, health.
export {
  createDatabase,
  DataDirError,
  resolveDataDir,
  DEFAULT_DATA_DIR,
  type Database,
  type DatabaseOptions,
  type RawSql,
} from "./client.ts";
export {
  applyMigrations,
  createMigration,
  diffMigrationsAgainstSchema,
  defaultPrismaPaths,
  openShadowDatabase,
  type DiffOptions,
  type PrismaPaths,
} from "./migrate/index.ts";
export { seedDemoData, seedIfEmpty, DEMO_FAQS } from "./seed.ts";
export { checkReadiness, expectedMigrationNames, type Readiness } from "./health.ts";
export * from "./generated/prisma/client.ts";
export { seedConversationHistory, type HistoryReport } from "./seed-history.ts";
