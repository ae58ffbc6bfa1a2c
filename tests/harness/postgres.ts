// The one database harness: a real PostgreSQL server started from the machine's binaries in a
// temporary directory (as the `postgres` user when we are root), or TEST_DATABASE_URL when given.
// Migrations are applied once into a template database; each test file clones it in milliseconds.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export type PostgresServer = {
  adminUrl: string;
  stop(): Promise<void>;
  /** Fault tests: shut the server down (fast: clients are disconnected), keeping its data. */
  pause(): Promise<void>;
  /** Start it again on the same port and data. */
  resume(): Promise<void>;
};

function findPgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(base, v, "bin", "initdb"))) return join(base, v, "bin");
  const which = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  if (which.status === 0) return join(which.stdout.trim(), "..");
  throw new Error(
    "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql, or set TEST_DATABASE_URL",
  );
}

/** A TCP port free on loopback right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = process.getuid?.() === 0;

function runAsPostgres(cmd: string, args: string[]) {
  if (isRoot) {
    execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", [cmd, ...args].map(shellQuote).join(" ")], {
      stdio: "pipe",
    });
  } else {
    execFileSync(cmd, args, { stdio: "pipe" });
  }
}

/** Like runAsPostgres, without blocking the event loop (fault tests keep serving meanwhile). */
async function runAsPostgresAsync(cmd: string, args: string[]) {
  const run = promisify(execFile);
  if (isRoot) await run("su", ["postgres", "-s", "/bin/sh", "-c", [cmd, ...args].map(shellQuote).join(" ")]);
  else await run(cmd, args);
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), "support-pg-"));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, "data");
  const port = await freePort();
  if (isRoot) execFileSync("chown", ["postgres", dir]);
  runAsPostgres(join(bin, "initdb"), [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
    "--no-sync",
  ]);
  const startArgs = [
    "-D",
    dataDir,
    "-l",
    join(dir, "server.log"),
    "-w",
    "-t",
    "60",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`,
    "start",
  ];
  runAsPostgres(join(bin, "pg_ctl"), startArgs);
  return {
    async pause() {
      await runAsPostgresAsync(join(bin, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "stop"]);
    },
    async resume() {
      await runAsPostgresAsync(join(bin, "pg_ctl"), startArgs);
    },
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        runAsPostgres(join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
