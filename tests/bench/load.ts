// npm run bench -- load [--soak] [--outage]: many customers chatting at once with the production
// build (the esbuild bundle `npm start` runs, NODE_ENV=production) on PostgreSQL, against a fake
// model as slow as a real one (300 ms to the first token, then ~50 tokens/s). Each conversation is
// a customer who reads the reply and types the next message (5-8 s) before sending it.
// Reports turns/s, p50/p99 turn latency (send -> stored reply) and time to first token, errors,
// server RSS and server CPU per turn, each beside its target:
//   default  200 conversations for 60 s: 0 errors, p99 < 1.5 s, RSS < 400 MB
//   --soak   50 conversations for 10 min: RSS growth < 10 % (minute 1 -> last 30 s), 0 errors
//   --outage PostgreSQL stopped for 5 s mid-run: nothing acknowledged lost, recovery < 2 s after
//            it returns (a message accepted, /readyz 200, a staff reply reaching a customer's stream)
// BENCH_CONVERSATIONS, BENCH_DURATION_MS override the size; BENCH_DATABASE_URL uses your server
// (not with --outage); BENCH_NODE_OPTIONS are passed to the server's node.
// Rate limits: every customer comes from its own address, as in production, so the server runs
// with TRUST_PROXY and each conversation sends its own X-Forwarded-For; no limit is raised.
import { execSync, fork, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createSupportClient, type SupportClient } from "@support/client";
import { applyMigrations, createDatabase, seedDemoData, type Database } from "@support/db";
import type { ChatSendEvent } from "@support/schemas";
import { hashSecret } from "../../packages/api/src/lib/tokens.ts";
import { spawnedServerReady } from "../harness/readiness.ts";
import { adminQuery, freePort, startPostgres, withDatabase, type PostgresServer } from "../harness/postgres.ts";

const SERVER_BUNDLE = fileURLToPath(new URL("../../apps/server/dist/main.mjs", import.meta.url));
const MODEL_SPEED = { firstChunkDelayMs: 300, delayMsPerChunk: 20 };
const THINK_MS = { min: 5_000, max: 8_000 };
const OUTAGE_MS = 5_000;
const QUESTIONS = [
  "What is your return policy?",
  "How long does shipping take?",
  "Do you ship internationally?",
  "Are your tents waterproof?",
  "Do you sell gift cards?",
  "How long do refunds take?",
  "Is shipping free?",
  "Can I change my order after placing it?",
];

type Server = { child: ChildProcess; url: string; rss(): number; cpuMs(): number };

/** The fake model in its own process (see fake-openai-entry.ts). */
async function startFakeModel(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(fileURLToPath(new URL("./fake-openai-entry.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, FAKE_BEHAVIOR: JSON.stringify(MODEL_SPEED) },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { url: string }).url));
    child.once("exit", (code) => reject(new Error(`fake model exited with ${code}`)));
  });
  return { url, child };
}

async function startServer(databaseUrl: string, openai: { url: string }): Promise<Server> {
  if (!existsSync(SERVER_BUNDLE)) execSync("npm run build", { stdio: "inherit" });
  const port = await freePort();
  // BENCH_NODE_OPTIONS: e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the server's time goes.
  const nodeArgs = process.env.BENCH_NODE_OPTIONS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, SERVER_BUNDLE], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      SEED_DEMO: "false",
      OPENAI_API_KEY: "sk-bench",
      OPENAI_BASE_URL: openai.url,
      // Customers each have their own address (X-Forwarded-For below), as behind a load balancer.
      TRUST_PROXY: "true",
      // 200 customers at once: more than the default pool of 10 connections would queue for.
      DB_POOL_SIZE: process.env.BENCH_DB_POOL_SIZE ?? "20",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await spawnedServerReady(child, url, { timeoutMs: 90_000 });
  const status = () => readFileSync(`/proc/${child.pid}/status`, "utf8");
  const ticksPerSecond = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;
  return {
    child,
    url,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(status())![1]) * 1024,
    cpuMs: () => {
      // utime + stime (fields 14 and 15), after the parenthesised command name.
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
    },
  };
}

type Turn = {
  startedAt: number;
  acceptedAt: number | null;
  latencyMs: number;
  ttftMs: number | null;
  ok: boolean;
  fallback: boolean;
  error: string | null;
  clientMessageId: string;
  accepted: boolean;
};

/** Latest time any customer's message was accepted (stored), for the recovery measurement. */
let lastAcceptedAt = 0;

