// The server writes single-call jsonl responses itself (apps/server/src/trpc-jsonl.ts) instead of
// through tRPC's handler. These tests hold it to tRPC's own output, byte for byte, for every kind
// of result, and check that tRPC's client reads it and that everything else still reaches tRPC.
// The router uses the product's transformer (superjson, with its refusal of plain-JSON input).
import { transformer } from "@support/api";
import { createTRPCClient, httpBatchStreamLink } from "@trpc/client";
import { initTRPC, TRPCError } from "@trpc/server";
import { fastifyRequestHandler } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import superjson from "superjson";
import { z } from "zod";
import { createJsonlCallHandler } from "../../apps/server/src/trpc-jsonl.ts";

type Ctx = { user: string | null; reply: FastifyReply; aborted: string[] };
// isDev false: no stack traces in error shapes (they would differ by call site, as in production).
const t = initTRPC.context<Ctx>().create({
  isDev: false,
  transformer,
  errorFormatter: ({ shape, error }) => ({ ...shape, data: { ...shape.data, custom: error.code } }),
});
const authed = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in" });
  return next();
});
const tick = () => new Promise((r) => setImmediate(r));

const router = t.router({
  echo: t.procedure
    .input(z.object({ text: z.string().min(1) }))
    .mutation(({ input }) => ({ text: input.text, at: new Date(0) })),
  list: t.procedure.query(() => [1, 2, 3]),
  dated: t.procedure
    .input(z.object({ since: z.date() }).optional())
    .query(({ input }) => ({ since: input?.since ?? null, at: new Date(0), seen: [new Date(1), null] })),
  nothing: t.procedure.mutation(() => undefined),
  secret: authed.query(() => "hidden"),
  cookie: t.procedure.mutation(({ ctx }) => {
    void ctx.reply.header("set-cookie", "a=1; Path=/");
    void ctx.reply.header("set-cookie", "b=2; Path=/");
    return "ok";
  }),
  stream: t.procedure.input(z.object({ n: z.number() })).mutation(async function* ({ input }) {
    for (let i = 0; i < input.n; i++) {
      await tick();
      yield { i, text: `part ${i}` };
    }
    return "end";
  }),
  failMidway: t.procedure.mutation(async function* () {
    await tick();
    yield { ok: true };
    throw new TRPCError({ code: "CONFLICT", message: "went wrong after the first part" });
  }),
  crash: t.procedure.mutation(() => {
    throw new Error("database password is hunter2");
  }),
  endless: t.procedure.mutation(async function* ({ ctx, signal }) {
    try {
      for (let i = 0; ; i++) {
        if (signal?.aborted) return;
        yield i;
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      ctx.aborted.push(signal?.aborted ? "aborted" : "ended");
    }
  }),
  ticks: t.procedure.subscription(async function* () {
    yield 1;
  }),
  nested: t.procedure.mutation(() => ({ later: Promise.resolve(1) })),
});

const aborted: string[] = [];
let base = "";
const app = Fastify();

beforeAll(async () => {
  const createContext = (req: FastifyRequest, reply: FastifyReply): Ctx => ({
    user: req.headers["x-user"] ? String(req.headers["x-user"]) : null,
    reply,
    aborted,
  });
  const handleJsonl = createJsonlCallHandler({ router, createContext });
  await app.register(async (scope) => {
    scope.removeContentTypeParser("application/json");
    scope.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
    const viaTrpc = (req: FastifyRequest, reply: FastifyReply, path: string) =>
      fastifyRequestHandler<typeof router, FastifyRequest, FastifyReply>({
        router,
        allowMethodOverride: true,
        createContext: ({ req: r, res }) => createContext(r, res),
        req,
        res: reply,
        path,
      });
    // /ours: the server's arrangement; /trpc: tRPC's own handler only, the reference.
    scope.all("/ours/:path", async (req, reply) => {
      const path = (req.params as { path: string }).path;
      // Written with the response when the jsonl handler takes it; overwritten when it does not.
      reply.header("x-handled-by", "jsonl");
      if (await handleJsonl(req, reply, path)) return;
      reply.header("x-handled-by", "trpc");
      await viaTrpc(req, reply, path);
    });
    scope.all("/trpc/:path", async (req, reply) => viaTrpc(req, reply, (req.params as { path: string }).path));
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(() => app.close());

/** Sends `input` as the links do (superjson's envelope); `raw` sends the body's call 0 as it is. */
async function post(prefix: string, path: string, input: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/${prefix}/${path}?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json", "trpc-accept": "application/jsonl", ...headers },
    body: JSON.stringify(
      input === undefined ? {} : { 0: input instanceof Raw ? input.body : superjson.serialize(input) },
    ),
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}
class Raw {
  constructor(readonly body: unknown) {}
}

const cases: Array<[string, unknown, Record<string, string>?]> = [
  ["echo", { text: "hello" }],
  ["echo", { text: "" }],
  ["echo", "not an object"],
  // Plain JSON, not in superjson's envelope (curl): a 400 that says how to send it, never a 500.
  ["echo", new Raw({ text: "hello" })],
  ["echo", new Raw(null)],
  ["echo", new Raw("hello")],
  ["echo", new Raw(JSON.parse('{"json":{"text":"hello"},"meta":{"values":{"__proto__":["Date"]}}}'))],
  ["list", undefined],
  ["dated", undefined],
  ["dated", { since: new Date("2025-01-31T00:00:00Z") }],
  ["nothing", undefined],
  ["secret", undefined],
  ["secret", undefined, { "x-user": "ann" }],
  ["stream", { n: 3 }],
  ["stream", { n: 0 }],
  ["failMidway", undefined],
  ["crash", undefined],
];

describe("single-call jsonl responses", () => {
  it.each(cases)("%s %j: same status, content type and bytes as tRPC's handler", async (path, input, headers) => {
    const reference = await post("trpc", path, input, headers);
    const ours = await post("ours", path, input, headers);
    expect(ours.headers.get("x-handled-by")).toBe("jsonl");
    expect(ours.status).toBe(reference.status);
    expect(ours.headers.get("content-type")).toBe(reference.headers.get("content-type"));
    expect(ours.headers.get("vary")).toBe(reference.headers.get("vary"));
    expect(ours.body).toBe(reference.body);
  });

  it("refuses input that is not in superjson's envelope with a 400 saying how to send it", async () => {
    for (const body of [{ text: "hello" }, null, "hello", [1]]) {
      const streamed = await post("ours", "echo", new Raw(body));
      expect(streamed.body).toContain('"code":"BAD_REQUEST"');
      expect(streamed.body).toContain(`Send the input in superjson's envelope`);
      const plain = await fetch(`${base}/ours/echo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(plain.status).toBe(400);
      const error = (await plain.json()) as { error: { json: { message: string } } };
      expect(error.error.json.message).toMatch(/^Input is not superjson\. Send the input in superjson's envelope/);
    }
    const badMeta = await post("ours", "echo", new Raw({ json: { text: "x" }, meta: { values: { text: ["Nope"] } } }));
    expect(badMeta.body).toContain("Input's superjson meta is not valid");
  });

  it("keeps headers set by the procedure (several cookies)", async () => {
    const ours = await post("ours", "cookie", undefined);
    expect(ours.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
  });

  it("is read by tRPC's own client: values, streamed parts, and errors with their shape", async () => {
    const client = createTRPCClient<typeof router>({
      links: [
        httpBatchStreamLink({ url: `${base}/ours`, methodOverride: "POST", maxItems: 1, transformer: superjson }),
      ],
    });
    expect(await client.echo.mutate({ text: "hi" })).toEqual({ text: "hi", at: new Date(0) });
    const since = new Date("2025-01-31T00:00:00Z");
    const dated = await client.dated.query({ since });
    expect(dated).toEqual({ since, at: new Date(0), seen: [new Date(1), null] });
    expect(dated.at).toBeInstanceOf(Date);
    expect(await client.list.query()).toEqual([1, 2, 3]);
    const parts: unknown[] = [];
    for await (const part of await client.stream.mutate({ n: 3 })) parts.push(part);
    expect(parts).toEqual([0, 1, 2].map((i) => ({ i, text: `part ${i}` })));
    const error = await client.secret.query().catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: "sign in",
      data: { code: "UNAUTHORIZED", custom: "UNAUTHORIZED", httpStatus: 401 },
    });
    const seen: unknown[] = [];
    const midway = await (async () => {
      for await (const part of await client.failMidway.mutate()) seen.push(part);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ ok: true }]);
    expect(midway).toMatchObject({ message: "went wrong after the first part", data: { code: "CONFLICT" } });
  });

  it("aborts the procedure's signal when the client goes away mid-stream", async () => {
    aborted.length = 0;
    const ac = new AbortController();
    const res = await fetch(`${base}/ours/endless?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", "trpc-accept": "application/jsonl" },
      body: "{}",
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await expect.poll(() => aborted, { timeout: 5_000 }).toEqual(["aborted"]);
  });

  it("refuses results with promises inside instead of sending them as {}", async () => {
    const ours = await post("ours", "nested", undefined);
    expect(ours.body).toContain('"code":"INTERNAL_SERVER_ERROR"');
    expect(ours.body).not.toContain('"later":{}');
  });
});

describe("everything else goes to tRPC's handler", () => {
  it("several calls in one batch", async () => {
    const res = await fetch(`${base}/ours/echo,echo?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", "trpc-accept": "application/jsonl" },
      body: JSON.stringify({ 0: superjson.serialize({ text: "one" }), 1: superjson.serialize({ text: "two" }) }),
    });
    expect(res.headers.get("x-handled-by")).toBe("trpc");
    const body = await res.text();
    expect(body).toContain('"text":"one"');
    expect(body).toContain('"text":"two"');
  });

  it("an unknown procedure, a subscription, a GET, a non-streaming POST and a body that is not JSON", async () => {
    const unknown = await post("ours", "nope", undefined);
    expect(unknown.headers.get("x-handled-by")).toBe("trpc");
    expect(unknown.body).toContain("NOT_FOUND");
    const subscription = await post("ours", "ticks", undefined);
    expect(subscription.headers.get("x-handled-by")).toBe("trpc");
    const get = await fetch(`${base}/ours/list?batch=1&input=${encodeURIComponent("{}")}`, {
      headers: { "trpc-accept": "application/jsonl" },
    });
    expect(get.headers.get("x-handled-by")).toBe("trpc");
    expect(await get.text()).toContain("[1,2,3]");
    const plain = await fetch(`${base}/ours/list`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "",
    });
    expect(plain.headers.get("x-handled-by")).toBe("trpc");
    expect(await plain.json()).toEqual({ result: { data: { json: [1, 2, 3] } } });
    const broken = await fetch(`${base}/ours/echo?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", "trpc-accept": "application/jsonl" },
      body: "{not json",
    });
    expect(broken.headers.get("x-handled-by")).toBe("trpc");
  });
});
