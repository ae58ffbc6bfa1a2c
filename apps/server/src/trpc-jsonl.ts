// Serves the commonest tRPC request, one query or mutation POSTed by httpBatchStreamLink
// (`?batch=1`, `trpc-accept: application/jsonl`), by writing tRPC's JSON-lines stream straight to
// the socket. tRPC's own handler builds a fetch Request, a Response and three web streams per call,
// about 1 ms of CPU on Node 20 for every request, several times the cost of a whole customer turn's
// own work. Every line goes through the router's transformer (superjson), as in tRPC's stream.
// The bytes are the same as tRPC's (a test compares them); anything else (several calls
// in one batch, GET, subscriptions, unknown paths, other content types) goes to tRPC's handler.
import type { AnyTRPCRouter } from "@trpc/server";
import { getErrorShape, getTRPCErrorFromUnknown, TRPCError } from "@trpc/server";
import { getProcedureAtPath } from "@trpc/server/unstable-core-do-not-import";
import type { OutgoingHttpHeaders } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";

// tRPC's stream encoding (resolveResponse's jsonlStreamProducer): chunk value types and statuses.
const PROMISE = 0;
const ASYNC_ITERABLE = 1;
const FULFILLED = 0;
const ITERABLE_RETURN = 0;
const ITERABLE_YIELD = 1;
const ITERABLE_ERROR = 2;

type Options<TContext> = {
  router: AnyTRPCRouter;
  createContext: (req: FastifyRequest, reply: FastifyReply) => TContext | Promise<TContext>;
  /** Told which procedure the request calls and, when it fails (before or while streaming), why. */
  observer?: CallObserver;
};

export type CallObserver = {
  called(req: FastifyRequest, path: string): void;
  failed(req: FastifyRequest, path: string, error: TRPCError): void;
};

/**
 * Returns a handler that answers the request and resolves to true, or resolves to false without
 * touching the request when it is not a single-call jsonl POST (the caller then uses tRPC's own).
 */
