// kill -9 mid-turn, then retry: the customer's message is stored, its reply never was. Another server
// process on the same PostgreSQL answers the retries from the stored message as soon as the dead
// turn's lease has run out, far inside the turn deadline (two minutes here, so a retry that waited it
// out would fail this test), and only one of three concurrent retries calls the model.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { startServerProcess, type ServerProcess } from "../harness/apps.ts";
import { startFakeOpenAi, type FakeOpenAi } from "../fakes/openai-server.ts";
import { newCustomer, send } from "./chat-client.ts";

let db: TestDatabase;
let openai: FakeOpenAi;
const processes: ServerProcess[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
  openai = await startFakeOpenAi();
}, 60_000);
afterAll(async () => {
  for (const p of processes) await p.stop();
  await openai?.close();
  await db?.drop();
});

const env = () => ({
  DATABASE_URL: db.url,
  OPENAI_API_KEY: "sk-test",
  OPENAI_BASE_URL: openai.url,
  TURN_DEADLINE_MS: "120000",
});

describe("crash mid-turn", () => {
  it("after kill -9, three concurrent retries on another process get one reply from one model call", async () => {
    const first = await startServerProcess(env());
    processes.push(first);
    const c = await newCustomer(first.url);

    // The model takes its time; the process dies while the turn waits for it.
    openai.setBehavior({ hangMs: 60_000, times: 1 });
    const clientMessageId = randomUUID();
    const lost = send(c, "Are your tents waterproof?", clientMessageId).catch((err: unknown) => err);
    await expect.poll(() => openai.requests.length, { timeout: 10_000 }).toBe(1);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(await lost).toBeInstanceOf(Error);
    expect(await db.prisma.message.count({ where: { role: "assistant" } })).toBe(0);

    const second = await startServerProcess(env());
    processes.push(second);
    const retryClient = { ...c, client: (await newCustomer(second.url)).client };
    const retries = await Promise.all(
      [1, 2, 3].map(() => send(retryClient, "Are your tents waterproof?", clientMessageId)),
    );
    expect(new Set(retries.map((r) => r.done?.id)).size).toBe(1);
    expect(retries[0]!.done!.content).toContain("3,000 mm");
    for (const r of retries) expect(r.events[0]).toMatchObject({ type: "accepted", replayed: true });
    // The hung call of the dead process, and exactly one from the retries.
    expect(openai.requests.length).toBe(2);
    expect(await db.prisma.message.count({ where: { sessionId: c.conversationId, role: "assistant" } })).toBe(1);
  }, 90_000);
});
