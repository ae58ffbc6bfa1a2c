// npm run db:seed: loads the demo FAQs and default settings (idempotent).
import { createDatabase } from "../client.ts";
import { seedDemoData } from "../seed.ts";
import { readDbCliEnv } from "./env.ts";

const env = readDbCliEnv();
const db = await createDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  const report = await seedDemoData(db.prisma);
  console.log(`Seeded ${db.describe}: ${report.faqs} demo FAQs${report.settingsCreated ? ", default settings" : ""}.`);
} catch (err) {
  console.error(
    `Seeding ${db.describe} failed: ${(err as Error).message}\nHas the database been migrated? Run: npm run db:migrate`,
  );
  process.exitCode = 1;
} finally {
  await db.close();
}
