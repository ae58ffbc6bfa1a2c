// The server's whole configuration, read from the environment once and validated: a bad or
// missing value stops the start with a message naming the variable.
import { isIP } from "node:net";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));
const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** proxy-addr's named ranges, accepted by Fastify's trustProxy next to addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split("/");
  const version = isIP(address ?? "");
  if (!version || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * Which hops in front of the server may set X-Forwarded-For, in Fastify's `trustProxy` forms:
 * false (none: the socket's address is the client), a hop count, or the proxies' addresses/CIDRs.
 * `true` trusts every hop, so any client can pick its own IP: accepted only spelled out, and
 * announced at start.
 */
export type TrustProxy = boolean | number | string[];

const trustProxy = z
  .string()
  .trim()
  .default("false")
  .transform((value, ctx): TrustProxy => {
    if (value === "" || value === "false" || value === "0") return false;
    if (value === "true") return true;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length || !entries.length) {
      ctx.addIssue({
        code: "custom",
        message: `must be false, a number of proxy hops (e.g. 1), or proxy addresses/CIDRs separated by commas (e.g. 10.0.0.0/8,loopback); not understood: ${bad.join(", ") || value}`,
      });
      return z.NEVER;
    }
    return entries;
  });

const schema = z.object({
  // Unset is not "development": internal error details and other conveniences are opt-in.
  NODE_ENV: optionalString.pipe(z.enum(["development", "production", "test"]).optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.url("must be a URL such as https://support.example.com").optional(),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default(".data"),
  INIT_CWD: z.string().optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url("must be a URL such as http://localhost:11434/v1").optional()),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_BASE_URL: optionalString.pipe(z.url("must be a URL such as http://localhost:11434/v1").optional()),
  TURN_DEADLINE_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
  MAX_COMPLETION_TOKENS: z.coerce.number().int().min(16).max(8192).default(600),
  /** A staff reply unseen by the customer for this long is emailed to them (if they left an address). */
  FOLLOW_UP_DELAY_MS: z.coerce
    .number()
    .int()
    .min(10_000)
    .max(7 * 86_400_000)
    .default(300_000),
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, "must be smtp:// or smtps://")
      .optional(),
  ),
  MAIL_FROM: z.string().default("Support Bot <support-bot@localhost>"),
  TRUST_PROXY: trustProxy,
  SEED_DEMO: flag.default(true),
  /** Create a demo admin in an empty database; unset: yes, except with NODE_ENV=production. */
  SEED_DEMO_ADMIN: optionalString.pipe(flag.optional()),
  /** A request (headers and body) must arrive within this; streamed responses are not limited by it. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(25_000),
  /** A failed webhook delivery is retried after this many seconds, then twice as long each time (10 retries). */
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /** Bearer token for GET /metrics; unset: /metrics is off. */
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
});

export type ServerEnv = z.infer<typeof schema>;

export class EnvError extends Error {}

export function parseEnv(env: NodeJS.ProcessEnv): ServerEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Invalid configuration, fix these environment variables:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
