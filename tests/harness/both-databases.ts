// One exercise run on each database the product runs on: the embedded PGlite (the `npm start`
// default; a copy of a migrated one, see pglite-template.ts) and a real PostgreSQL (a clone of the
// harness's migrated template). Used by the stores that must behave the same on both.
import { afterAll, describe, it } from "vitest";
import type { Database } from "@support/db";
import { createTestDatabase } from "./db.ts";
import { createMigratedPglite } from "./pglite-template.ts";

/** Registers what to undo after the file's tests; undone in reverse order, before the database goes. */
export type Cleanup = (undo: () => Promise<void>) => void;

export function describeOnBothDatabases(title: string, exercise: (db: Database, cleanup: Cleanup) => Promise<void>) {
  const undo: Array<() => Promise<void>> = [];
  const cleanup: Cleanup = (f) => void undo.push(f);
  afterAll(async () => {
    for (const f of undo.reverse()) await f();
  });
  describe(title, () => {
    // The first run on a machine migrates the PGlite template: a minute or two on a busy machine.
    it("works on the embedded PGlite", { timeout: 180_000 }, async () => {
      const db = await createMigratedPglite();
      cleanup(() => db.close());
      await exercise(db, cleanup);
    });

    it("works on PostgreSQL", async () => {
      const db = await createTestDatabase();
      cleanup(() => db.drop());
      await exercise(db, cleanup);
    });
  });
}
