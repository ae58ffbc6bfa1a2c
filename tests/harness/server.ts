// A real support server for tests: the production HTTP stack on a fresh PostgreSQL database,
// talking to the fake OpenAI-compatible server through the real SDK. Listens on a free port.
import { createOpenAiProvider, type LlmProvider } from "@support/assistant";
import {
  startJobs,
  type ApiConfig,
  type Clock,
  type EventBusOptions,
  type JobQueue,
  type Notifier,
} from "@support/api";
import { seedDemoData } from "@support/db";
import { pino } from "pino";
import { buildServer } from "../../apps/server/src/app.ts";
import { startFakeOpenAi, type FakeOpenAi } from "../fakes/openai-server.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";
import { RELAXED_LIMITS } from "./limits.ts";

export { RELAXED_LIMITS };

export type TestServer = {
  url: string;
  db: TestDatabase;
  openai: FakeOpenAi | null;
  close(): Promise<void>;
};

export async function startTestServer(
  opts: {
    llm?: "fake" | "none";
    seed?: boolean;
    api?: Partial<ApiConfig>;
    notifier?: Notifier;
    db?: TestDatabase;
    events?: EventBusOptions;
    /** Run the job queue (webhooks) as main.ts does. */ jobs?: boolean;
    clock?: Clock;
  } = {},
): Promise<TestServer> {
  const db = opts.db ?? (await createTestDatabase());
  if (opts.seed ?? true) await seedDemoData(db.prisma);
  const openai = (opts.llm ?? "fake") === "fake" ? await startFakeOpenAi() : null;
  const llm: LlmProvider | null = openai
    ? createOpenAiProvider({ apiKey: "sk-test", baseURL: openai.url, timeoutMs: 5_000 })
    : null;
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const jobs: JobQueue | null = opts.jobs
    ? await startJobs(db, { log: logger, webhookRetryDelaySeconds: 1, pollingIntervalSeconds: 0.5 })
    : null;
  const app = await buildServer({
    db,
    llm,
    logger,
    notifier: opts.notifier,
    events: opts.events,
    jobs,
    clock: opts.clock,
    // Suites open many conversations from one address; the limits have their own test.
    api: { turnDeadlineMs: 5_000, rateLimits: RELAXED_LIMITS, ...opts.api },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    openai,
    async close() {
      await app.close();
      await jobs?.stop(1_000);
      await openai?.close();
      if (!opts.db) await db.drop();
    },
  };
}
