// Builds tRPC for the whole API: the error shape callers see, and the procedure kinds that say
// who may call what (customer session, staff session, admin, API token with a scope).
import { initTRPC, TRPCError } from "@trpc/server";
import { ZSessionToken, type API_TOKEN_SCOPES } from "@support/schemas";
import { z, ZodError } from "zod";
import type { Context } from "./context.ts";
import { isRateLimited, retryAfterSeconds, type RateLimitName, type RateLimitSubject } from "./lib/rate-limits.ts";
import { rawRows, sql } from "./lib/raw-sql.ts";
import { hashSecret } from "./lib/tokens.ts";
import { transformer } from "./lib/transformer.ts";

const GENERIC_MESSAGE = "Something went wrong on our side. Please try again.";

export type ProcedureKind = "public" | "customer" | "staff" | "staffOrApi";

/**
 * Who may call a procedure, as data: set by its procedure kind, checked by its middleware, and
 * rendered into words (and the errors a caller can get) by the API reference generator.
 */
export type ProcedureAccess =
  | { who: "anyone" }
  /** The conversation's session token, POST only (live streams: in a header). */
  | { who: "customer" }
  /** A console session, agent or admin. */
  | { who: "staff" }
  | { who: "admin" }
  /** A console session (agent or admin), or an API token holding `scope`. */
  | { who: "staffOrApi"; scope: ApiScope }
  /** An admin's console session, or an API token holding `scope` (agents are refused). */
  | { who: "adminOrApi"; scope: ApiScope };

/**
 * Who may call a procedure (`access`, set by its procedure kind; the API reference is generated
 * from it) and how often (`limits`: rule names from lib/rate-limits.ts, replacing the kind's default).
 */
export type ProcedureMeta = {
  access?: ProcedureAccess;
  kind?: ProcedureKind;
  description?: string;
  limits?: readonly RateLimitName[];
  /** Refused inside a batch: one HTTP request must not carry many password checks. */
  solo?: boolean;
  /** A query that reads a customer's data: staff and API-token calls of it go to the audit log (mutations always do). */
  readsCustomerData?: boolean;
  /** A mutation that changes nothing stored (typing indicators): left out of the audit log. */
  notAudited?: boolean;
};

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // superjson on the wire: a Date returned is a Date in every client (lib/transformer.ts).
    transformer,
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
      const zodError =
        error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
      return {
        ...shape,
        message:
          internal && !expose ? GENERIC_MESSAGE : zodError ? summarizeZodError(error.cause as ZodError) : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          requestId: ctx?.requestId ?? null,
          zodError,
          // The same problems with their full path (a list entry's index too), for forms that show
          // each message next to its field.
          issues: zodError ? issuesOf(error.cause as ZodError) : null,
          ...(expose && internal ? { stack: shape.data.stack } : {}),
        },
      };
    },
  });

function issuesOf(err: ZodError) {
  return err.issues.map((i) => {
    const extra = i as { origin?: string; format?: string; minimum?: unknown; maximum?: unknown };
    return {
      path: i.path.map((p) => (typeof p === "number" ? p : String(p))),
      code: i.code as string,
      message: i.message,
      ...(extra.origin !== undefined && { origin: String(extra.origin) }),
      ...(extra.format !== undefined && { format: String(extra.format) }),
      ...(typeof extra.minimum === "number" && { minimum: extra.minimum }),
      ...(typeof extra.maximum === "number" && { maximum: extra.maximum }),
    };
  });
}

