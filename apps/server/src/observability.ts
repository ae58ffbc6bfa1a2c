// One log line per request, written when its response ends (a streamed reply included), with the
// real outcome of every tRPC call in it; the same outcomes feed the Prometheus metrics. tRPC's
// streaming responses are HTTP 200 whatever happens inside, so the status logged for a call is the
// one its tRPC code stands for (tRPC's own mapping), next to the code itself.
import { timingSafeEqual, createHash } from "node:crypto";
import type { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

type ProcedureKind = "query" | "mutation" | "subscription";

/** A call's outcome: "OK", a tRPC error code, or CLIENT_CLOSED_REQUEST when the caller left first. */
type CallOutcome = { procedure: string; code: string; status: number };

type RequestRecord = {
  startedAt: number;
  /** Procedures named by the request, in order; known ones only (others count as "unknown"). */
  procedures: string[];
  /** Errors reported per procedure, consumed in order (a batch may call one procedure twice). */
  errors: Map<string, TRPCError[]>;
};

const records = new WeakMap<FastifyRequest, RequestRecord>();

export type RequestMetrics = ReturnType<typeof createRequestMetrics>;

/** Request counts and latencies by procedure and outcome, plus the process's own (memory, CPU, event loop). */
export function createRequestMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const calls = new Counter({
    name: "trpc_calls_total",
    help: "tRPC calls by procedure and outcome (OK or the tRPC error code)",
    labelNames: ["procedure", "outcome"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "trpc_call_duration_seconds",
    help: "Time from request to the end of the response (a streamed reply included), by procedure and outcome; subscriptions excluded",
    labelNames: ["procedure", "outcome"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    registry,
    record(call: CallOutcome, kind: ProcedureKind | null, seconds: number) {
      const labels = { procedure: call.procedure, outcome: call.code };
      calls.inc(labels);
      if (kind !== "subscription") duration.observe(labels, seconds);
    },
  };
}

type ObserveOptions = {
  metrics: RequestMetrics | null;
  /** The kind of a procedure path, null when the router has no such procedure. */
  procedureKind: (path: string) => ProcedureKind | null;
};

/** Probes answer every few seconds to each load balancer: their successes are logged at debug level. */
const PROBES = new Set(["/healthz", "/readyz"]);

export function observeRequests(app: FastifyInstance, opts: ObserveOptions) {
  app.addHook("onRequest", (req, reply, done) => {
    const record: RequestRecord = { startedAt: performance.now(), procedures: [], errors: new Map() };
    records.set(req, record);
    reply.raw.once("close", () => finish(req, reply, record, opts));
    done();
  });
}

/** The tRPC calls a request makes (`a,b` for a batch); unknown names are counted, never as labels. */
export function reportProcedures(req: FastifyRequest, paths: string[], procedureKind: ObserveOptions["procedureKind"]) {
  const record = records.get(req);
  if (record) record.procedures = paths.map((p) => (procedureKind(p) ? p : "unknown"));
}

export function reportCallError(req: FastifyRequest, path: string | undefined, error: TRPCError) {
  const record = records.get(req);
  if (!record) return;
  const key = path && record.procedures.includes(path) ? path : "unknown";
  const list = record.errors.get(key) ?? [];
  list.push(error);
  record.errors.set(key, list);
}

function finish(req: FastifyRequest, reply: FastifyReply, record: RequestRecord, opts: ObserveOptions) {
  const seconds = (performance.now() - record.startedAt) / 1000;
  const completed = reply.raw.writableFinished;
  const calls: CallOutcome[] = record.procedures.map((procedure) => {
    const error = record.errors.get(procedure)?.shift();
    if (error) return { procedure, code: error.code, status: getHTTPStatusCodeFromError(error) };
    return completed
      ? { procedure, code: "OK", status: 200 }
      : { procedure, code: "CLIENT_CLOSED_REQUEST", status: 499 };
  });
  for (const call of calls) opts.metrics?.record(call, opts.procedureKind(call.procedure), seconds);

  const statusCode = reply.raw.statusCode;
  const fields: Record<string, unknown> = { req, statusCode, responseTime: Math.round(seconds * 10_000) / 10 };
  if (calls.length) {
    // tRPC's rule for a batch: one status when all calls agree, else 207.
    const status = calls.every((c) => c.status === calls[0]!.status) ? calls[0]!.status : 207;
    fields.status = status;
    fields.procedure = calls.map((c) => c.procedure).join(",");
    fields.trpcCode = calls.map((c) => c.code).join(",");
  } else {
    fields.status = completed ? statusCode : 499;
  }
  if (!completed) fields.aborted = true;
  const quiet = PROBES.has(req.url) && statusCode < 400;
  req.log[quiet ? "debug" : "info"](fields, "request completed");
}

/** GET /metrics in Prometheus format for a caller with `Authorization: Bearer <token>`. */
export function registerMetricsRoute(app: FastifyInstance, metrics: RequestMetrics, token: string) {
  const expected = digest(`Bearer ${token}`);
  app.get("/metrics", async (req, reply) => {
    const given = digest(req.headers.authorization ?? "");
    if (!timingSafeEqual(given, expected)) {
      return reply
        .code(401)
        .header("www-authenticate", 'Bearer realm="metrics"')
        .send({ error: "A valid metrics token is required (Authorization: Bearer ...)" });
    }
    return reply
      .header("cache-control", "no-store")
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });
}

/** Same-length values for a constant-time comparison. */
function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
