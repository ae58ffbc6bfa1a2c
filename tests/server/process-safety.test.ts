// The server process's defaults and its stop, as an operator meets them: what it warns about at
// start, what it keeps from anonymous callers, what it seeds, how SIGTERM treats running turns,
// and what it says when the embedded database has nowhere to write. Each test starts a process
// (several seconds each on a busy machine), hence their longer time limits.
import { randomUUID } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSupportClient } from "@support/client";
import { startFakeOpenAi } from "../fakes/openai-server.ts";
import { startServerProcess, type ServerProcess } from "../harness/apps.ts";
import { createTestDatabase } from "../harness/db.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function startProcess(
  env: Record<string, string>,
  opts: Parameters<typeof startServerProcess>[1] = {},
): Promise<ServerProcess> {
  const p = await startServerProcess(env, opts);
  cleanups.push(() => {
    if (p.child.exitCode === null) p.child.kill("SIGKILL");
  });
  return p;
}

async function database() {
  const db = await createTestDatabase({ empty: true });
  cleanups.push(() => db.drop());
  return db;
}

async function slowModel(delayMsPerChunk: number) {
  const openai = await startFakeOpenAi();
  cleanups.push(() => openai.close());
  openai.setBehavior({ delayMsPerChunk });
  return openai;
}

describe("started without NODE_ENV on every interface (plain `npm start`)", () => {
  it("warns, seeds no demo admin it cannot show, masks internal errors, and on SIGTERM lets a turn whose customer left store its reply", async () => {
    const db = await database();
    const openai = await slowModel(60);
    const p = await startProcess({
      DATABASE_URL: db.url,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: openai.url,
      HOST: "0.0.0.0",
      LOG_LEVEL: "info",
    });

    expect(p.output()).toContain("without NODE_ENV=production");
    // Output is not a terminal: no demo admin (its password would have nowhere safe to go).
    expect(p.output()).toContain("No staff account yet");
    expect(p.output()).not.toMatch(/password:/i);
    expect(await db.prisma.staffUser.count()).toBe(0);

    // An internal failure tells an anonymous caller nothing about the internals.
    await db.sql.query(`ALTER TABLE "Session" RENAME TO "SessionGone"`);
    const failed = await fetch(`${p.url}/trpc/chat.start`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await db.sql.query(`ALTER TABLE "SessionGone" RENAME TO "Session"`);
    expect(failed.status).toBe(500);
    const text = await failed.text();
    expect(text).toContain("Something went wrong on our side");
    expect(text).not.toMatch(/prisma|relation|does not exist|stack|\.ts/i);

    // The customer leaves after the first words of a slow reply; then the process is stopped.
    const client = createSupportClient({ url: p.url });
    const { sessionToken } = await client.chat.start.mutate();
    const leave = new AbortController();
    const stream = await client.chat.send.mutate(
      { sessionToken, clientMessageId: randomUUID(), text: "What is your return policy?" },
      { signal: leave.signal },
    );
    await (async () => {
      for await (const e of stream) if (e.type === "delta") break;
    })().catch(() => undefined);
    leave.abort();
    p.child.kill("SIGTERM");

    // The aborted fetch may leave a fresh connection that never carries a request (undici
    // nodejs/undici#5845): the stop closes it rather than waiting out the grace period for it.
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(/"turnsRunning":1/);
    expect(p.output()).toContain("stopped cleanly");
    const [reply] = await db.prisma.message.findMany({ where: { role: "assistant" } });
    expect(reply?.content).toContain("30 days");
  }, 120_000);
});

describe("a stop that cannot wait long enough", () => {
  it("says so, exits non-zero, and does not wait for the turn it gave up on", async () => {
    const db = await database();
    const openai = await slowModel(400);
    const p = await startProcess({
      DATABASE_URL: db.url,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: openai.url,
      SHUTDOWN_GRACE_MS: "200",
      LOG_LEVEL: "info",
    });
    const client = createSupportClient({ url: p.url });
    const { sessionToken } = await client.chat.start.mutate();
    const stream = await client.chat.send.mutate({
      sessionToken,
      clientMessageId: randomUUID(),
      text: "What is your return policy?",
    });
    const consumed = (async () => {
      for await (const e of stream) if (e.type === "delta") p.child.kill("SIGTERM");
    })().catch(() => undefined);
    expect(await p.exited).toBe(1);
    await consumed;
    // What the log says is true: no reply was stored.
    expect(await db.prisma.message.count({ where: { role: "assistant" } })).toBe(0);
    expect(p.output()).toContain(
      "stopped WITHOUT finishing: 1 turn(s) had not stored their reply and open connections were cut",
    );
    expect(p.output()).not.toContain("stopped cleanly");
  }, 120_000);
});

describe("in production", () => {
  it("creates no demo admin unless asked, and gives no warning about the interface", async () => {
    const db = await database();
    const p = await startProcess({ DATABASE_URL: db.url, NODE_ENV: "production", HOST: "0.0.0.0", LOG_LEVEL: "info" });
    expect(p.output()).not.toContain("without NODE_ENV=production");
    expect(p.output()).toContain("No staff account yet");
    expect(await db.prisma.staffUser.count()).toBe(0);
    await p.stop();
  }, 120_000);
});

describe("the embedded database with nowhere to write", () => {
  const base = mkdtempSync(join(tmpdir(), "support-datadir-"));
  cleanups.push(() => rmSync(base, { recursive: true, force: true }));

  it("exits with a message naming the directory and what to set, when DATA_DIR is under a file", async () => {
    writeFileSync(join(base, "a-file"), "");
    const p = await startProcess({ DATA_DIR: join(base, "a-file", "data") }, { waitUntilReady: false });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain(`cannot write to ${join(base, "a-file", "data", "pglite")}`);
    expect(p.output()).toContain("Set DATA_DIR to a directory this user can write");
  });

  it("exits with that message when the directory is read-only for the server's user", async () => {
    const readOnly = join(base, "read-only");
    mkdirSync(join(readOnly, "pglite"), { recursive: true });
    chmodSync(join(readOnly, "pglite"), 0o555);
    chmodSync(readOnly, 0o555);
    chmodSync(base, 0o755);
    // root writes anywhere: run the server as an ordinary user then.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const p = await startProcess({ DATA_DIR: readOnly, HOME: tmpdir() }, { waitUntilReady: false, ...asUser });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain(`cannot write to ${join(readOnly, "pglite")}`);
    expect(p.output()).toContain("DATABASE_URL");
  });
});