async function oneTurn(client: SupportClient, token: string, text: string): Promise<Turn> {
  const clientMessageId = randomUUID();
  const startedAt = performance.now();
  const turn: Turn = {
    startedAt,
    acceptedAt: null,
    latencyMs: 0,
    ttftMs: null,
    ok: false,
    fallback: false,
    error: null,
    clientMessageId,
    accepted: false,
  };
  try {
    const stream = await client.chat.send.mutate({ sessionToken: token, clientMessageId, text });
    for await (const event of stream as AsyncIterable<ChatSendEvent>) {
      if (event.type === "accepted") {
        turn.accepted = true;
        turn.acceptedAt = performance.now();
        lastAcceptedAt = turn.acceptedAt;
      } else if (event.type === "delta" && turn.ttftMs === null) turn.ttftMs = performance.now() - startedAt;
      else if (event.type === "done") {
        turn.ok = true;
        turn.fallback = event.message.mode !== "llm";
      }
    }
    if (!turn.ok) turn.error = "stream ended without a reply";
  } catch (err) {
    turn.error = (err as Error).message.slice(0, 120);
  }
  turn.latencyMs = performance.now() - startedAt;
  return turn;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const median = (values: number[]) => percentile(values, 50);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** A customer: opens a conversation, then asks, reads, types, asks again until `until`. */
async function customer(url: string, i: number, until: () => boolean, turns: Turn[]) {
  const client = createSupportClient({ url, headers: { "x-forwarded-for": addressOf(i + 1) } });
  const { sessionToken } = await client.chat.start.mutate();
  // Arrivals spread over one think time, as a steady population would be.
  await sleep(Math.random() * THINK_MS.max);
  for (let n = 0; !until(); n++) {
    const turn = await oneTurn(client, sessionToken, `${QUESTIONS[(i + n) % QUESTIONS.length]}`);
    turns.push(turn);
    // After a failure the customer presses retry a moment later (or when told to wait, after that).
    const wait = turn.error
      ? Number(/wait (\d+) seconds/.exec(turn.error)?.[1] ?? 0) * 1000 || 2_000
      : THINK_MS.min + Math.random() * (THINK_MS.max - THINK_MS.min);
    await sleep(wait);
  }
}

async function staffCookie(db: Database): Promise<string> {
  const user = await db.prisma.staffUser.create({
    data: { email: `bench-${randomUUID()}@example.com`, name: "Bench Agent", role: "agent", passwordHash: "unused" },
  });
  const secret = randomUUID() + randomUUID();
  await db.prisma.staffSession.create({
    data: { staffUserId: user.id, tokenHash: hashSecret(secret), expiresAt: new Date(Date.now() + 86_400_000) },
  });
  return secret;
}

/** One customer handed to a person, with its live stream open; resolves `arrived(text)` when a reply shows. */
async function handoffWatcher(url: string, db: Database) {
  const token = randomUUID().replace(/-/g, "") + randomUUID().replace(/-/g, "").slice(0, 11);
  const session = await db.prisma.session.create({
    data: { tokenHash: hashSecret(token), status: "handoff", handoffAt: new Date() },
  });
  const seen = new Set<string>();
  const waiters = new Map<string, () => void>();
  const client = createSupportClient({
    url,
    headers: { "x-session-token": token, "x-forwarded-for": "10.255.255.254" },
  });
  let opened!: () => void;
  const ready = new Promise<void>((r) => (opened = r));
  const sub = client.live.conversation.subscribe(undefined, {
    onStarted: () => opened(),
    onData: (d) => {
      const e =
        (d as { data?: { type: string; message?: { content: string } } }).data ??
        (d as { type: string; message?: { content: string } });
      if (e.type !== "message" || !e.message) return;
      seen.add(e.message.content);
      waiters.get(e.message.content)?.();
    },
  });
  await ready;
  const agent = createSupportClient({
    url,
    headers: { cookie: `__Host-sb_staff=${await staffCookie(db)}`, "x-forwarded-for": "10.255.255.253" },
  });
  return {
    /** Sends a staff reply and resolves when the customer's stream has it. */
    async replyArrives(): Promise<void> {
      const text = `staff reply ${randomUUID()}`;
      const arrived = new Promise<void>((r) => waiters.set(text, r));
      await agent.inbox.reply.mutate({ conversationId: session.id, clientMessageId: randomUUID(), text });
      await arrived;
    },
    close: () => sub.unsubscribe(),
  };
}

async function readyzOk(url: string): Promise<boolean> {
  return fetch(`${url}/readyz`).then(
    (r) => r.ok,
    () => false,
  );
}

async function untilTrue(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if (await check()) return performance.now() - start;
    await sleep(20);
  }
  return NaN;
}