function summarizeZodError(err: ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Rejects with 429 and a Retry-After header when any named rule whose subject is given is used up. */
async function enforceLimits(
  ctx: Context,
  names: readonly RateLimitName[],
  subjects: Partial<Record<RateLimitSubject, string>>,
) {
  for (const name of names) {
    const key = subjects[ctx.rateLimits.rule(name).subject];
    if (key === undefined) continue;
    try {
      await ctx.rateLimits.limiter(name).consume(key);
    } catch (err) {
      if (!isRateLimited(err)) throw err;
      throw tooManyRequests(ctx, retryAfterSeconds(err));
    }
  }
}

/** The 429 every limit answers with; Retry-After says when to try again. */
export function tooManyRequests(ctx: Context, seconds: number, message?: string): TRPCError {
  ctx.res.setHeader?.("retry-after", String(seconds));
  return new TRPCError({
    code: "TOO_MANY_REQUESTS",
    message: message ?? `Too many requests. Please wait ${seconds} seconds and try again.`,
  });
}

/** The rules a procedure is counted against: its own (meta.limits), else its kind's default. */
export function limitsOf(meta: ProcedureMeta | undefined): readonly RateLimitName[] {
  return meta?.limits ?? DEFAULT_LIMITS[meta?.kind ?? "public"];
}

export const DEFAULT_LIMITS: Record<ProcedureKind, readonly RateLimitName[]> = {
  public: ["publicPerIp"],
  customer: ["customerPerIp", "customerPerConversation"],
  staff: ["staffPerIp", "staffPerUser"],
  staffOrApi: ["staffPerIp", "staffPerUser", "apiPerToken"],
};

/** The subjects each kind of procedure can count by; a rule with another subject would never run. */
export const SUBJECTS_BY_KIND: Record<ProcedureKind, readonly RateLimitSubject[]> = {
  public: ["ip"],
  customer: ["ip", "conversation"],
  staff: ["ip", "staff"],
  staffOrApi: ["ip", "staff", "apiToken"],
};

const ipKey = (ctx: Context) => ctx.req.ip ?? "unknown";

export const publicProcedure = t.procedure
  .meta({ access: { who: "anyone" }, kind: "public" })
  .use(async ({ ctx, meta, next }) => {
    await enforceLimits(ctx, limitsOf(meta), { ip: ipKey(ctx) });
    return next();
  });

/** What customer procedures know of their conversation. */
export type CustomerSession = { id: string; status: "bot" | "handoff" | "closed"; lastSeenAt: Date };

/**
 * Customer procedures carry the conversation's token in the body (or `x-session-token` header)
 * and accept POST only, so the token never lands in a URL, an access log or browser history.
 */
export const customerProcedure = t.procedure
  .meta({ access: { who: "customer" }, kind: "customer" })
  .use(async ({ ctx, next, getRawInput, type, meta }) => {
    const raw = (await getRawInput()) as { sessionToken?: unknown } | undefined;
    const headerToken = ctx.req.headers["x-session-token"];
    // Live streams are server-sent events, which are GETs: allowed only with the token in a header,
    // so it still never appears in a URL.
    const sseWithHeader = type === "subscription" && headerToken && raw?.sessionToken === undefined;
    if (ctx.req.method !== "POST" && !sseWithHeader) {
      throw new TRPCError({
        code: "METHOD_NOT_SUPPORTED",
        message: "Customer requests must use POST (or a header token for live streams)",
      });
    }
    const token = raw?.sessionToken !== undefined ? raw.sessionToken : headerToken;
    if (token === undefined || token === null || token === "")
      throw new TRPCError({ code: "UNAUTHORIZED", message: "sessionToken is required" });
    // The shape first: a token we could never have issued costs no counter and no lookup, so a
    // flood of junk tokens leaves nothing behind.
    const shape = ZSessionToken.safeParse(token);
    if (!shape.success)
      throw new TRPCError({ code: "BAD_REQUEST", message: "sessionToken is not a valid session token" });
    const limits = limitsOf(meta);
    await enforceLimits(ctx, limits, { ip: ipKey(ctx) });
    // Raw SQL: this runs on every customer request, and Prisma's per-query cost shows at scale.
    const lookup = sql`SELECT id, status::text AS status, "lastSeenAt" FROM "Session" WHERE "tokenHash" = ${hashSecret(shape.data)}`;
    const [session] = await rawRows<CustomerSession>(ctx.db.sql, lookup);
    const idleLimit = ctx.config.customerSessionIdleDays * 86_400_000;
    if (!session || ctx.clock.now().getTime() - session.lastSeenAt.getTime() > idleLimit) {
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: "This conversation has expired or does not exist. Start a new conversation.",
      });
    }
    await enforceLimits(ctx, limits, { conversation: session.id });
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
  // "null" (sandboxed frames, file: pages) and unparsable values are no origin of ours either.
  if (origin && host && originHost(origin) !== host) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Cross-origin request refused" });
  }
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** Session cookies and API tokens are ours (generateSecret): anything else is refused unread. */
const SESSION_SECRET = /^[A-Za-z0-9_-]{43}$/;
const API_TOKEN_SHAPE = /^sbt_[A-Za-z0-9_-]{8,100}$/;

