// The server as an operator runs it: a real process, configured by environment variables, on a
// real PostgreSQL or the embedded PGlite, stopped with SIGTERM.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSupportClient } from "@support/client";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { startFakeOpenAi } from "../fakes/openai-server.ts";
import { startServerProcess, type ServerProcess } from "../harness/apps.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function startProcess(env: Record<string, string>, opts: { expectReady?: boolean } = {}): Promise<ServerProcess> {
  const p = await startServerProcess(env, { waitUntilReady: opts.expectReady ?? true });
  cleanups.push(() => {
    if (p.child.exitCode === null) p.child.kill("SIGKILL");
  });
  return p;
}

describe("configuration", () => {
  it.each([
    [{ PORT: "not-a-port" }, "PORT"],
    [{ DATABASE_URL: "mysql://localhost/db" }, "DATABASE_URL"],
    [{ OPENAI_BASE_URL: "not a url" }, "OPENAI_BASE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
  ])("a bad value stops the start with a message naming it (%o)", async (env, name) => {
    const p = await startProcess(env as Record<string, string>, { expectReady: false });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain("Invalid configuration");
    expect(p.output()).toContain(`${name}:`);
  });
});

describe("on a real PostgreSQL (DATABASE_URL)", () => {
  let db: TestDatabase;
  it("migrates and seeds an empty database, serves health and readiness, and drains in-flight requests on SIGTERM", async () => {
    db = await createTestDatabase({ empty: true });
    cleanups.push(() => db.drop());
    const openai = await startFakeOpenAi();
    cleanups.push(() => openai.close());
    const p = await startProcess({
      DATABASE_URL: db.url,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: openai.url,
      LOG_LEVEL: "info",
    });
    expect(p.output()).toMatch(/Demo shop with the chat widget: http:\/\/(localhost|127\.0\.0\.1):\d+\//);
    expect(p.output()).toMatch(/Staff console: +http:\/\/\S+\/console\//);

    const health = await fetch(`${p.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get("x-request-id")).toMatch(/[0-9a-f-]{36}/);
    const own = await fetch(`${p.url}/healthz`, { headers: { "x-request-id": "lb-trace-12345" } });
    expect(own.headers.get("x-request-id")).toBe("lb-trace-12345");
    expect(await (await fetch(`${p.url}/readyz`)).json()).toEqual({
      ready: true,
      database: "up",
      pendingMigrations: [],
      liveEvents: "listening",
    });
    expect(await db.prisma.faq.count()).toBe(10);

    // A slow turn is in flight when SIGTERM arrives: it completes, then the process exits 0.
    openai.setBehavior({ delayMsPerChunk: 40 });
    const client = createSupportClient({ url: p.url });
    const { sessionToken } = await client.chat.start.mutate();
    const stream = await client.chat.send.mutate({
      sessionToken,
      clientMessageId: randomUUID(),
      text: "What is your return policy?",
    });
    const events: string[] = [];
    const consumed = (async () => {
      for await (const e of stream) {
        events.push(e.type);
        if (events.length === 3) p.child.kill("SIGTERM");
      }
    })();
    await consumed;
    expect(events.at(-1)).toBe("done");
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain("stopped cleanly");
    await expect(fetch(`${p.url}/healthz`)).rejects.toThrow();
    expect(await db.prisma.message.count({ where: { role: "assistant" } })).toBe(1);
  });
});

describe("on the embedded PGlite (no DATABASE_URL)", () => {
  it("starts with no database to install, and keeps its data across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "support-data-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await startProcess({ DATA_DIR: dataDir });
    expect(first.output()).toContain("FAQ-only mode");
    const client = createSupportClient({ url: first.url });
    const { sessionToken } = await client.chat.start.mutate();
    const stream = await client.chat.send.mutate({
      sessionToken,
      clientMessageId: randomUUID(),
      text: "Do you sell gift cards?",
    });
    for await (const _ of stream) void _;
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const second = await startProcess({ DATA_DIR: dataDir });
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
    const again = createSupportClient({ url: second.url });
    const history = await again.chat.history.query({ sessionToken });
    expect(history.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(history.messages[1]!.content).toContain("gift cards");
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    // Two cold starts of PostgreSQL compiled to WebAssembly (each applies or checks every migration).
  }, 180_000);
});
