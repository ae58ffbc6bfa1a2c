// npm run bench -- chat: the server's own cost per customer turn, with an instant in-process model.
// p50/p99 latency and turns/s at concurrency 1, 16 and 64, for our server (Fastify + tRPC + Prisma +
// the assistant) and for a hand-written node:http + pg baseline doing the same reads and writes,
// each on a fresh copy of the same PostgreSQL database.
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { Agent, request as httpRequest } from "node:http";
import { applyMigrations, createDatabase, seedDemoData } from "@support/db";
import { adminQuery, startPostgres, withDatabase } from "../harness/postgres.ts";

/** A POST over a keep-alive agent; resolves with status and the whole body. */
function request(url: string, opts: { method: string; dispatcher: Agent; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ statusCode: number; body: { text(): Promise<string>; json(): Promise<unknown> } }>((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method, agent: opts.dispatcher, headers: opts.headers }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (data += d));
      res.on("end", () =>
        resolve({ statusCode: res.statusCode ?? 0, body: { text: async () => data, json: async () => JSON.parse(data) } }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

const CONCURRENCY = [1, 16, 64];
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5_000);
const WARMUP_MS = 1_000;

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

type Target = {
  name: string;
  start(agent: Agent, base: string): Promise<string>;
  send(agent: Agent, base: string, token: string, text: string): Promise<void>;
};

const ours: Target = {
  name: "support server (Fastify + tRPC + Prisma)",
  async start(agent, base) {
    const res = await request(`${base}/trpc/chat.start`, { method: "POST", dispatcher: agent, headers: { "content-type": "application/json" }, body: "{}" });
    const body = (await res.body.json()) as { result: { data: { sessionToken: string } } };
    return body.result.data.sessionToken;
  },
  async send(agent, base, token, text) {
    const res = await request(`${base}/trpc/chat.send?batch=1`, {
      method: "POST",
      dispatcher: agent,
      headers: { "content-type": "application/json", "trpc-accept": "application/jsonl" },
      body: JSON.stringify({ 0: { sessionToken: token, clientMessageId: randomUUID(), text } }),
    });
    const text2 = await res.body.text();
    if (res.statusCode !== 200 || !text2.includes('"done"')) throw new Error(`turn failed (${res.statusCode}): ${text2.slice(0, 300)}`);
  },
};

const baseline: Target = {
  name: "baseline (node:http + pg)",
  async start(agent, base) {
    const res = await request(`${base}/start`, { method: "POST", dispatcher: agent });
    return ((await res.body.json()) as { sessionToken: string }).sessionToken;
  },
  async send(agent, base, token, text) {
    const res = await request(`${base}/send`, {
      method: "POST",
      dispatcher: agent,
      body: JSON.stringify({ sessionToken: token, clientMessageId: randomUUID(), text }),
    });
    const t = await res.body.text();
    if (res.statusCode !== 200 || !t.includes('"done"')) throw new Error(`baseline turn failed: ${t.slice(0, 300)}`);
  },
};

const QUESTIONS = ["What is your return policy?", "Is shipping free?", "Do you sell gift cards?", "How long do refunds take?"];

async function load(target: Target, base: string, concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const tokens = await Promise.all(Array.from({ length: concurrency }, () => target.start(agent, base)));
  const latencies: number[] = [];
  let measuring = false;
  let stop = false;
  const worker = async (token: string, w: number) => {
    let i = w;
    while (!stop) {
      const t0 = performance.now();
      await target.send(agent, base, token, QUESTIONS[i++ % QUESTIONS.length]!);
      if (measuring) latencies.push(performance.now() - t0);
    }
  };
  const workers = tokens.map((t, w) => worker(t, w));
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, DURATION_MS));
  measuring = false;
  const elapsed = performance.now() - t0;
  const count = latencies.length;
  stop = true;
  await Promise.all(workers);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(count - 1, Math.floor((p / 100) * count))] ?? NaN;
  return { turnsPerSec: (count / elapsed) * 1000, p50: pct(50), p99: pct(99), turns: count };
}

async function startChild(entry: string, databaseUrl: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = fork(new URL(entry, import.meta.url).pathname, [], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: "production" },
    // BENCH_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server under load.
    execArgv: ["--import", "tsx", ...(process.env.BENCH_NODE_OPTIONS?.split(" ").filter(Boolean) ?? [])],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`${entry} exited with ${code}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

export async function run(_args: string[]) {
  const external = process.env.BENCH_DATABASE_URL;
  // BENCH_ONLY=support|baseline runs one side (for profiling); the comparison needs both.
  const only = process.env.BENCH_ONLY;
  const pgServer = external ? null : await startPostgres();
  const adminUrl = external ?? pgServer!.adminUrl;
  const rows: string[] = [];
  const results: Record<string, Record<number, Awaited<ReturnType<typeof load>>>> = {};
  try {
    for (const [target, entry] of [
      [baseline, "./baseline-chat-server.ts"],
      [ours, "./chat-server-entry.ts"],
    ] as const) {
      if (only && !target.name.startsWith(only)) continue;
      const name = `bench_chat_${randomUUID().slice(0, 8)}`;
      await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
      const url = withDatabase(adminUrl, name);
      const db = await createDatabase({ databaseUrl: url });
      await applyMigrations(db);
      await seedDemoData(db.prisma);
      await db.close();
      const { child, base } = await startChild(entry, url);
      results[target.name] = {};
      try {
        for (const c of CONCURRENCY) {
          const r = await load(target, base, c);
          results[target.name]![c] = r;
          rows.push(
            `${target.name.padEnd(42)} ${String(c).padStart(4)} ${r.turnsPerSec.toFixed(0).padStart(9)} ${r.p50.toFixed(2).padStart(9)} ${r.p99.toFixed(2).padStart(9)}`,
          );
        }
      } finally {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
        await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
  } finally {
    await pgServer?.stop();
  }
  console.log(`\nchat.send with an instant model, ${DURATION_MS / 1000}s per step after ${WARMUP_MS / 1000}s warm-up, PostgreSQL ${external ? "(BENCH_DATABASE_URL)" : "(started by the bench)"}`);
  console.log(`${"target".padEnd(42)} ${"conc".padStart(4)} ${"turns/s".padStart(9)} ${"p50 ms".padStart(9)} ${"p99 ms".padStart(9)}`);
  for (const r of rows) console.log(r);
  const o = results[ours.name];
  const b = results[baseline.name];
  if (!o || !b) return;
  console.log("");
  for (const c of CONCURRENCY) {
    const ratio = o[c]!.turnsPerSec / b[c]!.turnsPerSec;
    console.log(`concurrency ${String(c).padStart(2)}: throughput ${(ratio * 100).toFixed(0)}% of baseline (target >= 67%)${c === 64 ? `, p99 ${o[c]!.p99.toFixed(1)} ms (target < 25 ms)` : ""}`);
  }
}