async function authenticateStaff(ctx: Context, type: string) {
  const cookie = ctx.req.cookies[staffCookieName(ctx.config.production)];
  if (!cookie) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  if (!SESSION_SECRET.test(cookie))
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
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

/** Ids in a call's input (keys `id`, `...Id`, `ids`), for the audit log: never free text. */
function auditTargets(input: unknown): string[] {
  const out: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== "object" || depth > 2 || out.length >= 20) return;
    for (const [key, v] of Object.entries(value)) {
      const idKey = key === "id" || key === "ids" || key.endsWith("Id") || key.endsWith("Ids");
      if (idKey && typeof v === "string" && UUID.test(v)) out.push(v);
      else if (idKey && Array.isArray(v))
        for (const x of v.slice(0, 20))
          if (typeof x === "string" && UUID.test(x)) out.push(x);
          else if (typeof v === "object") visit(v, depth + 1);
    }
  };
  visit(input, 0);
  return [...new Set(out)].slice(0, 20);
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one place the audit log is written: after every staff or API-token mutation (unless marked
 * notAudited) and every query marked readsCustomerData, with its outcome (an error thrown by the
 * procedure or a later check, e.g. admin only, is recorded with its code). Used after
 * authentication, so the actor is known; a call refused before that (no session) has no actor.
 */
const audit = t.middleware(async ({ ctx, next, path, type, meta, getRawInput }) => {
  const result = await next();
  const kind =
    type === "mutation" && !meta?.notAudited ? "change" : type === "query" && meta?.readsCustomerData ? "read" : null;
  const actor = (ctx as { actor?: Actor }).actor;
  if (!kind || !actor) return result;
  try {
    await ctx.prisma.auditLog.create({
      data: {
        at: ctx.clock.now(),
        actorKind: actor.kind,
        actorId: actor.kind === "staff" ? actor.staffId : actor.tokenId,
        actorName: actor.name,
        action: path,
        kind,
        targets: auditTargets(await getRawInput().catch(() => null)),
        outcome: result.ok ? "ok" : result.error.code,
        ip: ctx.req.ip,
        userAgent: ctx.req.userAgent?.slice(0, 300) ?? null,
        requestId: ctx.requestId,
      },
    });
  } catch (err) {
    ctx.log.error({ err, action: path }, "could not write the audit log entry");
  }
  return result;
});

const authenticatedStaff = t.middleware(async ({ ctx, next, type, meta }) => {
  const limits = limitsOf(meta);
  await enforceLimits(ctx, limits, { ip: ipKey(ctx) });
  const auth = await authenticateStaff(ctx, type);
  await enforceLimits(ctx, limits, { staff: auth.staff.id });
  return next({ ctx: { ...auth, actor: { kind: "staff" as const, staffId: auth.staff.id, name: auth.staff.name } } });
});

export const staffProcedure = t.procedure
  .meta({ access: { who: "staff" }, kind: "staff" })
  .use(authenticatedStaff)
  .use(audit);

