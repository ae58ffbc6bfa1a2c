// The request limits' store on both databases the product runs on: the embedded PGlite (the
// `npm start` default) and a real PostgreSQL, through the same RateLimit table the migration makes.
import { expect } from "vitest";
import { createRateLimits } from "@support/api";
import { describeOnBothDatabases } from "../harness/both-databases.ts";

describeOnBothDatabases("rate-limit store", async (db) => {
  const limits = createRateLimits(db, { chatStartPerIp: { points: 2, duration: 600 } });
  const limiter = limits.limiter("chatStartPerIp");
  expect((await limiter.consume("192.0.2.1")).remainingPoints).toBe(1);
  expect((await limiter.consume("192.0.2.1")).remainingPoints).toBe(0);
  const refused = await limiter.consume("192.0.2.1").catch((e: unknown) => e);
  expect(refused).toMatchObject({ remainingPoints: 0, consumedPoints: 3 });
  expect((refused as { msBeforeNext: number }).msBeforeNext).toBeGreaterThan(590_000);
  // Another client is counted on its own.
  expect((await limiter.consume("192.0.2.2")).consumedPoints).toBe(1);
  // A second set of limiters (another instance, or this one after a restart) sees the same count.
  const again = createRateLimits(db, { chatStartPerIp: { points: 2, duration: 600 } });
  await expect(again.limiter("chatStartPerIp").consume("192.0.2.1")).rejects.toMatchObject({ consumedPoints: 4 });
  const rows = await db.sql.query<{ key: string }>(`SELECT key FROM "RateLimit" ORDER BY key`);
  expect(rows.map((r) => r.key)).toEqual(["chatStartPerIp:192.0.2.1", "chatStartPerIp:192.0.2.2"]);
});
