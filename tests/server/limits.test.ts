// Request limits over real HTTP on PostgreSQL: every procedure counted, 429 with Retry-After on both
// ways a call is answered, counts shared by two instances, sign-in refused in batches and bounded
// under parallel load, and junk tokens refused before anything is counted or stored.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, limitsOf, RATE_LIMIT_RULES, SUBJECTS_BY_KIND, type ProcedureMeta } from "@support/api";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { makeStaff, PASSWORDS } from "../console/helpers.ts";
import { batchBody, callBody, readError } from "../harness/trpc-http.ts";

/** A single call answered by tRPC's own handler (no jsonl accept header): the status is the call's. */
function post(url: string, path: string, input: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: callBody(input),
  });
}

/** A single call as the SPAs send it (httpBatchStreamLink): answered by the jsonl fast path. */
function streamed(url: string, path: string, input: unknown) {
  return fetch(`${url}/trpc/${path}?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json", "trpc-accept": "application/jsonl" },
    body: batchBody(input),
  });
}

function batch(url: string, paths: string[], inputs: unknown[]) {
  return fetch(`${url}/trpc/${paths.join(",")}?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: batchBody(...inputs),
  });
}

async function rateLimitRows(server: TestServer, prefix = ""): Promise<number> {
  const [row] = await server.db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "RateLimit" WHERE key LIKE $1`,
    [`${prefix}%`],
  );
  return row!.n;
}

describe("every procedure has a limit", () => {
  it("each one is counted against at least one rule its kind can key (address, conversation, staff member, token)", () => {
    const procedures = (
      appRouter as unknown as { _def: { procedures: Record<string, { _def: { meta?: ProcedureMeta } }> } }
    )._def.procedures;
    const paths = Object.keys(procedures);
    expect(paths.length).toBeGreaterThan(40);
    for (const path of paths) {
      const meta = procedures[path]!._def.meta;
      const rules = limitsOf(meta);
      expect(rules.length, path).toBeGreaterThan(0);
      const subjects = SUBJECTS_BY_KIND[meta?.kind ?? "public"];
      for (const rule of rules) expect(subjects, `${path} uses ${rule}`).toContain(RATE_LIMIT_RULES[rule].subject);
      // Every caller is counted by address before any credential is looked up.
      expect(
        rules.some((r) => RATE_LIMIT_RULES[r].subject === "ip"),
        path,
      ).toBe(true);
    }
  });
});

describe("junk session tokens", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ llm: "none" });
  });
  afterAll(async () => server?.close());

  it("are refused with 400 before any counter or lookup: nothing is stored for them", async () => {
    const junk = [
      ...Array.from({ length: 300 }, () => randomBytes(24).toString("hex")),
      ...Array.from({ length: 5 }, () => "x".repeat(900_000)),
      "A".repeat(42) + "!",
    ];
    for (const token of junk) {
      const res = await post(server.url, "chat.send", {
        sessionToken: token,
        clientMessageId: randomUUID(),
        text: "hi",
      });
      expect(res.status).toBe(400);
      expect((await readError(res)).message).toBe("sessionToken is not a valid session token");
    }
    const typing = await post(server.url, "live.customerTyping", { sessionToken: 42 });
    expect(typing.status).toBe(400);
    expect(await rateLimitRows(server)).toBe(0);
  });
});

describe("429 with Retry-After", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      llm: "none",
      api: { rateLimits: { chatStartPerIp: { points: 2, duration: 600 } } },
    });
  });
  afterAll(async () => server?.close());

  it("on the jsonl fast path and on tRPC's handler, with the seconds to wait", async () => {
    expect((await streamed(server.url, "chat.start", {})).status).toBe(200);
    expect((await post(server.url, "chat.start", {})).status).toBe(200);

    const fast = await streamed(server.url, "chat.start", {});
    expect(fast.status).toBe(429);
    const fastWait = Number(fast.headers.get("retry-after"));
    expect(fastWait).toBeGreaterThan(500);
    expect(fastWait).toBeLessThanOrEqual(600);
    expect((await readError(fast)).data.code).toBe("TOO_MANY_REQUESTS");

    const handler = await post(server.url, "chat.start", {});
    expect(handler.status).toBe(429);
    expect(Number(handler.headers.get("retry-after"))).toBeGreaterThan(500);
    expect((await readError(handler)).message).toMatch(/wait \d+ seconds/);
  });
});

describe("two instances on one PostgreSQL", () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const api = { rateLimits: { chatStartPerIp: { points: 3, duration: 600 } } };
    a = await startTestServer({ llm: "none", api });
    b = await startTestServer({ llm: "none", api, db: a.db, seed: false });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("share one count: 2 on A and 1 on B use up a limit of 3 for both", async () => {
    expect((await post(a.url, "chat.start", {})).status).toBe(200);
    expect((await post(a.url, "chat.start", {})).status).toBe(200);
    expect((await post(b.url, "chat.start", {})).status).toBe(200);
    expect((await post(b.url, "chat.start", {})).status).toBe(429);
    expect((await post(a.url, "chat.start", {})).status).toBe(429);
  });
});

describe("sign-in over HTTP with the product's limits", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ llm: "none", api: { rateLimits: {} } });
    await makeStaff(server.db);
  });
  afterAll(async () => server?.close());

  const signIn = (password: string) => ({ email: "ada@example.com", password });

  it("a batch carrying auth.signIn is refused whole (400): 200 calls in one request get no password check", async () => {
    const paths = Array.from({ length: 200 }, () => "auth.signIn");
    const res = await batch(
      server.url,
      paths,
      paths.map((_, i) => signIn(`wrong-password-${i}`)),
    );
    expect(res.status).toBe(400);
    const two = await batch(server.url, ["widget.config", "auth.signIn"], [undefined, signIn(PASSWORDS.admin)]);
    expect(two.status).toBe(400);
    expect((await readError(two)).message).toMatch(/auth\.signIn must be sent on its own/);
    expect(await rateLimitRows(server, "passwordChecksPerIp:")).toBe(0);
  });

  it("batches are limited to 10 calls", async () => {
    const ten = Array.from({ length: 10 }, () => "widget.config");
    expect((await batch(server.url, ten, [])).status).toBe(200);
    const eleven = await batch(server.url, [...ten, "widget.config"], []);
    expect(eleven.status).toBe(400);
    expect((await readError(eleven)).message).toMatch(/at most 10 calls/);
  });

  it("300 parallel wrong sign-ins get at most 5 password checks (401); the rest 429 with Retry-After", async () => {
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => post(server.url, "auth.signIn", signIn(`wrong-password-${i}`))),
    );
    const statuses = responses.map((r) => r.status);
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBe(300 - checked);
    expect(responses.filter((r) => r.status === 429).every((r) => Number(r.headers.get("retry-after")) > 0)).toBe(true);
  });
});
