// The server process: configuration, database (migrated, seeded when empty), model, HTTP, and a
// graceful stop on SIGTERM/SIGINT (stop accepting, drain in-flight requests, close the pool).
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { backfillFaqPromptTokens, createMailNotifier, ensureDemoAdmin, type Logger } from "@support/api";
import { createOpenAiProvider, sharedTokenCounter } from "@support/assistant";
import { applyMigrations, createDatabase, resolveDataDir, seedIfEmpty } from "@support/db";
import { pino } from "pino";
import { buildServer } from "./app.ts";
import { EnvError, parseEnv } from "./env.ts";

let env;
try {
  env = parseEnv(process.env);
} catch (err) {
  if (err instanceof EnvError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

// On PostgreSQL the process's WebAssembly is Prisma's: the query compiler (loaded at the first
// query) and, while migrations are pending, the schema engine. V8's optimizing tier compiling the
// query compiler peaks at ~70 MB of compiler memory that stays in the process (RSS) for good; its
// baseline tier (Liftoff) peaks at ~20 MB, and Prisma queries measured the same CPU time either way
// (handoff bench: idle RSS 196 -> 154 MB). The embedded database (PGlite) is PostgreSQL compiled
// to WebAssembly, where optimized code matters, so it keeps the default.
if (env.DATABASE_URL) setFlagsFromString("--liftoff-only");

const logger = pino({
  level: env.LOG_LEVEL,
  base: { service: "support-bot" },
  redact: ["req.headers.authorization", "req.headers.cookie", "req.headers[\"x-session-token\"]"],
});

const dataDir = resolveDataDir(env.DATA_DIR, env.INIT_CWD);
const db = await createDatabase({
  databaseUrl: env.DATABASE_URL,
  dataDir,
  maxConnections: env.DB_POOL_SIZE,
  onPoolError: (err) => logger.warn({ err }, "database pool client error"),
});
logger.info({ database: db.describe }, "database selected");

let demoAdmin: { email: string; password: string } | null = null;
try {
  const applied = await applyMigrations(db);
  if (applied.length) logger.info({ applied }, "migrations applied");
  if (env.SEED_DEMO) {
    const seeded = await seedIfEmpty(db.prisma);
    if (seeded) logger.info(seeded, "empty database: demo FAQs and default settings loaded");
  }
  demoAdmin = await ensureDemoAdmin(db.prisma);
} catch (err) {
  logger.fatal({ err }, `could not prepare the database (${db.describe})`);
  await db.close();
  process.exit(1);
}

const llm = env.OPENAI_API_KEY
  ? createOpenAiProvider({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL, timeoutMs: env.TURN_DEADLINE_MS })
  : null;
if (!llm) logger.warn("OPENAI_API_KEY is not set: the bot answers in FAQ-only mode");

const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
const mailer = createMailNotifier({
  prisma: db.prisma,
  smtpUrl: env.SMTP_URL,
  mailDir: join(dataDir.startsWith("memory://") ? ".data" : dataDir, "mail"),
  from: env.MAIL_FROM,
  publicUrl,
  log: logger as unknown as Logger,
});
if (!env.SMTP_URL) logger.info("SMTP_URL is not set: new-ticket mails are written as .eml files under the data directory's mail/ folder");
const app = await buildServer({
  db,
  llm,
  logger,
  notifier: mailer,
  trustProxy: env.TRUST_PROXY,
  api: {
    production: env.NODE_ENV === "production",
    exposeInternalErrors: env.NODE_ENV === "development",
    turnDeadlineMs: env.TURN_DEADLINE_MS,
    maxCompletionTokens: env.MAX_COMPLETION_TOKENS,
    publicUrl,
    // Same key and server as the model unless EMBEDDINGS_BASE_URL names another (Ollama needs no key).
    embeddings: env.EMBEDDINGS_MODEL
      ? { model: env.EMBEDDINGS_MODEL, baseURL: env.EMBEDDINGS_BASE_URL ?? env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY ?? "none" }
      : null,
  },
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: no new connections, draining in-flight requests");
  const force = setTimeout(() => {
    logger.warn("drain timed out; closing remaining connections");
    app.server.closeAllConnections();
  }, env!.SHUTDOWN_GRACE_MS);
  force.unref();
  try {
    await app.close();
    // Let mails already accepted finish (bounded by the same grace period), then close.
    await Promise.race([mailer.idle(), new Promise((r) => setTimeout(r, env!.SHUTDOWN_GRACE_MS).unref())]);
    mailer.close();
    await db.close();
    logger.info("stopped cleanly");
  } catch (err) {
    logger.error({ err }, "error while stopping");
    process.exitCode = 1;
  } finally {
    clearTimeout(force);
  }
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));

try {
  await app.listen({ port: env.PORT, host: env.HOST });
} catch (err) {
  logger.fatal({ err }, `could not listen on ${env.HOST}:${env.PORT}`);
  await db.close();
  process.exit(1);
}
// FAQs stored before their prompt token counts existed are counted now, in a worker thread that
// ends when idle, rather than by the first customer turns. Nothing to do on an up-to-date database.
backfillFaqPromptTokens(db.prisma, sharedTokenCounter()).then(
  (stored) => {
    if (stored) logger.info({ faqs: stored }, "FAQ prompt token counts stored");
  },
  (err: unknown) => logger.warn({ err }, "could not count FAQ prompt tokens now; customer turns will"),
);
const port = (app.server.address() as { port: number }).port;
const base = env.PUBLIC_URL ?? `http://localhost:${port}`;
console.log(
  [
    "",
    `  Support bot is running (${db.describe}, ${llm ? `model ${llm.model}` : "FAQ-only mode"})`,
    `  Demo shop with the chat widget: ${base}/`,
    `  Staff console:                  ${base}/console/`,
    `  Health: ${base}/healthz   Readiness: ${base}/readyz`,
    ...(demoAdmin
      ? ["", `  Demo admin created (shown once, change it in the console under Account):`, `    email:    ${demoAdmin.email}`, `    password: ${demoAdmin.password}`]
      : []),
    "",
  ].join("\n"),
);
