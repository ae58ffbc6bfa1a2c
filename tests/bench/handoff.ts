// npm run bench -- handoff: live hand-off across two server instances on one PostgreSQL.
// 1) Time from an agent's reply on instance B to its arrival in the customer's stream on A
//    (p50/p99 over 1,000 replies). 2) Server memory and event latency with 1,000 customer streams
//    held open on one instance. Targets: p99 < 250 ms; 1,000 open streams < 300 MB.
import { execSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { createSupportClient } from "@support/client";
import { applyMigrations, createDatabase, seedDemoData, type Database } from "@support/db";
import { hashSecret } from "../../packages/api/src/lib/tokens.ts";
import { spawnedServerReady } from "../harness/readiness.ts";
import { adminQuery, startPostgres, withDatabase, freePort } from "../harness/postgres.ts";

const REPLIES = Number(process.env.BENCH_REPLIES ?? 1000);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 1000);

type Instance = { child: ChildProcess; url: string; memory(): Promise<{ rss: number }> };

const SERVER_BUNDLE = fileURLToPath(new URL("../../apps/server/dist/main.mjs", import.meta.url));

/** The production server (the esbuild bundle `npm start` runs), so memory is what operators see. */
async function startInstance(databaseUrl: string): Promise<Instance> {
  if (!existsSync(SERVER_BUNDLE)) execSync("npm run build -w @support/server", { stdio: "inherit" });
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_BUNDLE], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      SEED_DEMO: "false",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await spawnedServerReady(child, url, { timeoutMs: 60_000 });
  return {
    child,
    url,
    // Resident memory of the whole server process, as `ps` and container limits count it.
    memory: async () => ({
      rss: Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) * 1024,
    }),
  };
}

async function handoffConversations(db: Database, n: number): Promise<Array<{ id: string; token: string }>> {
  const rows = Array.from({ length: n }, () => ({
    id: randomUUID(),
    token: randomUUID().replace(/-/g, "") + randomUUID().replace(/-/g, "").slice(0, 11),
  }));
  await db.prisma.session.createMany({
    data: rows.map((r) => ({
      id: r.id,
      tokenHash: hashSecret(r.token),
      status: "handoff" as const,
      handoffAt: new Date(),
    })),
  });
  return rows;
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

function openStream(url: string, token: string, onMessage: (content: string) => void) {
  const client = createSupportClient({ url, headers: { "x-session-token": token } });
  let opened!: () => void;
  const ready = new Promise<void>((r) => (opened = r));
  const sub = client.live.conversation.subscribe(undefined, {
    onStarted: () => opened(),
    onData: (d) => {
      const e =
        (d as { data?: { type: string; message?: { content: string } } }).data ??
        (d as { type: string; message?: { content: string } });
      if (e.type === "message" && e.message) onMessage(e.message.content);
    },
    onError: (err) => console.error("stream error", err),
  });
  return { ready, close: () => sub.unsubscribe() };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function run(_args: string[]) {
  const external = process.env.BENCH_DATABASE_URL;
  const pg = external ? null : await startPostgres();
  const adminUrl = external ?? pg!.adminUrl;
  const name = `bench_handoff_${randomUUID().slice(0, 8)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  const db = await createDatabase({ databaseUrl: url });
  const instances: Instance[] = [];
  try {
    await applyMigrations(db);
    await seedDemoData(db.prisma);
    const cookie = await staffCookie(db);
    const [a, b] = [await startInstance(url), await startInstance(url)];
    instances.push(a, b);
    // NODE_ENV=production: the staff cookie carries the __Host- prefix.
    const agent = createSupportClient({ url: b.url, headers: { cookie: `__Host-sb_staff=${cookie}` } });

    // 1) Reply latency B -> A, one conversation, sequential replies.
    const [conv] = await handoffConversations(db, 1);
    const pending = new Map<string, number>();
    const latencies: number[] = [];
    let arrived!: () => void;
    const stream = openStream(a.url, conv!.token, (content) => {
      const sent = pending.get(content);
      if (sent !== undefined) {
        latencies.push(performance.now() - sent);
        pending.delete(content);
        arrived();
      }
    });
    await stream.ready;
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < REPLIES; i++) {
      const text = `reply ${i} ${randomUUID()}`;
      const got = new Promise<void>((r) => (arrived = r));
      pending.set(text, performance.now());
      await agent.inbox.reply.mutate({ conversationId: conv!.id, clientMessageId: randomUUID(), text });
      await got;
    }
    stream.close();
    latencies.sort((x, y) => x - y);

    // 2) 1,000 open customer streams on A; memory, then event latency to a sample of them.
    const before = await a.memory();
    const convs = await handoffConversations(db, STREAMS);
    const waiting = new Map<string, { sent: number; done: () => void }>();
    const streams = convs.map((c) =>
      openStream(a.url, c.token, (content) => {
        const w = waiting.get(content);
        if (w) {
          w.done();
          waiting.delete(content);
        }
      }),
    );
    await Promise.all(streams.map((s) => s.ready));
    await new Promise((r) => setTimeout(r, 1000));
    const withStreams = await a.memory();
    const loadedLatencies: number[] = [];
    for (const c of convs.filter((_, i) => i % 10 === 0)) {
      const text = `fan ${randomUUID()}`;
      const sent = performance.now();
      const done = new Promise<void>((r) => waiting.set(text, { sent, done: r }));
      await agent.inbox.reply.mutate({ conversationId: c.id, clientMessageId: randomUUID(), text });
      await done;
      loadedLatencies.push(performance.now() - sent);
    }
    for (const s of streams) s.close();
    loadedLatencies.sort((x, y) => x - y);

    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    console.log(
      `\nAgent reply on instance B -> customer stream on instance A (${latencies.length} replies, one at a time)`,
    );
    console.log(
      `  p50 ${percentile(latencies, 50).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   max ${latencies.at(-1)!.toFixed(1)} ms   (target p99 < 250 ms: ${percentile(latencies, 99) < 250 ? "met" : "NOT met"})`,
    );
    console.log(`\n${STREAMS} customer streams open on instance A`);
    console.log(
      `  server RSS ${mb(before.rss)} MB before -> ${mb(withStreams.rss)} MB with the streams open   (target < 300 MB: ${withStreams.rss < 300 * 1024 * 1024 ? "met" : "NOT met"})`,
    );
    console.log(
      `  reply latency to ${loadedLatencies.length} of them meanwhile: p50 ${percentile(loadedLatencies, 50).toFixed(1)} ms   p99 ${percentile(loadedLatencies, 99).toFixed(1)} ms`,
    );
  } finally {
    for (const i of instances) {
      i.child.kill("SIGTERM");
      await new Promise((r) => i.child.once("exit", r));
    }
    await db.close();
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await pg?.stop();
  }
}