export async function run(args: string[]) {
  const soak = args.includes("--soak");
  const outage = args.includes("--outage");
  const conversations = Number(process.env.BENCH_CONVERSATIONS ?? (soak ? 50 : 200));
  const durationMs = Number(process.env.BENCH_DURATION_MS ?? (soak ? 600_000 : 60_000));
  // All customers arrive at once; the figures start after this (connections, JIT, first turns).
  const warmupMs = Number(process.env.BENCH_WARMUP_MS ?? 10_000);
  const endMs = warmupMs + durationMs;
  const external = outage ? undefined : process.env.BENCH_DATABASE_URL;
  const pg: PostgresServer | null = external ? null : await startPostgres();
  const adminUrl = external ?? pg!.adminUrl;
  const name = `bench_load_${randomUUID().slice(0, 8)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const databaseUrl = withDatabase(adminUrl, name);
  const db = await createDatabase({ databaseUrl, onPoolError: () => undefined });
  const openai = await startFakeModel();
  let server: Server | null = null;
  try {
    await applyMigrations(db);
    await seedDemoData(db.prisma);
    // The day's token cap would turn this many turns into FAQ-only answers after a while.
    await db.prisma.settings.update({ where: { id: 1 }, data: { dailyTokenCap: 1_000_000_000 } });
    server = await startServer(databaseUrl, openai);
    const url = server.url;

    // The floor: one customer alone, so the model's own time is known.
    const alone: Turn[] = [];
    {
      const client = createSupportClient({ url, headers: { "x-forwarded-for": "10.255.0.1" } });
      const { sessionToken } = await client.chat.start.mutate();
      for (let n = 0; n < 6; n++) alone.push(await oneTurn(client, sessionToken, QUESTIONS[n]!));
    }
    const watcher = outage ? await handoffWatcher(url, db) : null;

    console.log(
      `\n${conversations} conversations for ${(durationMs / 1000).toFixed(0)} s; production build on PostgreSQL; model: ` +
        `${MODEL_SPEED.firstChunkDelayMs} ms to first token, ${1000 / MODEL_SPEED.delayMsPerChunk} chunks/s; customers think ${THINK_MS.min / 1000}-${THINK_MS.max / 1000} s` +
        `; measured after ${warmupMs / 1000} s of warm-up` +
        (outage
          ? `; PostgreSQL stopped for ${OUTAGE_MS / 1000} s at ${((warmupMs + durationMs / 2) / 1000).toFixed(0)} s`
          : ""),
    );
    console.log(
      `  one customer alone: turn p50 ${median(alone.slice(1).map((t) => t.latencyMs)).toFixed(0)} ms (the model's own time)`,
    );

    const turns: Turn[] = [];
    const rssSamples: Array<{ at: number; rss: number }> = [];
    const startedAt = performance.now();
    const elapsed = () => performance.now() - startedAt;
    const sampler = setInterval(() => rssSamples.push({ at: elapsed(), rss: server!.rss() }), 1_000);
    let cpuBefore = server.cpuMs();
    const openWindow = setTimeout(() => (cpuBefore = server!.cpuMs()), warmupMs);
    const loadBefore = loadavg()[0]!;
    // If the load generator's own event loop lags, its latencies include that lag: shown below.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    // Figures cover the fixed window after the warm-up.
    let windowEnd: { cpuMs: number } | null = null;
    const closeWindow = setTimeout(() => (windowEnd = { cpuMs: server!.cpuMs() }), endMs);
    const load = Promise.all(
      Array.from({ length: conversations }, (_, i) => customer(url, i, () => elapsed() >= endMs, turns)),
    );
    let progress = 0;
    const reporter = setInterval(() => {
      progress += 1;
      if (progress % (soak ? 6 : 2) === 0) {
        const done = turns.filter((t) => t.ok).length;
        console.log(
          `  ${(elapsed() / 1000).toFixed(0)} s: ${done} turns, ${turns.length - done} failed, RSS ${mb(server!.rss())}`,
        );
      }
    }, 10_000);

    let recovery: { turn: number; ready: number; live: number } | null = null;
    if (outage && pg && watcher) {
      await sleep(warmupMs + durationMs / 2);
      await pg.pause();
      await sleep(OUTAGE_MS);
      await pg.resume();
      const back = performance.now();
      // A customer's message stored again (their turns in flight then still finish).
      const turnBack = untilTrue(async () => lastAcceptedAt >= back, 60_000);
      const readyBack = untilTrue(() => readyzOk(url), 60_000);
      const liveBack = (async () => {
        await readyBack;
        await watcher.replyArrives();
        return performance.now() - back;
      })();
      const [turn, ready, live] = await Promise.all([turnBack, readyBack, liveBack]);
      recovery = { turn, ready, live };
    }
    await load;
    clearTimeout(closeWindow);
    clearTimeout(openWindow);
    const window = windowEnd as { cpuMs: number } | null;
    const cpuMs = (window?.cpuMs ?? server.cpuMs()) - cpuBefore;
    // Turns started inside the window, however long they took.
    const windowTurns = turns.filter((t) => t.startedAt - startedAt >= warmupMs && t.startedAt - startedAt < endMs);
    const wallMs = durationMs;
    clearInterval(sampler);
    clearInterval(reporter);
    watcher?.close();

    const ok = windowTurns.filter((t) => t.ok);
    const errors = windowTurns.filter((t) => !t.ok);
    const fallbacks = ok.filter((t) => t.fallback).length;
    const latencies = ok.map((t) => t.latencyMs);
    const ttfts = ok.flatMap((t) => (t.ttftMs === null ? [] : [t.ttftMs]));
    const p99 = percentile(latencies, 99);
    const inWindow = rssSamples.filter((s) => s.at <= endMs);
    const peakRss = Math.max(...inWindow.map((s) => s.rss));
    const errorKinds = new Map<string, number>();
    for (const e of errors) {
      const kind = (e.error ?? "?").replace(/\d+/g, "N");
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    }

    console.log(`\nResults`);
    console.log(
      `  turns/s             ${(ok.length / (wallMs / 1000)).toFixed(1)}   (${ok.length} answered turns in ${(wallMs / 1000).toFixed(0)} s)`,
    );
    console.log(
      `  turn latency        p50 ${median(latencies).toFixed(0)} ms   p99 ${p99.toFixed(0)} ms   max ${Math.max(...latencies).toFixed(0)} ms   (target p99 < 1500 ms: ${verdict(p99 < 1500)})`,
    );
    console.log(
      `  first token         p50 ${median(ttfts).toFixed(0)} ms   p99 ${percentile(ttfts, 99).toFixed(0)} ms`,
    );
    console.log(
      `  errors              ${errors.length}   (target 0${outage ? ", outside the outage" : ""}: ${outage ? "see below" : verdict(errors.length === 0)})`,
    );
    for (const [kind, n] of errorKinds) console.log(`      ${n} x ${kind}`);
    console.log(`  FAQ-only fallbacks  ${fallbacks}   (target 0: ${verdict(fallbacks === 0)})`);
    console.log(
      `  server RSS          peak ${mb(peakRss)}   end ${mb(inWindow.at(-1)!.rss)}   (target < 400 MB: ${verdict(peakRss < 400 * 1024 * 1024)})`,
    );
    console.log(
      `  server CPU per turn ${(cpuMs / Math.max(1, ok.length)).toFixed(2)} ms   (${((cpuMs / wallMs) * 100).toFixed(0)} % of one core)`,
    );
    loopDelay.disable();
    console.log(
      `  (machine: load average ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores; ` +
        `load generator event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms)`,
    );
    if (soak) {
      const early = median(
        rssSamples.filter((s) => s.at >= warmupMs + 60_000 && s.at < warmupMs + 90_000).map((s) => s.rss),
      );
      const late = median(rssSamples.filter((s) => s.at >= endMs - 30_000 && s.at <= endMs).map((s) => s.rss));
      const growth = (late / early - 1) * 100;
      console.log(
        `  RSS growth          ${mb(early)} at minute 1 -> ${mb(late)} in the last 30 s: ${growth.toFixed(1)} %   (target < 10 %: ${verdict(growth < 10)})`,
      );
    }
    if (outage && recovery) {
      const accepted = turns.filter((t) => t.accepted).map((t) => t.clientMessageId);
      const stored = new Set(
        (
          await db.prisma.message.findMany({
            where: { clientMessageId: { in: accepted }, role: "user" },
            select: { clientMessageId: true },
          })
        ).map((m) => m.clientMessageId),
      );
      const lost = accepted.filter((id) => !stored.has(id)).length;
      const worst = Math.max(recovery.turn, recovery.ready, recovery.live);
      console.log(`\nPostgreSQL stopped for ${OUTAGE_MS / 1000} s mid-load`);
      console.log(
        `  acknowledged and lost   ${lost} of ${accepted.length} accepted messages   (target 0: ${verdict(lost === 0)})`,
      );
      console.log(
        `  after it returned:      a message accepted in ${recovery.turn.toFixed(0)} ms, /readyz 200 in ${recovery.ready.toFixed(0)} ms, a staff reply reached a live stream in ${recovery.live.toFixed(0)} ms`,
      );
      console.log(`                          (target: all under 2000 ms: ${verdict(worst < 2000)})`);
    }
  } finally {
    if (server) {
      server.child.kill("SIGTERM");
      await new Promise((r) => server!.child.once("exit", r));
    }
    openai.child.kill("SIGTERM");
    await db.close();
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await pg?.stop();
  }
}
