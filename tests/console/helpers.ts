// Builds tRPC callers as a browser or a script would appear to the API: staff cookie, headers, IP.
import { createCaller, createContextInner, type Clock, type RateLimitOverrides } from "@support/api";
import { RELAXED_LIMITS } from "../harness/limits.ts";
import { createStaffUser } from "../../packages/api/src/domain/staff/accounts.ts";
import { hashSecret } from "../../packages/api/src/lib/tokens.ts";
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";

export const JSON_HEADERS = {
  "content-type": "application/json",
  host: "localhost:3000",
  "sec-fetch-site": "same-origin",
};

export type CookieJar = { value: string | null; options: Record<string, unknown> | null; cleared: boolean };

export function makeClock(start = new Date("2026-03-02T10:00:00Z")) {
  let now = start.getTime();
  const clock: Clock & { advance(ms: number): void } = { now: () => new Date(now), advance: (ms) => void (now += ms) };
  return clock;
}

export function callerFor(
  db: TestDatabase,
  opts: {
    cookie?: string | null;
    headers?: Record<string, string>;
    ip?: string;
    clock?: Clock;
    production?: boolean;
    jar?: CookieJar;
    origin?: string;
    /** Request limits; relaxed unless a test is about them (`{}` = the product's own). */
    limits?: RateLimitOverrides;
    /** Receives response headers (Retry-After). */
    headersOut?: Record<string, string>;
  } = {},
) {
  const cookieName = opts.production ? "__Host-sb_staff" : "sb_staff";
  const ctx = createContextInner({
    db,
    clock: opts.clock,
    config: { production: opts.production ?? false, rateLimits: opts.limits ?? RELAXED_LIMITS },
    req: {
      ip: opts.ip ?? "203.0.113.7",
      origin: opts.origin ?? null,
      cookies: opts.cookie ? { [cookieName]: opts.cookie } : {},
      headers: opts.headers ?? JSON_HEADERS,
    },
    res: {
      setCookie(name, value, options) {
        if (opts.jar) Object.assign(opts.jar, { value, options: { name, ...options }, cleared: false });
      },
      clearCookie() {
        if (opts.jar) Object.assign(opts.jar, { value: null, cleared: true });
      },
      setHeader(name, value) {
        if (opts.headersOut) opts.headersOut[name] = value;
      },
    },
  });
  return createCaller(ctx);
}

export const PASSWORDS = {
  admin: "violet-harbour-lantern-42",
  agent: "mossy-quartz-window-77",
  agent2: "paper-kite-orchard-19",
};

export async function makeStaff(db: TestDatabase) {
  const admin = await createStaffUser(db.prisma, {
    email: STAFF_EMAILS.admin,
    name: "Ada Admin",
    role: "admin",
    password: PASSWORDS.admin,
  });
  const agent = await createStaffUser(db.prisma, {
    email: STAFF_EMAILS.agent,
    name: "Bob Agent",
    role: "agent",
    password: PASSWORDS.agent,
  });
  const agent2 = await createStaffUser(db.prisma, {
    email: STAFF_EMAILS.agent2,
    name: "Cy Agent",
    role: "agent",
    password: PASSWORDS.agent2,
  });
  return { admin, agent, agent2 };
}

const STAFF_EMAILS = { admin: "ada@example.com", agent: "bob@example.com", agent2: "cy@example.com" } as const;

/** A caller signed in (with a real session cookie) as one of makeStaff's users. */
export async function signedInCaller(
  db: TestDatabase,
  who: keyof typeof PASSWORDS,
): Promise<ReturnType<typeof callerFor>> {
  return callerFor(db, { cookie: await signIn(db, STAFF_EMAILS[who], PASSWORDS[who]) });
}

export async function signIn(
  db: TestDatabase,
  email: string,
  password: string,
  opts: { clock?: Clock; ip?: string } = {},
): Promise<string> {
  const jar: CookieJar = { value: null, options: null, cleared: false };
  await callerFor(db, { jar, clock: opts.clock, ip: opts.ip }).auth.signIn({ email, password });
  if (!jar.value) throw new Error("no cookie set");
  return jar.value;
}

export async function makeApiToken(db: TestDatabase, scopes: string[]): Promise<string> {
  const secret = `sbt_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  await db.prisma.apiToken.create({
    data: { name: `test ${scopes.join(",")}`, prefix: secret.slice(0, 8), tokenHash: hashSecret(secret), scopes },
  });
  return secret;
}

export function bearer(token: string) {
  return { ...JSON_HEADERS, authorization: `Bearer ${token}` };
}

export async function makeTicket(
  db: TestDatabase,
  opts: { summary?: string; contact?: string | null; createdAt?: Date } = {},
) {
  const session = await db.prisma.session.create({
    data: { tokenHash: hashSecret(Math.random().toString()), status: "handoff" },
  });
  return db.prisma.ticket.create({
    data: {
      sessionId: session.id,
      issueSummary: opts.summary ?? "My tent leaks",
      customerContact: opts.contact === undefined ? "cust@example.com" : opts.contact,
      createdAt: opts.createdAt,
      conversationSnapshot: [
        { role: "user", content: "Is the Summit 2 waterproof?", createdAt: "2026-03-02T09:00:00.000Z" },
        { role: "assistant", content: "Yes, it is rated 5,000 mm.", createdAt: "2026-03-02T09:00:02.000Z" },
        { role: "user", content: "Mine leaks. I want a person.", createdAt: "2026-03-02T09:01:00.000Z" },
      ],
    },
  });
}

/** Resolves to the tRPC error code of a rejected call (or "OK"). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

/**
 * The file's own database with makeStaff's three users: created before the file's tests (call it
 * before any beforeAll that uses it) and dropped after them. Read its fields inside hooks and tests.
 */
export function useStaffDatabase(): { db: TestDatabase; staff: Awaited<ReturnType<typeof makeStaff>> } {
  const world = {} as { db: TestDatabase; staff: Awaited<ReturnType<typeof makeStaff>> };
  beforeAll(async () => {
    world.db = await createTestDatabase();
    world.staff = await makeStaff(world.db);
  });
  afterAll(async () => world.db?.drop());
  return world;
}
