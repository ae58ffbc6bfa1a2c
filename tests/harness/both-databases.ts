// One exercise run on each database the product runs on: the embedded PGlite (the `npm start`
// default, migrated here as the server does at start) and a real PostgreSQL (a clone of the
// harness's migrated template). Used by the stores that must behave the same on both.
import { afterAll, describe, it } from "vitest";
import { applyMigrations, createDatabase, type Database } from "@support/db";
import { createTestDatabase } from "./db.ts";

/** Registers what to undo after the file's tests; undone in reverse order, before the database goes. */
export type Cleanup = (undo: () => Promise<void>) => void;

export function describeOnBothDatabases(title: string, exercise: (db: Database, cleanup: Cleanup) => Promise<void>) {
  const undo: Array<() => Promise<void>> = [];
  const cleanup: Cleanup = (f) => void undo.push(f);
  afterAll(async () => {
    for (const f of undo.reverse()) await f();
  });
  describe(title, () => {
    // Migrating a fresh PGlite takes tens of seconds on a busy machine.
    it("works on the embedded PGlite", { timeout: 180_000 }, async () => {
      const db = await createDatabase({ dataDir: "memory://" });
      cleanup(() => db.close());
      await applyMigrations(db);
      await exercise(db, cleanup);
    });

    it("works on PostgreSQL", async () => {
      const db = await createTestDatabase();
      cleanup(() => db.drop());
      await exercise(db, cleanup);
    });
  });
}
