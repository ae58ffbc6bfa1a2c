// Builds the HTTP server: tRPC under /trpc, health probes, the widget, its loader, the demo page and
// the console. No listening and no process handling here, so tests start it on a free port.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { LlmProvider } from "@support/assistant";
import { appRouter, createContextInner, createEventBus, loadSettings, RateLimiter, type ApiConfig, type AppRouter, type EventBusOptions, type Logger, type Notifier } from "@support/api";
import { checkReadiness, expectedMigrationNames, type Database } from "@support/db";
import { fastifyRequestHandler } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { createJsonlCallHandler } from "./trpc-jsonl.ts";
import { withConfiguredColor } from "./widget-loader.ts";

const here = dirname(fileURLToPath(import.meta.url));
export const WIDGET_DIST = resolve(here, "../../widget/dist");
export const CONSOLE_DIST = resolve(here, "../../console/dist");

export type BuildServerOptions = {
  db: Database;
  llm: LlmProvider | null;
  logger: FastifyBaseLogger;
  api?: Partial<ApiConfig>;
  notifier?: Notifier;
  trustProxy?: boolean;
  widgetDist?: string;
  consoleDist?: string;
  /** Reconnect backoff of the live-events connection (tests shorten the cap). */
  events?: EventBusOptions;
};

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export async function buildServer(opts: BuildServerOptions) {
  const app = Fastify({
    loggerInstance: opts.logger,
    trustProxy: opts.trustProxy ?? false,
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

  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });

  const expectedMigrations = await expectedMigrationNames();
  // One LISTEN connection per process fans live events out to this instance's open streams.
  const events = createEventBus(opts.db, opts.logger as unknown as Logger, opts.events);
  // Serve only once live events flow, so the first /readyz already tells the truth.
  await events.ready;
  const rateLimiter = new RateLimiter();
  // Close the bus before the server waits for connections: open streams end, clients reconnect.
  app.addHook("preClose", async () => {
    await events.close();
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_req, reply) => {
    const readiness = await checkReadiness(opts.db, expectedMigrations);
    const { error: _hidden, ...body } = readiness;
    // Without its LISTEN connection this instance would serve streams that never get an event.
    const ready = readiness.ready && events.listening;
    return reply.code(ready ? 200 : 503).send({ ...body, ready, liveEvents: events.listening ? "listening" : "reconnecting" });
  });

  const createContext = (req: FastifyRequest, reply: FastifyReply) =>
    createContextInner({
      db: opts.db,
      llm: opts.llm,
      log: req.log as unknown as Logger,
      config: opts.api,
      requestId: req.id,
      notifier: opts.notifier,
      events,
      rateLimiter,
      req: {
        method: req.method,
        ip: req.ip,
        userAgent: header(req, "user-agent"),
        origin: header(req, "origin"),
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v])),
        cookies: parseCookies(header(req, "cookie")),
      },
      res: {
        setCookie(name, value, o) {
          void reply.header("set-cookie", serializeCookie(name, value, o));
        },
        clearCookie(name, o) {
          void reply.header("set-cookie", serializeCookie(name, "", { ...o, maxAgeSeconds: 0 }));
        },
      },
    });

  // tRPC under /trpc: single-call jsonl POSTs (nearly every call the SPAs and scripts make) are
  // written directly (see trpc-jsonl.ts); everything else goes through tRPC's Fastify handler.
  await app.register(async (trpc) => {
    // tRPC parses bodies itself: hand it the raw JSON text.
    trpc.removeContentTypeParser("application/json");
    trpc.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
    const handleJsonlCall = createJsonlCallHandler({ router: appRouter, createContext });
    trpc.all("/trpc/:path", async (req, reply) => {
      const path = (req.params as { path: string }).path;
      if (await handleJsonlCall(req, reply, path)) return;
      await fastifyRequestHandler<AppRouter, FastifyRequest, FastifyReply>({
        router: appRouter,
        allowMethodOverride: true,
        createContext: ({ req: fastifyReq, res }) => createContext(fastifyReq, res),
        req,
        res: reply,
        path,
      });
    });
  });

  await registerStaticApps(app, opts);
  return app;
}

function header(req: FastifyRequest, name: string): string | null {
  const v = req.headers[name];
  return typeof v === "string" ? v : null;
}

export function parseCookies(cookieHeader: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!cookieHeader) return out;
  for (const part of cookieHeader.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const key = part.slice(0, i).trim();
    if (key && !(key in out)) {
      try {
        out[key] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        out[key] = part.slice(i + 1).trim();
      }
    }
  }
  return out;
}

function serializeCookie(
  name: string,
  value: string,
  o: { maxAgeSeconds?: number; httpOnly?: boolean; sameSite?: "lax" | "strict"; secure?: boolean; path?: string } = {},
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${o.path ?? "/"}`];
  if (o.maxAgeSeconds !== undefined) parts.push(`Max-Age=${o.maxAgeSeconds}`);
  if (o.httpOnly ?? true) parts.push("HttpOnly");
  parts.push(`SameSite=${o.sameSite === "strict" ? "Strict" : "Lax"}`);
  if (o.secure) parts.push("Secure");
  return parts.join("; ");
}

type App = FastifyInstance;

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
  return `frame-ancestors 'self' ${origins.join(" ")}`.trim();
}

async function registerStaticApps(app: App, opts: BuildServerOptions) {
  const widgetDist = opts.widgetDist ?? WIDGET_DIST;
  const consoleDist = opts.consoleDist ?? CONSOLE_DIST;
  const settings = recentSettings(opts.db);
  // Only reply.sendFile is used: each route below chooses its root, file and cache policy itself.
  await app.register(fastifyStatic, { root: here, serve: false });

  if (existsSync(widgetDist)) {
    app.get("/", (_req, reply) => reply.sendFile("demo.html", widgetDist, { maxAge: 0 }));
    const loaderSource = readFile(resolve(widgetDist, "widget.js"), "utf8");
    loaderSource.catch(() => undefined);
    app.get("/widget.js", async (_req, reply) =>
      reply
        .header("cache-control", "public, max-age=300")
        .type("text/javascript; charset=utf-8")
        .send(withConfiguredColor(await loaderSource, (await settings()).widgetColor)),
    );
    app.get("/widget/*", async (req, reply) => {
      reply.header("content-security-policy", await frameAncestorsPolicy(settings));
      const rest = (req.params as { "*": string })["*"];
      const file = rest && existsSync(resolve(widgetDist, "app", rest)) && !rest.includes("..") ? rest : "index.html";
      return reply.sendFile(file, resolve(widgetDist, "app"), { maxAge: file.startsWith("assets/") ? 31_536_000_000 : 0, immutable: file.startsWith("assets/") });
    });
  } else {
    app.log.warn({ widgetDist }, "widget build not found; run `npm run build`");
  }

  if (existsSync(consoleDist)) {
    app.get("/console", (_req, reply) => reply.redirect("/console/"));
    app.get("/console/*", (req, reply) => {
      reply.header("x-frame-options", "DENY");
      const rest = (req.params as { "*": string })["*"];
      const file = rest && !rest.includes("..") && existsSync(resolve(consoleDist, rest)) ? rest : "index.html";
      return reply.sendFile(file, consoleDist, { maxAge: file.startsWith("assets/") ? 31_536_000_000 : 0, immutable: file.startsWith("assets/") });
    });
  } else {
    app.log.warn({ consoleDist }, "console build not found; run `npm run build`");
  }
}
