// Builds tRPC for the whole API: the error shape callers see, and the procedure kinds that say
// who may call what (customer session, staff session, admin, API token with a scope).
import { initTRPC, TRPCError } from "@trpc/server";
import { API_TOKEN_SCOPES } from "@support/schemas";
import { z, ZodError } from "zod";
import type { Context } from "./context.ts";
import type { RateLimitRule } from "./lib/rate-limit.ts";
import { hashSecret } from "./lib/tokens.ts";

const GENERIC_MESSAGE = "Something went wrong on our side. Please try again.";

/** Who may call a procedure, set by its procedure kind; the API reference is generated from it. */
export type ProcedureMeta = { access: string; description?: string };

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  // Live streams: a comment ping keeps proxies from closing idle streams; clients reconnect (and
  // replay from their last event id) when pings stop.
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 40_000 },
  },
  errorFormatter({ shape, error, ctx }) {
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    const expose = ctx?.config.exposeInternalErrors ?? false;
    if (internal) {
      // Log the real cause once, with the request id the caller gets, so support can find it.
      ctx?.log.error({ err: error.cause ?? error, requestId: ctx.requestId }, "internal error");
    }
    const zodError = error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    return {
      ...shape,
      message: internal && !expose ? GENERIC_MESSAGE : zodError ? summarizeZodError(error.cause as ZodError) : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        requestId: ctx?.requestId ?? null,
        zodError,
        ...(expose && internal ? { stack: shape.data.stack } : {}),
      },
    };
  },
});

function summarizeZodError(err: ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Public endpoints a script could hammer: limited per client IP / per conversation. */
const rateLimits = t.middleware(async ({ ctx, path, next, getRawInput }) => {
  const limits = ctx.config.rateLimits;
  const now = ctx.clock.now().getTime();
  const checks: Array<[string, RateLimitRule]> = [];
  const ip = ctx.req.ip ?? "unknown";
  if (path === "chat.start") checks.push([`start:${ip}`, limits.chatStartPerIp]);
  if (path === "chat.send") {
    const raw = (await getRawInput()) as { sessionToken?: unknown } | undefined;
    checks.push([`send-ip:${ip}`, limits.chatSendPerIp]);
    if (typeof raw?.sessionToken === "string") checks.push([`send:${raw.sessionToken}`, limits.chatSendPerSession]);
  }
  for (const [key, rule] of checks) {
    const waitMs = ctx.rateLimiter.hit(key, rule, now);
    if (waitMs > 0) {
      throw new TRPCError({
        code: "TOO_MANY_REQUESTS",
        message: `Too many messages. Please wait ${Math.ceil(waitMs / 1000)} seconds and try again.`,
      });
    }
  }
  return next();
});

export const publicProcedure = t.procedure.meta({ access: "anyone" }).use(rateLimits);

/**
 * Customer procedures carry the conversation's token in the body (or `x-session-token` header)
 * and accept POST only, so the token never lands in a URL, an access log or browser history.
 */
/** What customer procedures know of their conversation. */
export type CustomerSession = { id: string; status: "bot" | "handoff" | "closed"; lastSeenAt: Date };

export const customerProcedure = t.procedure.meta({ access: "customer (session token, POST only)" }).use(rateLimits).use(async ({ ctx, next, getRawInput, type }) => {
  const raw = (await getRawInput()) as { sessionToken?: unknown } | undefined;
  const headerToken = ctx.req.headers["x-session-token"];
  // Live streams are server-sent events, which are GETs: allowed only with the token in a header,
  // so it still never appears in a URL.
  const sseWithHeader = type === "subscription" && headerToken && raw?.sessionToken === undefined;
  if (ctx.req.method !== "POST" && !sseWithHeader) {
    throw new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: "Customer requests must use POST (or a header token for live streams)" });
  }
  const token = typeof raw?.sessionToken === "string" ? raw.sessionToken : headerToken;
  if (!token) throw new TRPCError({ code: "UNAUTHORIZED", message: "sessionToken is required" });
  // Raw SQL: this runs on every customer request, and Prisma's per-query cost shows at scale.
  const [session] = await ctx.db.sql.query<CustomerSession>(
    `SELECT id, status::text AS status, "lastSeenAt" FROM "Session" WHERE "tokenHash" = $1`,
    [hashSecret(token)],
  );
  const idleLimit = ctx.config.customerSessionIdleDays * 86_400_000;
  if (!session || ctx.clock.now().getTime() - session.lastSeenAt.getTime() > idleLimit) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "This conversation has expired or does not exist. Start a new conversation.",
    });
  }
  return next({ ctx: { session } });
});

export const STAFF_COOKIE = "sb_staff";
export function staffCookieName(production: boolean): string {
  // __Host- cookies must be Secure, path=/ and host-only: the browser enforces it.
  return production ? `__Host-${STAFF_COOKIE}` : STAFF_COOKIE;
}
export const STAFF_IDLE_MS = 12 * 3_600_000;
export const STAFF_ABSOLUTE_MS = 7 * 86_400_000;

