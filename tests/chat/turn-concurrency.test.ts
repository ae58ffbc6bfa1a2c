// Counting and recovery under concurrency: the daily token cap holds when many turns start at once
// (each reserves its worst case atomically before calling the model), and a turn whose process died
// mid-answer is taken over by exactly one retry, as soon as its lease has run out, without waiting
// out the turn deadline. Real server, PostgreSQL, the real SDK against the fake OpenAI server.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TURN_LEASE_MS } from "../../packages/api/src/domain/turn/turn.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { newCustomer, send } from "./chat-client.ts";

let server: TestServer;
beforeAll(async () => {
  // A turn deadline far longer than this file's test timeout: a retry that waited it out would fail.
  server = await startTestServer({ api: { turnDeadlineMs: 120_000 } });
});
afterAll(async () => server?.close());
beforeEach(() => {
  server.openai!.setBehavior({});
  server.openai!.requests.length = 0;
});

describe("daily token cap under concurrent turns", () => {
  it("20 turns at once never spend more than the cap; the rest answer from the FAQs; nothing stays reserved", async () => {
    // Room for about two turns' worst case, far less than twenty real turns spend.
    const cap = 9_000;
    await server.db.prisma.settings.update({ where: { id: 1 }, data: { dailyTokenCap: cap } });
    await server.db.prisma.dailyUsage.deleteMany();
    // The fake server's usage counter is cumulative over the file.
    const reportedBefore = server.openai!.usage.promptTokens + server.openai!.usage.completionTokens;
    try {
      server.openai!.setBehavior({ delayMsPerChunk: 15 });
      const customers = await Promise.all(Array.from({ length: 20 }, () => newCustomer(server.url)));
      const results = await Promise.all(customers.map((c) => send(c, "Is shipping free?")));
      const usage = await server.db.prisma.dailyUsage.findFirstOrThrow();
      const spent = usage.promptTokens + usage.completionTokens;
      const modelCalls = server.openai!.requests.length;
      expect(modelCalls).toBeGreaterThan(0);
      // Every token the model reported is counted, and together they stay under the cap.
      expect(spent).toBe(server.openai!.usage.promptTokens + server.openai!.usage.completionTokens - reportedBefore);
      expect(spent).toBeLessThanOrEqual(cap);
      expect(modelCalls).toBeLessThan(20);
      expect(usage.reservedTokens).toBe(0);
      expect(usage.turns).toBe(20);
      const capped = await server.db.prisma.message.count({
        where: { fallbackReason: "daily_token_cap", id: { in: results.map((r) => r.done!.id) } },
      });
      expect(capped).toBe(20 - modelCalls);
      expect(results.every((r) => r.done?.content)).toBe(true);
    } finally {
      await server.db.prisma.settings.update({ where: { id: 1 }, data: { dailyTokenCap: 2_000_000 } });
    }
  });
});

describe("retry after a crash mid-turn", () => {
  /** What a process killed mid-turn leaves behind: the customer's message, its turn lease, no reply. */
  async function crashedTurn(opts: { leaseLeftMs: number }) {
    const c = await newCustomer(server.url);
    const clientMessageId = randomUUID();
    await server.db.sql.query(
      `INSERT INTO "Message" (id, "sessionId", role, content, "clientMessageId", "turnLeaseUntil")
       VALUES ($1, $2, 'user', 'Are your tents waterproof?', $3, clock_timestamp() + $4::int * interval '1 millisecond')`,
      [randomUUID(), c.conversationId, clientMessageId, opts.leaseLeftMs],
    );
    return { c, clientMessageId };
  }

  it("three concurrent retries: one calls the model, all get the one stored reply", async () => {
    const { c, clientMessageId } = await crashedTurn({ leaseLeftMs: TURN_LEASE_MS });
    server.openai!.setBehavior({ delayMsPerChunk: 10 });
    const retries = await Promise.all([1, 2, 3].map(() => send(c, "Are your tents waterproof?", clientMessageId)));
    expect(server.openai!.requests.length).toBe(1);
    expect(new Set(retries.map((r) => r.done?.id)).size).toBe(1);
    expect(retries[0]!.done!.content).toContain("3,000 mm");
    for (const r of retries) expect(r.events[0]).toMatchObject({ type: "accepted", replayed: true });
    const stored = await server.db.prisma.message.groupBy({
      by: ["role"],
      where: { sessionId: c.conversationId },
      _count: true,
    });
    expect(Object.fromEntries(stored.map((s) => [s.role, s._count]))).toEqual({ user: 1, assistant: 1 });
    // The lease ended with the reply.
    expect(
      (await server.db.prisma.message.findFirstOrThrow({ where: { sessionId: c.conversationId, role: "user" } }))
        .turnLeaseUntil,
    ).toBeNull();
  }, 30_000);

  it("a retry of a turn that died long ago answers straight away from the stored message", async () => {
    const { c, clientMessageId } = await crashedTurn({ leaseLeftMs: -60_000 });
    const retry = await send(c, "Are your tents waterproof?", clientMessageId);
    expect(retry.done?.content).toContain("3,000 mm");
    expect(server.openai!.requests.length).toBe(1);
    // The model saw the stored message once, as the last user turn.
    const prompt = server.openai!.requests[0]!.body.messages as Array<{ role: string; content: string }>;
    expect(prompt.filter((m) => m.role === "user").map((m) => m.content)).toEqual(["Are your tents waterproof?"]);
  }, 10_000);

  it("while the first attempt is alive, a retry waits for its reply instead of calling the model again", async () => {
    server.openai!.setBehavior({ delayMsPerChunk: 60 });
    const c = await newCustomer(server.url);
    const id = randomUUID();
    const first = send(c, "How long does shipping take?", id);
    // The retry arrives while the first attempt streams (its lease is renewed meanwhile).
    await expect.poll(() => server.openai!.requests.length).toBe(1);
    const retry = await send(c, "How long does shipping take?", id);
    expect(retry.done?.id).toBe((await first).done?.id);
    expect(server.openai!.requests.length).toBe(1);
  });
});
