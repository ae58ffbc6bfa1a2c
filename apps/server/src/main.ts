// The server process: configuration, database (migrated, seeded when empty), model, HTTP, and a
// graceful stop on SIGTERM/SIGINT (stop accepting, let running turns store their reply, close the pool).
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import {
  backfillFaqPromptTokens,
  createMailNotifier,
  ensureDemoAdmin,
  InFlightWork,
  startJobs,
  type JobQueue,
  type Logger,
} from "@support/api";
import { createOpenAiProvider, sharedTokenCounter } from "@support/assistant";
import { applyMigrations, createDatabase, DataDirError, resolveDataDir, seedIfEmpty, type Database } from "@support/db";
import { pino } from "pino";
import { buildServer } from "./app.ts";
import { LOG_REDACT_PATHS, logSerializers } from "./log-redaction.ts";
import { EnvError, parseEnv } from "./env.ts";
import { printWarning, startupNotices } from "./startup-notices.ts";

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
  // Customer text, emails and tokens stay out of the log (log-redaction.ts; tests/server/pii-logs.test.ts).
  redact: { paths: LOG_REDACT_PATHS, censor: "[redacted]" },
  serializers: logSerializers,
});

for (const notice of startupNotices(env)) {
  logger[notice.level](notice.message);
  if (notice.level === "warn" && process.stderr.isTTY) printWarning(process.stderr, notice.message);
}

const dataDir = resolveDataDir(env.DATA_DIR, env.INIT_CWD);
let db: Database;
try {
  db = await createDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir,
    maxConnections: env.DB_POOL_SIZE,
    onPoolError: (err) => logger.warn({ err }, "database pool client error"),
  });
} catch (err) {
  if (!(err instanceof DataDirError)) throw err;
  logger.fatal({ err: err.cause }, err.message);
  printWarning(process.stderr, err.message);
  process.exit(1);
}
logger.info({ database: db.describe }, "database selected");

// The demo admin's password is shown once on the terminal and never logged: without a terminal
// (a service, a container) nobody could read it, so no such account is created there.
const seedDemoAdmin = env.SEED_DEMO_ADMIN ?? env.NODE_ENV !== "production";
const passwordVisible = process.stdout.isTTY === true;
let demoAdmin: { email: string; password: string } | null = null;
let noStaffYet = false;
try {
  const applied = await applyMigrations(db);
  if (applied.length) logger.info({ applied }, "migrations applied");
  if (env.SEED_DEMO) {
    const seeded = await seedIfEmpty(db.prisma);
    if (seeded) logger.info(seeded, "empty database: demo FAQs and default settings loaded");
  }
  if (seedDemoAdmin && passwordVisible) demoAdmin = await ensureDemoAdmin(db.prisma);
  noStaffYet = !demoAdmin && (await db.prisma.staffUser.count()) === 0;
  if (demoAdmin)
    logger.info({ email: demoAdmin.email }, "demo admin created; its password is shown on the terminal only");
  if (noStaffYet)
    logger.warn(
      "no staff account exists yet: create the first admin with `npm run staff:create -- --email you@example.com --role admin`",
    );
} catch (err) {
  logger.fatal({ err }, `could not prepare the database (${db.describe})`);
  await db.close();
  process.exit(1);
}

const llm = env.OPENAI_API_KEY
  ? createOpenAiProvider({
      apiKey: env.OPENAI_API_KEY,
      baseURL: env.OPENAI_BASE_URL,
      model: env.OPENAI_MODEL,
      timeoutMs: env.TURN_DEADLINE_MS,
    })
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
if (!env.SMTP_URL)
  logger.info(
    "SMTP_URL is not set: new-ticket mails are written as .eml files under the data directory's mail/ folder",
  );