export const adminProcedure = staffProcedure.meta({ access: { who: "admin" } }).use(({ ctx, next }) => {
  if (ctx.staff.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only an admin can do this" });
  return next();
});

export type ApiScope = (typeof API_TOKEN_SCOPES)[number];
/** Every API token starts with it, so a leaked secret is recognisable as one of ours. */
export const API_TOKEN_PREFIX = "sbt_";

async function authenticateApiToken(ctx: Context, scope: ApiScope) {
  const header = ctx.req.headers["authorization"] ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1])
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Send an API token as 'Authorization: Bearer <token>'" });
  if (!API_TOKEN_SHAPE.test(match[1])) throw new TRPCError({ code: "UNAUTHORIZED", message: "Unknown API token" });
  const token = await ctx.prisma.apiToken.findUnique({
    where: { tokenHash: hashSecret(match[1]) },
    include: { createdBy: { select: { isActive: true } } },
  });
  const now = ctx.clock.now();
  if (!token) throw new TRPCError({ code: "UNAUTHORIZED", message: "Unknown API token" });
  if (token.revokedAt) throw new TRPCError({ code: "UNAUTHORIZED", message: "This API token has been revoked" });
  // A token acts with its creator's authority: it stops while they are deactivated (and works
  // again if an admin restores them). Tokens made from a terminal have no creator.
  if (token.createdBy && !token.createdBy.isActive) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "The admin who created this API token has been deactivated; ask an admin for a new token",
    });
  }
  if (token.expiresAt && token.expiresAt <= now)
    throw new TRPCError({ code: "UNAUTHORIZED", message: "This API token has expired" });
  if (!token.scopes.includes(scope)) {
    throw new TRPCError({ code: "FORBIDDEN", message: `This API token lacks the '${scope}' scope` });
  }
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await ctx.prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return { id: token.id, name: token.name, scopes: token.scopes };
}

/** Who made a staff or API-token call: the audit log and ticket notes name them. */
export type Actor = { kind: "staff"; staffId: string; name: string } | { kind: "api"; tokenId: string; name: string };

/**
 * The same procedure for the console and for scripts: a signed-in staff member (any role), or an
 * API token holding `scope`. An Authorization header means a script; otherwise the staff cookie.
 */
export function staffOrApiProcedure(scope: ApiScope) {
  return t.procedure
    .meta({ access: { who: "staffOrApi", scope }, kind: "staffOrApi" })
    .use(async ({ ctx, next, type, meta }) => {
      const limits = limitsOf(meta);
      await enforceLimits(ctx, limits, { ip: ipKey(ctx) });
      if (ctx.req.headers["authorization"]) {
        const apiToken = await authenticateApiToken(ctx, scope);
        await enforceLimits(ctx, limits, { apiToken: apiToken.id });
        const actor: Actor = { kind: "api", tokenId: apiToken.id, name: apiToken.name };
        return next({ ctx: { actor } });
      }
      const auth = await authenticateStaff(ctx, type);
      await enforceLimits(ctx, limits, { staff: auth.staff.id });
      const actor: Actor = { kind: "staff", staffId: auth.staff.id, name: auth.staff.name };
      return next({ ctx: { actor } });
    })
    .use(audit);
}

/**
 * Customer data requests: an admin in the console, or an API token holding `scope`. Agents are
 * refused: exporting or erasing a person's data is an admin's decision.
 */
export function adminOrApiProcedure(scope: ApiScope) {
  return staffOrApiProcedure(scope)
    .meta({ access: { who: "adminOrApi", scope } })
    .use(async ({ ctx, next }) => {
      // Both branches of staffOrApiProcedure set an Actor; tRPC infers the context from the first.
      const actor = ctx.actor as Actor;
      if (actor.kind === "staff") {
        const staff = await ctx.prisma.staffUser.findUnique({ where: { id: actor.staffId }, select: { role: true } });
        if (staff?.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only an admin can do this" });
      }
      return next();
    });
}
