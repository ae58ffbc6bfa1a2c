// The server's whole configuration, read from the environment once and validated: a bad or
// missing value stops the start with a message naming the variable.
import { z } from "zod";

const optionalString = z.string().optional().transform((v) => (v === "" ? undefined : v));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.url("must be a URL such as https://support.example.com").optional(),
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string").optional(),
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
  SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\//, "must be smtp:// or smtps://").optional()),
  MAIL_FROM: z.string().default("Support Bot <support-bot@localhost>"),
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  SEED_DEMO: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
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