// Background work (mails, webhook deliveries, follow-up sweeps, retention) as jobs in PostgreSQL,
// shared by every instance: each job runs once, whichever instance takes it.
let jobs: JobQueue;
try {
  jobs = await startJobs(db, {
    log: logger as unknown as Logger,
    mailer,
    webhookRetryDelaySeconds: env.WEBHOOK_RETRY_DELAY_SECONDS,
    followUp: { publicUrl, delayMs: env.FOLLOW_UP_DELAY_MS, send: (mail) => mailer.sendFollowUp(mail) },
  });
} catch (err) {
  logger.fatal({ err }, `could not start the job queue (${db.describe})`);
  await db.close();
  process.exit(1);
}
const inFlight = new InFlightWork();
const app = await buildServer({
  db,
  llm,
  logger,
  notifier: mailer,
  jobs,
  trustProxy: env.TRUST_PROXY,
  timeouts: { requestMs: env.REQUEST_TIMEOUT_MS },
  metricsToken: env.METRICS_TOKEN ?? null,
  inFlight,
  api: {
    production: env.NODE_ENV === "production",
    // Only when asked for explicitly, and even then only to callers on this machine (see app.ts).
    exposeInternalErrors: env.NODE_ENV === "development",
    turnDeadlineMs: env.TURN_DEADLINE_MS,
    maxCompletionTokens: env.MAX_COMPLETION_TOKENS,
    publicUrl,
    // Same key and server as the model unless EMBEDDINGS_BASE_URL names another (Ollama needs no key).
    embeddings: env.EMBEDDINGS_MODEL
      ? {
          model: env.EMBEDDINGS_MODEL,
          baseURL: env.EMBEDDINGS_BASE_URL ?? env.OPENAI_BASE_URL,
          apiKey: env.OPENAI_API_KEY ?? "none",
        }
      : null,
    followUpDelayMs: env.FOLLOW_UP_DELAY_MS,
  },
});

let stopping = false;
/**
 * Stop accepting; let open requests end (streamed replies included) and detached turns store their
 * reply, all within SHUTDOWN_GRACE_MS; then close the pool. The last line says whether anything
 * was cut, and the exit code agrees.
 */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  const grace = env!.SHUTDOWN_GRACE_MS;
  const deadline = Date.now() + grace;
  const remaining = () => Math.max(0, deadline - Date.now());
  logger.info(
    { signal, turnsRunning: inFlight.size, graceMs: grace },
    "shutting down: no new connections; open requests and running turns may finish",
  );
  let connectionsCut = false;
  const force = setTimeout(() => {
    connectionsCut = true;
    logger.warn({ graceMs: grace }, "grace period over: closing the connections still open");
    app.server.closeAllConnections();
  }, grace);
  force.unref();
  // app.close() closes each connection as soon as it carries no request (buildServer's
  // trackRequestsPerConnection): what it waits for is the requests in progress.
  try {
    await app.close();
    // A customer who closed the tab leaves a turn running with no request: it still stores its reply.
    const turnsStored = await inFlight.settled(remaining());
    const unfinishedTurns = inFlight.size;
    // Let mails already accepted finish, within what is left of the grace period.
    await Promise.race([mailer.idle(), new Promise((r) => setTimeout(r, remaining()).unref())]);
    // Running jobs get up to 5 s of what is left of the grace period (pg-boss may otherwise wait
    // out the whole timeout for its cron loop); a job cut short is retried by any instance.
    await jobs!.stop(Math.min(remaining(), 5_000));
    mailer.close();
    await db.close();
    if (turnsStored && !connectionsCut) {
      logger.info("stopped cleanly");
    } else {
      logger.warn(
        { unfinishedTurns, connectionsCut, graceMs: grace },
        `stopped WITHOUT finishing: ${unfinishedTurns} turn(s) had not stored their reply` +
          (connectionsCut ? " and open connections were cut" : "") +
          ` after ${grace} ms`,
      );
      process.exitCode = 1;
    }
  } catch (err) {
    logger.error({ err }, "error while stopping");
    process.exitCode = 1;
  } finally {
    clearTimeout(force);
    // Whatever still runs (a model call whose turn can no longer be stored) must not hold the
    // process: once the pool is closed, the stop is over.
    setTimeout(() => process.exit(), 1_000).unref();
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
    // demoAdmin exists only when stdout is a terminal: this never reaches a log file.
    ...(demoAdmin
      ? [
          "",
          `  Demo admin created (shown once, change it in the console under Account):`,
          `    email:    ${demoAdmin.email}`,
          `    password: ${demoAdmin.password}`,
        ]
      : []),
    ...(noStaffYet
      ? [
          "",
          "  No staff account yet. Create the first admin:",
          "    npm run staff:create -- --email you@example.com --role admin",
        ]
      : []),
    "",
  ].join("\n"),
);
