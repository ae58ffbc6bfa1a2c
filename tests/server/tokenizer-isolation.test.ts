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
  const seen = p.output().length;
  p.child.kill("SIGUSR2");
  for (let i = 0; i < 100; i++) {
    const line = /LOADED_SCRIPTS (.*)\n/.exec(p.output().slice(seen));
    if (line) return JSON.parse(line[1]!) as string[];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no script list:\n${p.output()}`);
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
      { DATABASE_URL: db.url, SEED_DEMO: "false", NODE_ENV: "production" },
      { bundle: true, nodeArgs: ["--import", PRELOAD] },
    );
    const deadline = Date.now() + 30_000;
    while ((await db.prisma.faq.count({ where: { promptTokens: null } })) > 0) {
      if (Date.now() > deadline) throw new Error(`FAQ counts not stored at start:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
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
