// npm run db:check: fails when schema.prisma and prisma/migrations describe different databases.
import { diffMigrationsAgainstSchema } from "../migrate/index.ts";

const drift = await diffMigrationsAgainstSchema();
if (drift.inSync) {
  console.log("OK: prisma/migrations build exactly what prisma/schema.prisma describes.");
} else {
  console.error("Drift: schema.prisma differs from the migrations. The SQL that would reconcile them:\n");
  console.error(drift.sql);
  console.error("\nCreate a migration for it with: npm run db:migrate:new -- <name>");
  process.exitCode = 1;
}
