// Builds the HTTP server: tRPC under /trpc, health probes, the widget, its loader, the demo page and
// the console. No listening and no process handling here, so tests start it on a free port.
import { randomUUID } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { isAbsolute, dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import type { LlmProvider } from "@support/assistant";
import {
  appRouter,
  unsubscribeFollowUps,
  batchRefusal,
  createContextInner,
  createEventBus,
  createRateLimits,
  defaultApiConfig,
  InFlightWork,
  loadSettings,
  type ApiConfig,
  type AppRouter,
  type Clock,
  type EventBusOptions,
  type Logger,
  type JobQueue,
  type Notifier,
  type ResponseControl,
} from "@support/api";
import { checkReadiness, expectedMigrationNames, type Database } from "@support/db";
import { fastifyRequestHandler } from "@trpc/server/adapters/fastify";
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import helmet from "helmet";
import type { TrustProxy } from "./env.ts";
import {
  createRequestMetrics,
  observeRequests,
  registerMetricsRoute,
  reportCallError,
  reportProcedures,
} from "./observability.ts";
import { createJsonlCallHandler, type CallObserver } from "./trpc-jsonl.ts";
import { createCompressedText } from "./compressed-text.ts";
import { isAllowedWebsite, withConfiguredSettings } from "./widget-loader.ts";

const here = dirname(fileURLToPath(import.meta.url));
export const WIDGET_DIST = resolve(here, "../../widget/dist");
export const CONSOLE_DIST = resolve(here, "../../console/dist");

export type BuildServerOptions = {
  db: Database;
  llm: LlmProvider | null;
  logger: FastifyBaseLogger;
  api?: Partial<ApiConfig>;
  notifier?: Notifier;
  /** The background job queue (started by main.ts); procedures queue webhook deliveries on it. */
  jobs?: JobQueue | null;
  /** Fastify's forms: false, a hop count, or the proxies' addresses/CIDRs; true trusts every hop. */
  trustProxy?: TrustProxy;
  timeouts?: Partial<Timeouts>;
  /** Serve GET /metrics to callers with this bearer token; absent: no /metrics. */
  metricsToken?: string | null;
  /** Customer turns still running after their request; the process's stop waits for them. */
  inFlight?: InFlightWork;
  widgetDist?: string;
  consoleDist?: string;
  /** Reconnect backoff of the live-events connection (tests shorten the cap). */
  events?: EventBusOptions;
  /** What procedures take as "now" (expiry of tokens and sessions); tests move it instead of waiting. */
  clock?: Clock;
};

export type Timeouts = {
  /** A request's headers and body must arrive within this (then 408); responses are not limited. */
  requestMs: number;
  /** A connection with no bytes either way for this long is closed. */
  idleSocketMs: number;
};

/**
 * A streamed reply can stay silent while the model thinks (up to the turn deadline) and, for a
 * retried message, while the first attempt finishes (deadline + 5 s) before answering itself; live
 * streams ping every 15 s. A socket quiet for longer than that is dead.
 */
export function defaultTimeouts(turnDeadlineMs: number): Timeouts {
  return { requestMs: 30_000, idleSocketMs: 2 * turnDeadlineMs + 30_000 };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export async function buildServer(opts: BuildServerOptions) {
  const timeouts = {
    ...defaultTimeouts(opts.api?.turnDeadlineMs ?? defaultApiConfig.turnDeadlineMs),
    ...opts.timeouts,
  };
  const production = opts.api?.production ?? false;
  const inFlight = opts.inFlight ?? new InFlightWork();
  const app = Fastify({
    loggerInstance: opts.logger,
    trustProxy: fastifyTrustProxy(opts.trustProxy ?? false),
    // Half-sent requests are answered 408 and closed; the check runs often enough to honour the
    // limit within a fraction of it. Responses (streams) are bounded by the idle socket timeout only.
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleSocketMs,
    http: {
      requestTimeout: timeouts.requestMs,
      headersTimeout: Math.min(timeouts.requestMs, 20_000),
      connectionsCheckingInterval: Math.min(5_000, Math.max(250, Math.floor(timeouts.requestMs / 4))),
    },
    // observability.ts logs each request once, when its response has ended, with its real outcome.
    logController: new LogController({ disableRequestLogging: true }),
    // Reuse a caller's request id (from a proxy) when sane, so one id follows a request end to end.
    genReqId: (req) => {
      const incoming = req.headers["x-request-id"];
      return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    // On close, drop idle keep-alive sockets at once; in-flight requests finish.
    forceCloseConnections: "idle",
  });

  const connections = trackRequestsPerConnection(app.server);
  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });

  // The router's procedures by dotted path (tRPC keeps this flat index at runtime).
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: "query" | "mutation" | "subscription" } } | undefined
  >;
  const procedureKind = (path: string) =>
    Object.hasOwn(procedures, path) ? (procedures[path]?._def.type ?? null) : null;
  const metrics = opts.metricsToken ? createRequestMetrics() : null;
  observeRequests(app, { metrics, procedureKind });
  if (metrics && opts.metricsToken) registerMetricsRoute(app, metrics, opts.metricsToken);
  const observer: CallObserver = {
    called: (req, path) => reportProcedures(req, [path], procedureKind),
    failed: reportCallError,
  };

  await app.register(fastifyCookie);
  const settings = recentSettings(opts.db);
  registerSecurityHeaders(app, { production, settings });
  // Details of a failure outside tRPC (static files, body parsing) stay in the log.
  app.setErrorHandler((err: { statusCode?: number; message: string; code?: string }, req, reply) => {
    const statusCode = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (statusCode >= 500) {
      req.log.error({ err }, "request failed");
      return reply.code(statusCode).send({
        statusCode,
        error: "Internal Server Error",
        message: "Something went wrong on our side. Please try again.",
        requestId: req.id,
      });
    }
    return reply
      .code(statusCode)
      .send({ statusCode, code: err.code, error: STATUS_CODES[statusCode] ?? "Error", message: err.message });
  });

  const expectedMigrations = await expectedMigrationNames();
  // One LISTEN connection per process fans live events out to this instance's open streams.
  const events = createEventBus(opts.db, opts.logger as unknown as Logger, opts.events);
  // Serve only once live events flow, so the first /readyz already tells the truth.
  await events.ready;
  // Request limits, counted in PostgreSQL so every instance shares them.
  const rateLimits = createRateLimits(opts.db, opts.api?.rateLimits);
  // Close the bus before the server waits for connections: open streams end, clients reconnect.
  app.addHook("preClose", async () => {
    connections.closeWhenIdle();
    await events.close();
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_req, reply) => {
    const readiness = await checkReadiness(opts.db, expectedMigrations);
    const { error: _hidden, ...body } = readiness;
    // Without its LISTEN connection this instance would serve streams that never get an event.
    const ready = readiness.ready && events.listening;
    return reply
      .code(ready ? 200 : 503)
      .send({ ...body, ready, liveEvents: events.listening ? "listening" : "reconnecting" });
  });

  // Internal error details (when configured at all, i.e. explicitly in development) only ever go to
  // a caller on this machine: never to anyone across the network, whatever the proxy headers say.
  const detailsFor = (req: FastifyRequest) =>
    opts.api?.exposeInternalErrors === true && isLoopback(req.socket.remoteAddress);
  const createContext = (req: FastifyRequest, reply: FastifyReply) =>
    createContextInner({
      db: opts.db,
      llm: opts.llm,
      clock: opts.clock,
      log: req.log as unknown as Logger,
      config: opts.api?.exposeInternalErrors ? { ...opts.api, exposeInternalErrors: detailsFor(req) } : opts.api,
      requestId: req.id,
      notifier: opts.notifier,
      jobs: opts.jobs ?? null,
      events,
      rateLimits,
      inFlight,
      req: {
        method: req.method,
        ip: req.ip,
        userAgent: header(req, "user-agent"),
        origin: header(req, "origin"),
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]),
        ),
        cookies: req.cookies,
      },
      // Serialized here rather than with reply.setCookie: the jsonl path writes its own head
      // (reply.hijack), which skips the cookie plugin's onSend hook; reply headers it does copy.
      res: {
        setCookie(name, value, o) {
          void reply.header("set-cookie", app.serializeCookie(name, value, cookieOptions(o)));
        },
        clearCookie(name, o) {
          void reply.header("set-cookie", app.serializeCookie(name, "", cookieOptions({ ...o, maxAgeSeconds: 0 })));
        },
        setHeader(name, value) {
          void reply.header(name, value);
        },
      },
    });

  // tRPC under /trpc: single-call jsonl POSTs (nearly every call the SPAs and scripts make) are
  // written directly (see trpc-jsonl.ts); everything else goes through tRPC's Fastify handler.
  await app.register(async (trpc) => {
    // tRPC parses bodies itself: hand it the raw JSON text.
    trpc.removeContentTypeParser("application/json");
    trpc.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
    const handleJsonlCall = createJsonlCallHandler({ router: appRouter, createContext, observer });
    trpc.all("/trpc/:path", async (req, reply) => {
      const path = (req.params as { path: string }).path;
      if (await handleJsonlCall(req, reply, path)) return;
      reportProcedures(req, path.split(","), procedureKind);
      // Batches: bounded in size, and never carrying a password check (see batchRefusal).
      const refusal =
        (req.query as Record<string, unknown>).batch === "1" ? batchRefusal(safeDecode(path).split(",")) : null;
      if (refusal) {
        // Serialized as tRPC serializes its own errors (superjson), so clients read it as one.
        const error = {
          message: refusal,
          code: -32600,
          data: { code: "BAD_REQUEST", httpStatus: 400, path: null, requestId: req.id },
        };
        return reply.code(400).send({ error: appRouter._def._config.transformer.output.serialize(error) as unknown });
      }
      await fastifyRequestHandler<AppRouter, FastifyRequest, FastifyReply>({
        router: appRouter,
        allowMethodOverride: true,
        createContext: ({ req: fastifyReq, res }) => createContext(fastifyReq, res),
        onError: ({ error, path: failedPath }) => reportCallError(req, failedPath, error),
        req,
        res: reply,
        path,
      });
    });
  });

  registerUnsubscribe(app, opts.db);
  await registerStaticApps(app, opts, settings);
  return app;
}

