// Environment of the db command-line tools (migrate, check, seed), read and validated in one place.
import { z } from "zod";
import { resolveDataDir } from "../client.ts";

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().min(1).default(".data"),
  // npm runs workspace scripts inside the package; paths are relative to where the user typed npm.
  INIT_CWD: z.string().optional(),
});

export function readDbCliEnv(env: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    console.error(`Invalid environment:\n${lines.join("\n")}`);
    process.exit(1);
  }
  const { INIT_CWD, ...rest } = parsed.data;
  return { ...rest, DATA_DIR: resolveDataDir(rest.DATA_DIR, INIT_CWD) };
}