/** Cookie-authenticated mutations must come from our own pages: JSON only, same origin. */
export function assertSameOriginJson(ctx: Context) {
  const contentType = ctx.req.headers["content-type"] ?? "";
  if (!contentType.toLowerCase().startsWith("application/json")) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Requests from the console must be sent as application/json" });
  }
  const fetchSite = ctx.req.headers["sec-fetch-site"];
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Cross-site request refused" });
  }
  const origin = ctx.req.origin;
  const host = ctx.req.headers["host"];
  if (origin && host && new URL(origin).host !== host) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Cross-origin request refused" });
  }
}

async function authenticateStaff(ctx: Context, type: string) {
  const cookie = ctx.req.cookies[staffCookieName(ctx.config.production)];
  if (!cookie) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  const staffSession = await ctx.prisma.staffSession.findUnique({
    where: { tokenHash: hashSecret(cookie) },
    include: { staffUser: true },
  });
  const now = ctx.clock.now();
  if (
    !staffSession ||
    !staffSession.staffUser.isActive ||
    staffSession.expiresAt <= now ||
    now.getTime() - staffSession.lastSeenAt.getTime() > STAFF_IDLE_MS
  ) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
  }
  if (type === "mutation") assertSameOriginJson(ctx);
  // Touch at most once a minute: idle expiry needs no write per request.
  if (now.getTime() - staffSession.lastSeenAt.getTime() > 60_000) {
    await ctx.prisma.staffSession.update({ where: { id: staffSession.id }, data: { lastSeenAt: now } });
  }
  const { passwordHash: _omit, ...staff } = staffSession.staffUser;
  return { staff, staffSessionId: staffSession.id };
}

export const staffProcedure = t.procedure.meta({ access: "staff: agent or admin (console session)" }).use(async ({ ctx, next, type }) => {
  const auth = await authenticateStaff(ctx, type);
  return next({ ctx: { ...auth, actor: { kind: "staff" as const, staffId: auth.staff.id, name: auth.staff.name } } });
});

export const adminProcedure = staffProcedure.meta({ access: "staff: admin only (console session)" }).use(({ ctx, next }) => {
  if (ctx.staff.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only an admin can do this" });
  return next();
});

export const API_SCOPES = API_TOKEN_SCOPES;
export type ApiScope = (typeof API_TOKEN_SCOPES)[number];
export const API_TOKEN_PREFIX = "sbt_";

async function authenticateApiToken(ctx: Context, scope: ApiScope) {
  const header = ctx.req.headers["authorization"] ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new TRPCError({ code: "UNAUTHORIZED", message: "Send an API token as 'Authorization: Bearer <token>'" });
  const token = await ctx.prisma.apiToken.findUnique({ where: { tokenHash: hashSecret(match[1]) } });
  const now = ctx.clock.now();
  if (!token) throw new TRPCError({ code: "UNAUTHORIZED", message: "Unknown API token" });
  if (token.revokedAt) throw new TRPCError({ code: "UNAUTHORIZED", message: "This API token has been revoked" });
  if (token.expiresAt && token.expiresAt <= now) throw new TRPCError({ code: "UNAUTHORIZED", message: "This API token has expired" });
  if (!token.scopes.includes(scope)) {
    throw new TRPCError({ code: "FORBIDDEN", message: `This API token lacks the '${scope}' scope` });
  }
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await ctx.prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return { id: token.id, name: token.name, scopes: token.scopes };
}

/** Developer API only: `Authorization: Bearer sbt_...` with the named scope. */
export function apiProcedure(scope: ApiScope) {
  return t.procedure.meta({ access: `API token with scope ${scope}` }).use(async ({ ctx, next }) => {
    const apiToken = await authenticateApiToken(ctx, scope);
    return next({ ctx: { apiToken, actor: { kind: "api" as const, tokenId: apiToken.id, name: apiToken.name } } });
  });
}

/**
 * The same procedure for the console and for scripts: a signed-in staff member (any role), or an
 * API token holding `scope`. An Authorization header means a script; otherwise the staff cookie.
 */
export type Actor = { kind: "staff"; staffId: string; name: string } | { kind: "api"; tokenId: string; name: string };

export function staffOrApiProcedure(scope: ApiScope) {
  return t.procedure.meta({ access: `staff (agent or admin), or API token with scope ${scope}` }).use(async ({ ctx, next, type }) => {
    if (ctx.req.headers["authorization"]) {
      const apiToken = await authenticateApiToken(ctx, scope);
      const actor: Actor = { kind: "api", tokenId: apiToken.id, name: apiToken.name };
      return next({ ctx: { actor } });
    }
    const auth = await authenticateStaff(ctx, type);
    const actor: Actor = { kind: "staff", staffId: auth.staff.id, name: auth.staff.name };
    return next({ ctx: { actor } });
  });
}
