// The built SPAs and the server as a separate process, for end-to-end tests. SPAs are rebuilt when
// their dist/ is missing or older than any source they bundle (CI builds first anyway).
import { execSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { freePort } from "./postgres.ts";
import { spawnedServerReady } from "./readiness.ts";
import { changeWaiter } from "./wait.ts";

export const ROOT = resolve(import.meta.dirname, "../..");
export const SERVER_MAIN = join(ROOT, "apps/server/src/main.ts");
export const SERVER_BUNDLE = join(ROOT, "apps/server/dist/main.mjs");

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), s.mtimeMs);
}

const SPAS = {
  widget: {
    workspace: "@support/widget",
    outputs: ["dist/widget.js", "dist/app/index.html", "dist/demo.html"],
    sources: ["src", "demo", "index.html"],
  },
  console: { workspace: "@support/console", outputs: ["dist/index.html"], sources: ["src", "index.html"] },
} as const;

export function ensureSpaBuilt(name: keyof typeof SPAS): void {
  const spa = SPAS[name];
  const dir = join(ROOT, "apps", name);
  const sources = Math.max(
    ...spa.sources.map((s) => newest(join(dir, s))),
    newest(join(ROOT, "packages/schemas/src")),
    newest(join(ROOT, "packages/client/src")),
    newest(join(ROOT, "packages/markdown/src")),
  );
  const outputs = spa.outputs.map((o) => join(dir, o));
  if (outputs.every((o) => existsSync(o) && statSync(o).mtimeMs >= sources)) return;
  execSync(`npm run build -w ${spa.workspace}`, {
    cwd: ROOT,
    stdio: "pipe",
    env: { ...process.env, NODE_ENV: "production" },
  });
}

/** The production bundle (`npm run build` -w @support/server), rebuilt when any source it bundles is newer. */
export function ensureServerBundleBuilt(): void {
  const sources = Math.max(
    newest(join(ROOT, "apps/server/src")),
    ...["api", "assistant", "db", "schemas"].map((p) => newest(join(ROOT, "packages", p, "src"))),
  );
  if (existsSync(SERVER_BUNDLE) && statSync(SERVER_BUNDLE).mtimeMs >= sources) return;
  execSync("npm run build -w @support/server", { cwd: ROOT, stdio: "pipe" });
}

export type ServerProcess = {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the first match of `pattern` in what is printed from offset `from` of output() on, when it is printed. */
  printed(pattern: RegExp, opts?: { from?: number; ms?: number }): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
};

/**
 * `node apps/server/src/main.ts` as an operator runs it, configured only by environment variables;
 * with `bundle`, the built dist/main.mjs that `npm start` runs. `nodeArgs` go before the script;
 * `uid`/`gid` run it as another user (a test running as root checks file permissions that way).
 */
export async function startServerProcess(
  env: Record<string, string>,
  opts: { waitUntilReady?: boolean; bundle?: boolean; nodeArgs?: string[]; uid?: number; gid?: number } = {},
): Promise<ServerProcess> {
  const port = env.PORT ?? String(await freePort());
  let out = "";
  if (opts.bundle) ensureServerBundleBuilt();
  const script = opts.bundle ? [SERVER_BUNDLE] : ["--import", "tsx", SERVER_MAIN];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "warn", PORT: port, HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.gid ?? opts.uid }),
  });
  const outputChanged = changeWaiter();
  const collect = (d: Buffer) => {
    out += d.toString();
    outputChanged.changed();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  const url = `http://127.0.0.1:${port}`;
  if (opts.waitUntilReady ?? true)
    await spawnedServerReady(child, url, { timeoutMs: 90_000, everyMs: 200, detail: () => `:\n${out}` });
  return {
    child,
    url,
    output: () => out,
    printed: (pattern, { from = 0, ms = 30_000 } = {}) =>
      outputChanged.until(
        () => pattern.exec(out.slice(from)) ?? undefined,
        () => `${pattern} in:\n${out}`,
        ms,
      ),
    exited,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
