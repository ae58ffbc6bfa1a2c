// What an operator counts errors with: one log line per request carrying the real tRPC outcome
// (streamed replies are HTTP 200 on the wire whatever happens), and /metrics behind a token.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { completedRequests, jsonlCall, serveApp, type ServedApp } from "./helpers.ts";

const TOKEN = "metrics-token-0123456789";
let db: TestDatabase;
let s: ServedApp;

beforeAll(async () => {
  db = await createTestDatabase();
  s = await serveApp(db, { llm: "fake", metricsToken: TOKEN });
});
afterAll(async () => {
  await s?.close();
  await db?.drop();
});

async function metricsText(): Promise<string> {
  const res = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return res.text();
}

function callCount(text: string, procedure: string, outcome: string): number {
  const line = text
    .split("\n")
    .find((l) => l.startsWith(`trpc_calls_total{procedure="${procedure}",outcome="${outcome}"}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

function durationCount(text: string, procedure: string, outcome: string): number {
  const line = text
    .split("\n")
    .find((l) => l.startsWith(`trpc_call_duration_seconds_count{procedure="${procedure}",outcome="${outcome}"}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

async function startConversation(): Promise<string> {
  const res = await jsonlCall(s.url, "chat.start", {});
  const text = await res.text();
  return /"sessionToken":"([^"]+)"/.exec(text)![1]!;
}

describe("/metrics", () => {
  it("is off without a token, and refuses callers without the right one", async () => {
    const off = await serveApp(db, {});
    try {
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
    } finally {
      await off.close();
    }
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${s.url}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status,
    ).toBe(401);
    expect(await metricsText()).toContain("process_resident_memory_bytes");
  });

  it("counts calls by procedure and outcome on the jsonl fast path and on tRPC's handler, streamed errors included", async () => {
    const sessionToken = await startConversation();
    // A streamed reply that completes.
    const ok = await jsonlCall(s.url, "chat.send", {
      sessionToken,
      clientMessageId: randomUUID(),
      text: "Do you ship to Canada?",
    });
    expect(await ok.text()).toContain('"type":"done"');
    // Refused before anything streams.
    await (await jsonlCall(s.url, "chat.send", { sessionToken, clientMessageId: "not-a-uuid", text: "hi" })).text();
    // Failing while streaming: the customer's message cannot be stored.
    await db.sql.query(`ALTER TABLE "Message" RENAME TO "MessageGone"`);
    try {
      const failed = await jsonlCall(s.url, "chat.send", {
        sessionToken,
        clientMessageId: randomUUID(),
        text: "Hello?",
      });
      expect(failed.status).toBe(200);
      expect(await failed.text()).toContain("INTERNAL_SERVER_ERROR");
    } finally {
      await db.sql.query(`ALTER TABLE "MessageGone" RENAME TO "Message"`);
    }
    // A batch through tRPC's own handler, with a procedure that does not exist.
    await (await fetch(`${s.url}/trpc/widget.config,no.such?batch=1&input=${encodeURIComponent("{}")}`)).text();

    const text = await metricsText();
    expect(callCount(text, "chat.start", "OK")).toBe(1);
    expect(callCount(text, "chat.send", "OK")).toBe(1);
    expect(callCount(text, "chat.send", "BAD_REQUEST")).toBe(1);
    expect(callCount(text, "chat.send", "INTERNAL_SERVER_ERROR")).toBe(1);
    expect(callCount(text, "widget.config", "OK")).toBe(1);
    expect(callCount(text, "unknown", "NOT_FOUND")).toBe(1);
    expect(text).not.toContain("no.such");
    expect(durationCount(text, "chat.send", "OK")).toBe(1);
  });
});

describe("request log", () => {
  it("has one line per request, with the status and tRPC code of what really happened", async () => {
    const sessionToken = await startConversation();
    await db.sql.query(`ALTER TABLE "Message" RENAME TO "MessageGone"`);
    let requestId: string | null;
    try {
      const failed = await jsonlCall(s.url, "chat.send", {
        sessionToken,
        clientMessageId: randomUUID(),
        text: "Hello?",
      });
      requestId = failed.headers.get("x-request-id");
      await failed.text();
    } finally {
      await db.sql.query(`ALTER TABLE "MessageGone" RENAME TO "Message"`);
    }
    const unauthorized = await jsonlCall(s.url, "chat.send", {
      sessionToken: "x".repeat(43),
      clientMessageId: randomUUID(),
      text: "Hello?",
    });
    const unauthorizedId = unauthorized.headers.get("x-request-id");
    await unauthorized.text();

    const lines = completedRequests(s.logs);
    const ids = lines.map((l) => l.reqId);
    expect(new Set(ids).size).toBe(ids.length);
    const failedLine = lines.find((l) => l.reqId === requestId)!;
    expect(failedLine).toMatchObject({
      statusCode: 200,
      status: 500,
      procedure: "chat.send",
      trpcCode: "INTERNAL_SERVER_ERROR",
    });
    expect(lines.find((l) => l.reqId === unauthorizedId)).toMatchObject({
      status: 401,
      procedure: "chat.send",
      trpcCode: "UNAUTHORIZED",
    });
    // Nothing else announces the request a second time.
    expect(
      s.logs.filter((l) => l.reqId === requestId && /incoming request|request completed/.test(l.msg)),
    ).toHaveLength(1);
  });
});