/**
 * Counts each connection's requests in progress, so that a stop can close every connection that
 * carries none: keep-alive connections between requests, and connections opened but not used yet.
 * Node counts the latter as active (their headers timeout runs), so neither
 * `forceCloseConnections: "idle"` nor `closeIdleConnections()` closes them, and `server.close()`
 * stops the timer that would (nodejs/node#63470, fixed after Node 20). undici opens such a
 * connection when a fetch is aborted while its reply streams (nodejs/undici#5845): it held a stop
 * for its whole grace period. Requests in progress, streamed replies included, are left to finish.
 */
function trackRequestsPerConnection(server: Server) {
  const requests = new Map<Socket, number>();
  let closing = false;
  server.on("connection", (socket: Socket) => {
    if (closing) return void socket.destroy();
    requests.set(socket, 0);
    socket.once("close", () => requests.delete(socket));
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const before = requests.get(socket);
    if (before === undefined) return;
    requests.set(socket, before + 1);
    res.once("close", () => {
      const open = requests.get(socket);
      if (open === undefined) return;
      requests.set(socket, open - 1);
      if (closing && open === 1) socket.destroy();
    });
  });
  return {
    /** From now on, a connection is closed as soon as it carries no request. */
    closeWhenIdle() {
      closing = true;
      for (const [socket, open] of requests) if (open === 0) socket.destroy();
    },
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function header(req: FastifyRequest, name: string): string | null {
  const v = req.headers[name];
  return typeof v === "string" ? v : null;
}

function cookieOptions(o: Parameters<ResponseControl["setCookie"]>[2] = {}) {
  return {
    path: o.path ?? "/",
    maxAge: o.maxAgeSeconds,
    httpOnly: o.httpOnly ?? true,
    sameSite: o.sameSite ?? "lax",
    secure: o.secure ?? false,
  } as const;
}

/**
 * Fastify 5.12 reads a bare hop count as "trust nothing"; proxy-addr's hop rule (trust the
 * nearest N addresses, as Express does) is passed as a function instead.
 */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === "number" ? (_address, hop) => hop < trust : trust;
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}

type App = FastifyInstance;

/**
 * The unsubscribe link of follow-up emails. GET only shows a button (mail scanners open links);
 * the POST (that button, or a mail client's RFC 8058 one-click) stops the emails.
 */
function registerUnsubscribe(app: App, db: Database) {
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1 style="font-size:1.4rem">${title}</h1>${body}</body></html>`;
  const tokenOf = (req: FastifyRequest) => {
    const t = (req.query as Record<string, unknown>).token;
    return typeof t === "string" && /^[A-Za-z0-9_-]{43}$/.test(t) ? t : null;
  };
  const invalid = (reply: FastifyReply) =>
    reply
      .code(404)
      .type("text/html; charset=utf-8")
      .send(
        page(
          "Link not valid",
          "<p>This unsubscribe link is not valid. Use the link in the latest email you got from us.</p>",
        ),
      );
  void app.register(async (scope) => {
    // The body (a form or "List-Unsubscribe=One-Click") carries nothing we need: the token is in the URL.
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, _body, done) =>
      done(null, {}),
    );
    scope.get("/email/unsubscribe", async (req, reply) => {
      const token = tokenOf(req);
      if (!token) return invalid(reply);
      return reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .send(
          page(
            "Stop emails about this conversation?",
            `<form method="post" action="/email/unsubscribe?token=${token}"><button type="submit" style="font:inherit;padding:.6rem 1rem">Stop these emails</button></form>`,
          ),
        );
    });
    scope.post("/email/unsubscribe", async (req, reply) => {
      const token = tokenOf(req);
      if (!token || !(await unsubscribeFollowUps(db.prisma, token, new Date()))) return invalid(reply);
      return reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .send(page("Unsubscribed", "<p>You will get no more emails about this conversation.</p>"));
    });
  });
}

/** Settings are read on every widget page and loader load; a short cache keeps that off the database. */
function recentSettings(db: Database) {
  let cached: { at: number; value: Promise<Awaited<ReturnType<typeof loadSettings>>> } | null = null;
  return () => {
    if (!cached || Date.now() - cached.at >= 5_000) {
      const value = loadSettings(db.prisma);
      cached = { at: Date.now(), value };
      // A failed read is not kept: the next request tries again.
      value.catch(() => {
        if (cached?.value === value) cached = null;
      });
    }
    return cached.value;
  };
}

async function frameAncestorsPolicy(settings: ReturnType<typeof recentSettings>) {
  const origins = (await settings()).allowedOrigins.filter((o) => /^https?:\/\/[^\s;,'"]+$/.test(o));
  return ["'self'", ...origins].join(" ");
}

const FRAME_ANCESTORS = Symbol("frameAncestors");
type WithFrameAncestors = IncomingMessage & { [FRAME_ANCESTORS]?: string };

/**
 * Security headers from helmet, built once: @fastify/helmet rebuilds helmet's middleware on every
 * request (~15 µs each, measured), a cost every chat message would pay. Scripts only from this
 * origin (the SPAs' Vite builds have no inline script); inline styles stay allowed (the demo page
 * and the launcher's shadow DOM use them). Who may frame a page is frame-ancestors: the widget's
 * allowed websites for /widget/, nobody for the console, this origin for the rest.
 */
function registerSecurityHeaders(app: App, opts: { production: boolean; settings: ReturnType<typeof recentSettings> }) {
  const secure = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: [(req) => (req as WithFrameAncestors)[FRAME_ANCESTORS] ?? "'self'"],
        // Over plain HTTP (a local try-out) upgrading would break every asset.
        upgradeInsecureRequests: opts.production ? [] : null,
      },
    },
    // frame-ancestors decides framing; X-Frame-Options cannot name the widget's websites.
    frameguard: false,
    hsts: opts.production ? { maxAge: 180 * 86_400, includeSubDomains: false } : false,
    // Keeps the Origin header on the console's own POSTs (its CSRF check reads it); no referrer leaves the site.
    referrerPolicy: { policy: "same-origin" },
    // /widget.js is loaded by customers' websites.
    crossOriginResourcePolicy: false,
  });
  app.addHook("onRequest", async (req, reply) => {
    const url = req.url;
    if (url.startsWith("/widget/"))
      (req.raw as WithFrameAncestors)[FRAME_ANCESTORS] = await frameAncestorsPolicy(opts.settings);
    else if (url.startsWith("/console")) (req.raw as WithFrameAncestors)[FRAME_ANCESTORS] = "'none'";
    secure(req.raw, reply.raw, () => undefined);
    reply.raw.setHeader(
      "cross-origin-resource-policy",
      url === "/widget.js" || url.startsWith("/widget.js?") ? "cross-origin" : "same-origin",
    );
  });
}

/**
 * The file under `root` a URL's rest names, or null: absolute paths, `..`, and anything that is
 * not a regular file inside `root` all get the same answer, so a URL can't probe the disk.
 */
function fileInside(root: string, rest: string | undefined): string | null {
  if (!rest || rest.includes("\0") || rest.includes("\\") || isAbsolute(rest)) return null;
  const full = resolve(root, rest);
  const rel = relative(root, full);
  if (!rel || rel.startsWith("..") || isAbsolute(rel)) return null;
  try {
    return statSync(full).isFile() ? rel : null;
  } catch {
    return null;
  }
}

/** Client-side pages get the SPA's index.html; a request for an asset or a file path that is not there gets 404. */
function looksLikeFile(rest: string): boolean {
  return rest.startsWith("/") || rest.startsWith("assets/") || /\.[a-z0-9]+$/i.test(rest) || rest.includes("..");
}

async function registerStaticApps(app: App, opts: BuildServerOptions, settings: ReturnType<typeof recentSettings>) {
  const widgetDist = opts.widgetDist ?? WIDGET_DIST;
  const consoleDist = opts.consoleDist ?? CONSOLE_DIST;
  // Only reply.sendFile is used: each route below chooses its root, file and cache policy itself.
  // preCompressed: the build writes .br and .gz beside each text file (apps/widget/scripts/
  // precompress.mjs); the copy matching Accept-Encoding is sent, else the plain file.
  await app.register(fastifyStatic, { root: here, serve: false, preCompressed: true });
  const sendSpaFile = (reply: FastifyReply, root: string, rest: string) => {
    const file = fileInside(root, rest);
    if (!file && looksLikeFile(rest)) return reply.code(404).type("text/plain; charset=utf-8").send("Not found");
    const name = file ?? "index.html";
    // Vite names every file under assets/ by its content hash: a new build means a new URL, so
    // browsers may keep them for a year without asking. index.html is asked for every time.
    const asset = name.startsWith("assets/");
    reply.header("vary", "accept-encoding");
    return reply.sendFile(name, root, { maxAge: asset ? 31_536_000_000 : 0, immutable: asset });
  };

  if (existsSync(widgetDist)) {
    app.get("/", (_req, reply) => reply.sendFile("demo.html", widgetDist, { maxAge: 0 }));
    const loaderSource = readFile(resolve(widgetDist, "widget.js"), "utf8");
    loaderSource.catch(() => undefined);
    const compressedLoader = createCompressedText();
    // Short cache: a colour or position changed in the console reaches sites within five minutes.
    app.get("/widget.js", async (req, reply) => {
      const body = withConfiguredSettings(await loaderSource, await settings());
      const encoded = compressedLoader(body, header(req, "accept-encoding"));
      reply
        .header("cache-control", "public, max-age=300")
        .header("vary", "accept-encoding")
        .type("text/javascript; charset=utf-8");
      if (encoded.encoding) reply.header("content-encoding", encoded.encoding);
      return reply.send(encoded.body);
    });
    // Asked by the loader before it draws the launcher: may the page's site (?origin=) show the
    // chat? Public and cacheable per URL; the frame-ancestors policy is what actually enforces it.
    app.get("/widget/allowed", async (req, reply) => {
      const origin = (req.query as Record<string, unknown>).origin;
      const ownOrigin = `${req.protocol}://${req.host}`;
      const allowed = isAllowedWebsite(
        typeof origin === "string" ? origin : null,
        ownOrigin,
        (await settings()).allowedOrigins,
      );
      return reply
        .header("access-control-allow-origin", "*")
        .header("cache-control", "public, max-age=60")
        .header("cross-origin-resource-policy", "cross-origin")
        .send({ allowed, setting: "Settings -> Allowed website origins" });
    });
    const widgetRoot = resolve(widgetDist, "app");
    app.get("/widget/*", (req, reply) => sendSpaFile(reply, widgetRoot, (req.params as { "*": string })["*"]));
  } else {
    app.log.warn({ widgetDist }, "widget build not found; run `npm run build`");
  }

  if (existsSync(consoleDist)) {
    app.get("/console", (_req, reply) => reply.redirect("/console/"));
    app.get("/console/*", (req, reply) => {
      reply.header("x-frame-options", "DENY");
      return sendSpaFile(reply, consoleDist, (req.params as { "*": string })["*"]);
    });
  } else {
    app.log.warn({ consoleDist }, "console build not found; run `npm run build`");
  }
}