export function createJsonlCallHandler<TContext>(opts: Options<TContext>) {
  const config = opts.router._def._config;
  const serialize = (value: unknown) => config.transformer.output.serialize(value) as unknown;
  const deserializeInput = (value: unknown) =>
    value === undefined ? undefined : (config.transformer.input.deserialize(value) as unknown);
  const line = (chunk: unknown) => `${JSON.stringify(serialize(chunk))}\n`;
  // The lines that open every answer never change: serialized once, not per call.
  // Call 0 is a promise (chunk 0) resolving to {result: promise (1)} resolving to {data: promise (2)}
  // resolving to the value, or to an async iterable (chunk 3).
  const headCall = line({ 0: [[0], [null, PROMISE, 0]] });
  const headResult =
    line([0, FULFILLED, [[{ result: 0 }], ["result", PROMISE, 1]]]) +
    line([1, FULFILLED, [[{ data: 0 }], ["data", PROMISE, 2]]]);
  const headIterable = line([2, FULFILLED, [[0], [null, ASYNC_ITERABLE, 3]]]);

  return async function handle(req: FastifyRequest, reply: FastifyReply, path: string): Promise<boolean> {
    if (req.method !== "POST" || req.headers["trpc-accept"] !== "application/jsonl") return false;
    if (!(req.headers["content-type"] ?? "").startsWith("application/json")) return false;
    if ((req.query as Record<string, unknown>).batch !== "1" || path.includes(",")) return false;
    let procedurePath: string;
    let inputs: unknown;
    try {
      procedurePath = decodeURIComponent(path);
      inputs = typeof req.body === "string" && req.body !== "" ? JSON.parse(req.body) : {};
    } catch {
      return false;
    }
    if (inputs === null || typeof inputs !== "object" || Array.isArray(inputs)) return false;
    const procedure = await getProcedureAtPath(opts.router, procedurePath);
    if (!procedure || procedure._def.type === "subscription") return false;
    const type = procedure._def.type as "query" | "mutation";

    reply.hijack();
    const raw = reply.raw;
    const abort = new AbortController();
    const onClose = () => {
      if (!raw.writableFinished) abort.abort();
    };
    raw.once("close", onClose);
    opts.observer?.called(req, procedurePath);

    let ctx: TContext | undefined;
    let input: unknown;
    let inputRead = false;
    const shapeOf = (cause: unknown) => {
      const error = getTRPCErrorFromUnknown(cause);
      opts.observer?.failed(req, procedurePath, error);
      return getErrorShape({ config, ctx, error, input: inputRead ? input : undefined, path: procedurePath, type });
    };

    let result: unknown;
    let encoded: unknown[] | null = null;
    let errorShape: unknown = null;
    try {
      ctx = await opts.createContext(req, reply);
      result = await procedure({
        path: procedurePath,
        ctx,
        type,
        signal: abort.signal,
        batchIndex: 0,
        getRawInput: async () => {
          if (!inputRead) {
            input = deserializeInput((inputs as Record<string, unknown>)["0"]);
            inputRead = true;
          }
          return input;
        },
      });
      if (!isAsyncIterable(result)) encoded = encodeValue(result);
    } catch (cause) {
      errorShape = shapeOf(cause);
    }
    let head = headCall;
    if (errorShape !== null && (errorShape as { data?: { httpStatus?: number } }).data?.httpStatus === 429) {
      // A refusal by a request limit is a real 429 (with its Retry-After) that clients, proxies and
      // logs can see. tRPC's client reads a non-2xx answer as one plain JSON error, not a stream.
      reply.raw.writeHead(429, {
        ...(reply.getHeaders() as OutgoingHttpHeaders),
        vary: "trpc-accept, accept",
        "content-type": "application/json",
      });
      raw.end(JSON.stringify({ error: serialize(errorShape) }));
      return true;
    }
    if (errorShape !== null) {
      writeHead(reply);
      raw.end(head + line([0, FULFILLED, [[{ error: errorShape }]]]));
      return true;
    }
    head += headResult;
    if (!isAsyncIterable(result)) {
      writeHead(reply);
      raw.end(head + line([2, FULFILLED, encoded]));
      return true;
    }
    head += headIterable;
    // The head goes out with the first part (one write, one packet, instead of two); a procedure
    // that streams is expected to yield its first part promptly.
    let pending: string | null = head;
    const send = (text: string, end: boolean) => {
      if (pending !== null) {
        writeHead(reply);
        text = pending + text;
        pending = null;
      }
      return end ? (raw.end(text), true) : raw.write(text);
    };

    const iterator = result[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await iterator.next();
        if (raw.destroyed) break;
        if (next.done) {
          send(line([3, ITERABLE_RETURN, encodeValue(next.value)]), true);
          return true;
        }
        if (!send(line([3, ITERABLE_YIELD, encodeValue(next.value)]), false)) await drained(raw);
      }
      await iterator.return?.();
    } catch (cause) {
      if (!raw.destroyed) send(line([3, ITERABLE_ERROR, shapeOf(cause)]), true);
    } finally {
      raw.off("close", onClose);
      if (!raw.writableEnded) send("", true);
    }
    return true;
  };
}

function writeHead(reply: FastifyReply) {
  reply.raw.writeHead(200, {
    ...(reply.getHeaders() as OutgoingHttpHeaders),
    vary: "trpc-accept, accept",
    "content-type": "application/json",
    "transfer-encoding": "chunked",
  });
}

/**
 * tRPC's `encode` of a value: `[[value]]`, `[[]]` for undefined. tRPC would also stream promises
 * and iterables found in a returned object's top-level properties; no procedure here returns one,
 * and sending `{}` in their place would be silently wrong, so that is refused loudly instead.
 */
function encodeValue(value: unknown): unknown[] {
  if (value === undefined) return [[]];
  if (isPlainObject(value) && Object.values(value).some((v) => isAsyncIterable(v) || v instanceof Promise)) {
    throw new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: "Nested promises and iterables are not supported in procedure results",
    });
  }
  return [[value]];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value !== null && typeof value === "object" && Symbol.asyncIterator in value;
}

function drained(raw: FastifyReply["raw"]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      raw.off("drain", done);
      raw.off("close", done);
      resolve();
    };
    raw.once("drain", done);
    raw.once("close", done);
  });
}
