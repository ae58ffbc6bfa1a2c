// What callers see when things go wrong: readiness before migrations, and production error masking.
import { afterAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { buildServer } from "../../apps/server/src/app.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

async function serve(db: TestDatabase, production: boolean) {
  const app = await buildServer({ db, llm: null, logger: pino({ level: "silent" }), api: { production, exposeInternalErrors: !production } });
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
      const res = await fetch(`${url}/trpc/chat.start`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(res.status).toBe(500);
      const text = await res.text();
      const body = JSON.parse(text);
      expect(body.error.message).toBe("Something went wrong on our side. Please try again.");
      expect(body.error.data.requestId).toBe(res.headers.get("x-request-id"));
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
        body: JSON.stringify({ origin: 42 }),
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.data.code).toBe("BAD_REQUEST");
      expect(body.error.data.zodError.fieldErrors.origin[0]).toMatch(/string/);
    } finally {
      await app.close();
    }
  });
});
