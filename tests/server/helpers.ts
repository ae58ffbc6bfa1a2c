// The production HTTP stack (buildServer) with the options main.ts sets from the environment, and
// its log lines captured, for tests of the transport: proxies, timeouts, headers, logs, metrics.
import { Writable } from "node:stream";
import { createOpenAiProvider } from "@support/assistant";
import type { ApiConfig } from "@support/api";
import { pino } from "pino";
import { buildServer, type BuildServerOptions } from "../../apps/server/src/app.ts";
import { startFakeOpenAi, type FakeOpenAi } from "../fakes/openai-server.ts";
import type { TestDatabase } from "../harness/db.ts";
import { RELAXED_LIMITS } from "../harness/server.ts";
import { batchBody } from "../harness/trpc-http.ts";

export type LogLine = Record<string, unknown> & { msg: string; level: number };

export type ServedApp = {
  url: string;
  port: number;
  logs: LogLine[];
  openai: FakeOpenAi | null;
  close(): Promise<void>;
};

export async function serveApp(
  db: TestDatabase,
  opts: Pick<BuildServerOptions, "trustProxy" | "timeouts" | "metricsToken"> & {
    api?: Partial<ApiConfig>;
    llm?: "fake" | "none";
  } = {},
): Promise<ServedApp> {
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n")) if (line) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const openai = opts.llm === "fake" ? await startFakeOpenAi() : null;
  const app = await buildServer({
    db,
    llm: openai ? createOpenAiProvider({ apiKey: "sk-test", baseURL: openai.url, timeoutMs: 10_000 }) : null,
    logger: pino({ level: "info" }, sink),
    trustProxy: opts.trustProxy,
    timeouts: opts.timeouts,
    metricsToken: opts.metricsToken,
    api: { turnDeadlineMs: 10_000, rateLimits: RELAXED_LIMITS, ...opts.api },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logs,
    openai,
    async close() {
      await app.close();
      await openai?.close();
    },
  };
}

/** The "request completed" lines, one per request. */
export function completedRequests(logs: LogLine[]) {
  return logs.filter((l) => l.msg === "request completed") as Array<
    LogLine & {
      req: { method: string; url: string; remoteAddress: string };
      statusCode: number;
      status: number;
      procedure?: string;
      trpcCode?: string;
    }
  >;
}

/** A single tRPC call the way the SPAs send it (httpBatchStreamLink, one call): the jsonl fast path. */
export function jsonlCall(url: string, path: string, input: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/trpc/${path}?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json", "trpc-accept": "application/jsonl", ...headers },
    body: batchBody(input),
  });
}
