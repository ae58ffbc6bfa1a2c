// Every request limit of the API in one table, counted by rate-limiter-flexible in PostgreSQL
// (table "RateLimit", created by a migration), so all server instances share the counts and a
// restart forgets none. Procedures name the rules they use in their meta (see trpc.ts); a
// procedure that names none gets its kind's default, so nothing is ever unlimited.
import type { Database } from "@support/db";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";

/** Whose count a rule keeps: the client address, the customer's conversation, a staff member, an API token, a sign-in account. */
export type RateLimitSubject = "ip" | "conversation" | "staff" | "apiToken" | "account";

/** `points` allowed per `duration` seconds (a fixed window that starts with the first hit). */
export type RateLimitRule = { subject: RateLimitSubject; points: number; duration: number };

export const RATE_LIMIT_RULES = {
  // Anyone (no credentials): per client address.
  publicPerIp: { subject: "ip", points: 300, duration: 60 },
  /** New conversations: each is a row and a token; a widget starts one per visitor. */
  chatStartPerIp: { subject: "ip", points: 30, duration: 600 },

  // Customers: per address before the token is looked up, per conversation after.
  customerPerIp: { subject: "ip", points: 600, duration: 60 },
  customerPerConversation: { subject: "conversation", points: 120, duration: 60 },
  /** Each message may call the model: the budget that matters. */
  chatSendPerIp: { subject: "ip", points: 120, duration: 60 },
  chatSendPerConversation: { subject: "conversation", points: 12, duration: 60 },
  /** Each one is a live notification to every open inbox; the widget sends one per 2 s of typing at most. */
  customerTypingPerConversation: { subject: "conversation", points: 40, duration: 60 },
  /** Each one mails staff. */
  ticketCreatePerConversation: { subject: "conversation", points: 5, duration: 600 },
  ticketCreatePerIp: { subject: "ip", points: 20, duration: 3600 },

  // Staff (console session) and scripts (API token).
  /** Before the cookie or token is looked up, so forged credentials cost a bounded number of lookups. */
  staffPerIp: { subject: "ip", points: 1200, duration: 60 },
  staffPerUser: { subject: "staff", points: 600, duration: 60 },
  apiPerToken: { subject: "apiToken", points: 600, duration: 60 },
  staffTypingPerUser: { subject: "staff", points: 60, duration: 60 },

  // Passwords (sign-in and password change; see domain/auth/throttle.ts for how they combine).
  /** argon2 verifications per address, whatever their outcome: bounds the CPU one client can take. */
  passwordChecksPerIp: { subject: "ip", points: 30, duration: 900 },
  /** Wrong passwords for one account from one address before that pair pauses. */
  signInFailuresPerAccountIp: { subject: "account", points: 5, duration: 900 },
  /** How often that pair has paused in a day: each pause is twice as long as the one before. */
  signInPausesPerAccountIp: { subject: "account", points: 1_000_000, duration: 86_400 },
  /** Wrong passwords for one account from all addresses: past this, only known addresses may try. */
  signInFailuresPerAccount: { subject: "account", points: 50, duration: 3600 },
  /** Successful sign-ins of an account from an address in 90 days: makes the address "known". */
  signInSuccessesPerAccountIp: { subject: "account", points: 1_000_000, duration: 90 * 86_400 },
} as const satisfies Record<string, RateLimitRule>;

export type RateLimitName = keyof typeof RATE_LIMIT_RULES;
export type RateLimitOverrides = Partial<Record<RateLimitName, Partial<Pick<RateLimitRule, "points" | "duration">>>>;

export const RATE_LIMIT_TABLE = "RateLimit";

/** One limiter per rule, all on one table; build once per server (each holds a cleanup timer). */
export type RateLimits = {
  rule(name: RateLimitName): RateLimitRule;
  limiter(name: RateLimitName): RateLimiterPostgres;
};

export function createRateLimits(db: Database, overrides: RateLimitOverrides = {}): RateLimits {
  const storeClient = storeClientFor(db);
  const rules = new Map<RateLimitName, RateLimitRule>();
  const limiters = new Map<RateLimitName, RateLimiterPostgres>();
  let first = true;
  for (const name of Object.keys(RATE_LIMIT_RULES) as RateLimitName[]) {
    const rule = { ...RATE_LIMIT_RULES[name], ...overrides[name] };
    rules.set(name, rule);
    limiters.set(
      name,
      new RateLimiterPostgres({
        storeClient,
        storeType: "client",
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        keyPrefix: name,
        points: rule.points,
        duration: rule.duration,
        // One sweep of expired rows per process is enough: the table is shared.
        clearExpiredByTimeout: first,
      }),
    );
    first = false;
  }
  return {
    rule: (name) => rules.get(name)!,
    limiter: (name) => limiters.get(name)!,
  };
}

/** Rejections carry a RateLimiterRes; anything else (the database failing) is a real error. */
export function isRateLimited(err: unknown): err is RateLimiterRes {
  return err instanceof RateLimiterRes;
}

export function retryAfterSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

type StoreQuery = { text: string; values?: unknown[] };
type StoreResult = { rows: Array<Record<string, unknown>>; rowCount: number };

/**
 * RateLimiterPostgres calls `query({ text, values, name })` and reads `rows` and `rowCount`: the
 * pg pool has that shape, PGlite nearly. `expire` is a bigint, which the library subtracts from
 * Date.now(), so it is handed over as a number on both.
 */
function storeClientFor(db: Database): { query(q: StoreQuery): Promise<StoreResult> } {
  const toNumbers = (rows: Array<Record<string, unknown>>) => {
    for (const row of rows) if (row.expire !== null && row.expire !== undefined) row.expire = Number(row.expire);
    return rows;
  };
  if (db.pool) {
    const pool = db.pool;
    return {
      async query(q) {
        const r = await pool.query<Record<string, unknown>>({ text: q.text, values: q.values });
        return { rows: toNumbers(r.rows), rowCount: r.rowCount ?? 0 };
      },
    };
  }
  if (db.pglite) {
    const pglite = db.pglite;
    return {
      async query(q) {
        const r = await pglite.query<Record<string, unknown>>(q.text, q.values);
        return { rows: toNumbers(r.rows), rowCount: r.rows.length || (r.affectedRows ?? 0) };
      },
    };
  }
  throw new Error("rate limits need a PostgreSQL pool or a PGlite instance");
}

const perDatabase = new WeakMap<Database, Map<string, RateLimits>>();

/** Contexts built without a server (tests, scripts) share one set per database and configuration. */
export function sharedRateLimits(db: Database, overrides: RateLimitOverrides = {}): RateLimits {
  let byConfig = perDatabase.get(db);
  if (!byConfig) perDatabase.set(db, (byConfig = new Map()));
  const key = JSON.stringify(overrides);
  let limits = byConfig.get(key);
  if (!limits) byConfig.set(key, (limits = createRateLimits(db, overrides)));
  return limits;
}
