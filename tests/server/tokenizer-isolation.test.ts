// The production bundle keeps the o200k tokenizer (~66 MB of tables) out of its main thread: FAQ
// counts come from the database, and what must be counted (FAQs stored without a count, found at
// start) is counted in a worker thread. Checked on dist/main.mjs with the list of scripts its main
// isolate parsed, through start-up, the backfill and customer turns.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { faqEntryTokenText } from "@support/assistant";
import { countTokens } from "@support/assistant/token-count";
import { createSupportClient } from "@support/client";
import { seedDemoData } from "@support/db";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { ROOT, startServerProcess, type ServerProcess } from "../harness/apps.ts";

const PRELOAD = join(ROOT, "tests/harness/report-loaded-scripts.mjs");

let db: TestDatabase | undefined;
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

async function loadedScripts(p: ServerProcess): Promise<string[]> {
  const from = p.output().length;
  p.child.kill("SIGUSR2");
  const [, list] = await p.printed(/LOADED_SCRIPTS (.*)\n/, { from });
  return JSON.parse(list!) as string[];
}

describe("the bundled server (dist/main.mjs)", () => {
  it("counts FAQs stored without a count in a worker at start, and never loads the tokenizer in its main thread", async () => {
    db = await createTestDatabase();
    await seedDemoData(db.prisma);
    // As after the migration that added the column: some rows have no count yet.
    await db.prisma.faq.updateMany({ where: { category: "shipping" }, data: { promptTokens: null } });
    await db.prisma.faq.create({
      data: { question: "Do you price match?", answer: "Yes, within 14 days (online shops only)." },
    });
    expect(await db.prisma.faq.count({ where: { promptTokens: null } })).toBe(4);

    server = await startServerProcess(
      { DATABASE_URL: db.url, SEED_DEMO: "false", NODE_ENV: "production", LOG_LEVEL: "info" },
      { bundle: true, nodeArgs: ["--import", PRELOAD] },
    );
    // The server logs the backfill once its counts are stored.
    await server.printed(/FAQ prompt token counts stored/);
    expect(await db.prisma.faq.count({ where: { promptTokens: null } })).toBe(0);
    for (const faq of await db.prisma.faq.findMany())
      expect(faq.promptTokens, faq.question).toBe(countTokens(faqEntryTokenText(faq)));

    const client = createSupportClient({ url: server.url });
    for (const text of ["Is shipping free?", "Do you price match?", "Do you sell gift cards?"]) {
      const { sessionToken } = await client.chat.start.mutate();
      const events = [];
      for await (const e of await client.chat.send.mutate({ sessionToken, clientMessageId: randomUUID(), text }))
        events.push(e);
      expect(events.at(-1)).toMatchObject({ type: "done" });
    }

    const scripts = await loadedScripts(server);
    expect(scripts.some((url) => url.endsWith("apps/server/dist/main.mjs"))).toBe(true);
    expect(scripts.filter((url) => url.includes("gpt-tokenizer"))).toEqual([]);
  });
});
