// The one factory that decides which PostgreSQL the product talks to: a real server when a
// connection string is given, otherwise the embedded PGlite (PostgreSQL compiled to WebAssembly)
// in a local directory, so a fresh clone runs with no database to install.
import { mkdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export type DatabaseOptions = {
  /** postgres:// connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files (default ./.data/pglite); `memory://` for a throwaway one. */
  dataDir?: string | undefined;
  /** Pool size for a real server. */
  maxConnections?: number | undefined;
  onPoolError?: ((err: Error) => void) | undefined;
};

/** A raw SQL channel next to Prisma, for LISTEN/NOTIFY and health checks. */
export type RawSql = {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
};

export type Database = {
  kind: "postgres" | "pglite";
  prisma: PrismaClient;
  /** The driver adapter factory, also used by the migration engine. */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  sql: RawSql;
  /** A description safe to log (no password). */
  describe: string;
  /** For a real server: the pool, so listeners can take a dedicated client. */
  pool?: pg.Pool;
  /** For PGlite: the instance, for its own LISTEN support. */
  pglite?: PGlite;
  close(): Promise<void>;
};

export const DEFAULT_DATA_DIR = ".data";

/** Relative data dirs are taken from where the user ran the command (npm's INIT_CWD), not the package. */
export function resolveDataDir(dataDir: string, baseDir: string = process.cwd()): string {
  return dataDir.startsWith("memory://") ? dataDir : resolve(baseDir, dataDir);
}

export function pgliteDirFor(dataDir: string): string {
  return dataDir.startsWith("memory://") ? dataDir : resolve(dataDir, "pglite");
}

export async function createDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) return createPostgresDatabase(options.databaseUrl, options);
  return createPgliteDatabase(options.dataDir ?? DEFAULT_DATA_DIR);
}

/**
 * adapter-pg 7.10 runs a script by splitting it on ";", which breaks any migration holding a
 * function body. Send the script whole instead: the simple query protocol runs every statement,
 * in one implicit transaction, so a failing migration leaves nothing half-applied.
 */
class WholeScriptPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const pool = adapter.underlyingDriver() as pg.Pool;
    adapter.executeScript = async (script: string) => {
      await pool.query(script);
    };
    return adapter;
  }
}

function createPostgresDatabase(databaseUrl: string, options: DatabaseOptions): Database {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", (err) => options.onPoolError?.(err));
  const adapterFactory = new PrismaPg(pool, { onPoolError: options.onPoolError });
  const prisma = new PrismaClient({ adapter: adapterFactory });
  const migrationFactory = new WholeScriptPg(pool, { onPoolError: options.onPoolError });
  const url = new URL(databaseUrl);
  return {
    kind: "postgres",
    prisma,
    adapterFactory: migrationFactory,
    pool,
    describe: `postgres://${url.hostname}:${url.port || 5432}${url.pathname}`,
    sql: {
      async query(text, params) {
        const result = await pool.query(text, params as unknown[] | undefined);
        return result.rows;
      },
    },
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

/** The embedded database cannot use its directory; the message says what to change. */
export class DataDirError extends Error {}

/**
 * PGlite on a directory it cannot write fails with a bare WebAssembly errno (or not at all for a
 * while): try a file first, so the operator learns which directory and what to do.
 */
function assertWritableDir(dir: string) {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, "");
    unlinkSync(probe);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new DataDirError(
      `The embedded database needs a writable directory and cannot write to ${dir} (${reason}). ` +
        `Set DATA_DIR to a directory this user can write, or DATABASE_URL to use a PostgreSQL server.`,
      { cause: err },
    );
  }
}

async function createPgliteDatabase(dataDir: string): Promise<Database> {
  const dir = pgliteDirFor(dataDir);
  if (!dir.startsWith("memory://")) assertWritableDir(dir);
  // Loaded only when used: a server on PostgreSQL never pays for the embedded engine.
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir);
  } catch (err) {
    // Emscripten's file-system errors carry only a name and an errno.
    const e = (err ?? {}) as { message?: string; name?: string; errno?: number };
    const reason =
      e.message || [e.name, e.errno === undefined ? "" : `errno ${e.errno}`].filter(Boolean).join(" ") || String(err);
    throw new DataDirError(
      `The embedded database could not start in ${dir} (${reason}). Check that this user can read and write every file ` +
        `there, or set DATA_DIR to another directory, or DATABASE_URL to use a PostgreSQL server.`,
      { cause: err },
    );
  }
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: "pglite",
    prisma,
    adapterFactory,
    pglite,
    describe: `pglite:${dir}`,
    sql: {
      async query(text, params) {
        const result = await pglite.query(text, params as unknown[] | undefined);
        return result.rows as never[];
      },
    },
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

export { PrismaClient };
