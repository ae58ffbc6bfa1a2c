// npm run db:migrate:new -- <name>: writes the SQL that takes the migrations to schema.prisma.
import { createMigration } from "../migrate/index.ts";

const name = process.argv.slice(2).join("_");
if (!name) {
  console.error("Usage: npm run db:migrate:new -- <name>   (e.g. add_ticket_tags)");
  process.exit(1);
}
const created = await createMigration(name);
if (!created) {
  console.log("schema.prisma and the migrations already agree; no migration written.");
} else {
  console.log(`Wrote ${created.dir}/migration.sql:\n\n${created.sql}\n`);
  console.log("Review it, then apply it with: npm run db:migrate");
}
