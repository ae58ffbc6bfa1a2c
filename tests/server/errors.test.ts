// What callers see when things go wrong: readiness before migrations, production error masking, and
// bad input answered with a 4xx (never a 500, never an error in the log).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { buildServer } from "../../apps/server/src/app.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { makeStaff, PASSWORDS } from "../console/helpers.ts";
import { callBody, readData, readError } from "../harness/trpc-http.ts";

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

async function serve(db: TestDatabase, production: boolean) {
  const app = await buildServer({
    db,
    llm: null,
    logger: pino({ level: "silent" }),
    api: { production, exposeInternalErrors: !production },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

describe("readiness", () => {
  it("is 503 with the pending migrations listed until the database is migrated", async () => {
    const db = await createTestDatabase({ empty: true });
    dbs.push(db);
    const { app, url } = await serve(db, true);
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const res = await fetch(`${url}/readyz`);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.ready).toBe(false);
      expect(body.pendingMigrations.length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});

describe("error responses in production", () => {
  it("an internal failure returns a generic message and the request id, never the database's text", async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const { app, url } = await serve(db, true);
    try {
      await db.sql.query(`ALTER TABLE "Session" RENAME TO "SessionGone"`);
      const res = await fetch(`${url}/trpc/chat.start`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(res.status).toBe(500);
      const text = await res.clone().text();
      const error = await readError(res);
      expect(error.message).toBe("Something went wrong on our side. Please try again.");
      expect(error.data.requestId).toBe(res.headers.get("x-request-id"));
      expect(text).not.toMatch(/Session|prisma|relation|does not exist|stack/i);
    } finally {
      await db.sql.query(`ALTER TABLE "SessionGone" RENAME TO "Session"`);
      await app.close();
    }
  });

  it("BAD_REQUEST carries the flattened zod issues", async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const { app, url } = await serve(db, true);
    try {
      const res = await fetch(`${url}/trpc/chat.start`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: callBody({ origin: 42 }),
      });
      expect(res.status).toBe(400);
      const error = await readError(res);
      expect(error.data.code).toBe("BAD_REQUEST");
      expect(error.data.zodError?.fieldErrors.origin?.[0]).toMatch(/string/);
    } finally {
      await app.close();
    }
  });
});

describe("bad input is a 4xx, never a 500, and logs no error", () => {
  let db: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let url: string;
  const logged: Array<{ level: number; msg?: string; err?: unknown }> = [];
  let cookie: string;
  let sessionToken: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dbs.push(db);
    await makeStaff(db);
    const logger = pino({ level: "info" }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    app = await buildServer({ db, llm: null, logger, api: { production: true } });
    await app.listen({ port: 0, host: "127.0.0.1" });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const signedIn = await call("auth.signIn", { email: "ada@example.com", password: PASSWORDS.admin });
    cookie = signedIn.headers.get("set-cookie")!.split(";")[0]!;
    sessionToken = (await readData<{ sessionToken: string }>(await call("chat.start", {}))).sessionToken;
  });
  afterAll(async () => app?.close());

  function call(path: string, input: unknown, headers: Record<string, string> = {}) {
    return fetch(`${url}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}), ...headers },
      body: callBody(input),
    });
  }

  it("a NUL character in a text field: 400 naming the field, for customers and staff alike", async () => {
    const cases: Array<[string, unknown]> = [
      ["chat.start", { origin: "https://shop.example\u0000" }],
      ["chat.send", { sessionToken, clientMessageId: randomUUID(), text: "hello\u0000there" }],
      ["ticket.create", { sessionToken, issueSummary: "broken\u0000tent" }],
      ["faq.create", { question: "Nul?\u0000", answer: "No." }],
      ["faq.list", { search: "\u0000" }],
      ["inbox.reply", { conversationId: randomUUID(), clientMessageId: randomUUID(), text: "hi\u0000" }],
      ["auth.signIn", { email: "ada@example.com", password: "pass\u0000word-word" }],
    ];
    for (const [path, input] of cases) {
      const res = await call(path, input);
      expect(res.status, path).toBe(400);
      expect((await readError(res)).message, path).toMatch(/NUL/);
    }
  });

  it("input in plain JSON, not superjson's envelope: 400 saying how to send it, never a 500", async () => {
    const plain: Array<[string, string]> = [
      ["chat.start", JSON.stringify({ origin: "https://shop.example" })],
      ["chat.send", JSON.stringify({ sessionToken, clientMessageId: randomUUID(), text: "hello" })],
      ["faq.create", JSON.stringify({ question: "Plain?", answer: "Refused." })],
      ["faq.list", "null"],
      ["auth.signIn", JSON.stringify({ email: "ada@example.com", password: PASSWORDS.admin })],
    ];
    for (const [path, body] of plain) {
      const res = await fetch(`${url}/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body,
      });
      expect(res.status, path).toBe(400);
      expect((await readError(res)).message, path).toBe(
        `Input is not superjson. Send the input in superjson's envelope: {"json": <input>}`,
      );
    }
  });

  it("Origin: null or a malformed Origin on a staff write: 403", async () => {
    for (const origin of ["null", "http://[::1", "not a url"]) {
      const res = await call("faq.create", { question: "Origin test?", answer: "Refused." }, { origin });
      expect(res.status, origin).toBe(403);
    }
  });

  it("a date filter out of range: 400; marking an unknown conversation read: 404", async () => {
    const far = await call("ticket.list", { from: "+200000-01-01T00:00:00.000Z" });
    expect(far.status).toBe(400);
    expect((await readError(far)).message).toMatch(/^from: /);
    expect((await call("ticket.list", { to: "1900-01-01" })).status).toBe(400);
    expect((await call("inbox.markRead", { conversationId: randomUUID() })).status).toBe(404);
  });

  it("none of the above wrote an error to the log", () => {
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.filter((l) => l.level >= 50)).toEqual([]);
    expect(JSON.stringify(logged)).not.toMatch(/"stack"/);
  });
});
