// npm run db:seed:history -- --conversations 100000 [--days 90]: writes a demo conversation history
// (ten messages per conversation) for Insights demos and benchmarks. Run `npm run db:migrate` first.
import { parseArgs } from "node:util";
import { createDatabase } from "../client.ts";
import { seedConversationHistory } from "../seed-history.ts";
import { readDbCliEnv } from "./env.ts";

const { values } = parseArgs({
  options: { conversations: { type: "string", default: "10000" }, days: { type: "string", default: "90" } },
});
const conversations = Number(values.conversations);
const days = Number(values.days);
if (
  !Number.isInteger(conversations) ||
  conversations < 1 ||
  conversations > 10_000_000 ||
  !Number.isInteger(days) ||
  days < 1 ||
  days > 3650
) {
  console.error("Usage: npm run db:seed:history -- --conversations <1..10000000> [--days <1..3650>]");
  process.exit(2);
}
const env = readDbCliEnv();
const db = await createDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  const report = await seedConversationHistory(db.prisma, {
    conversations,
    days,
    onProgress: (done) =>
      process.stdout.write(`\r${done.toLocaleString()} / ${conversations.toLocaleString()} conversations`),
  });
  await db.sql.query(`ANALYZE "Session"; `).catch(() => undefined);
  await db.sql.query(`ANALYZE "Message"`).catch(() => undefined);
  console.log(
    `\nWrote ${report.conversations.toLocaleString()} conversations, ${report.messages.toLocaleString()} messages and ${report.tickets.toLocaleString()} tickets to ${db.describe} over the last ${days} days in ${(report.ms / 1000).toFixed(1)} s.`,
  );
} catch (err) {
  console.error(
    `\nSeeding history into ${db.describe} failed: ${(err as Error).message}\nHas the database been migrated? Run: npm run db:migrate`,
  );
  process.exitCode = 1;
} finally {
  await db.close();
}
