// npm run staff:create -- --email you@example.com --role admin [--name "Your Name"]
// Creates a staff account (the first admin, typically). The password is asked for on a terminal
// (not echoed, typed twice) or read from STAFF_PASSWORD for scripts.
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { applyMigrations, createDatabase, resolveDataDir } from "@support/db";
import { ZStaffEmail, ZStaffRole } from "@support/schemas";
import { z } from "zod";
import { createStaffUser, StaffAccountError } from "../domain/staff/accounts.ts";
import { passwordProblem } from "../domain/auth/password.ts";

const USAGE = 'Usage: npm run staff:create -- --email you@example.com --role admin|agent [--name "Your Name"]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const env = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// connection string")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    DATA_DIR: z.string().min(1).default(".data"),
    INIT_CWD: z.string().optional(),
    STAFF_PASSWORD: z.string().optional(),
  })
  .safeParse(process.env);
if (!env.success) fail(env.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));

let args;
try {
  args = parseArgs({
    options: {
      email: { type: "string" },
      role: { type: "string", default: "agent" },
      name: { type: "string" },
      help: { type: "boolean" },
    },
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const email = ZStaffEmail.safeParse(args.email ?? "");
if (!email.success) fail(`--email: ${email.error.issues[0]?.message}\n${USAGE}`);
const role = ZStaffRole.safeParse(args.role);
if (!role.success) fail(`--role must be admin or agent\n${USAGE}`);

/** Reads a line without echoing it. */
function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

async function readPassword(): Promise<string> {
  if (env.data!.STAFF_PASSWORD) return env.data!.STAFF_PASSWORD;
  if (!process.stdin.isTTY) fail("No terminal to ask for a password: set STAFF_PASSWORD in the environment.");
  for (;;) {
    const first = await askHidden("Password (at least 12 characters): ");
    const problem = passwordProblem(first, { email: email.data!, name: args!.name });
    if (problem) {
      console.error(problem);
      continue;
    }
    if ((await askHidden("Type it again: ")) === first) return first;
    console.error("The two passwords differ; try again.");
  }
}

const password = await readPassword();
const weak = passwordProblem(password, { email: email.data, name: args.name });
if (weak) fail(weak);
const db = await createDatabase({
  databaseUrl: env.data.DATABASE_URL,
  dataDir: resolveDataDir(env.data.DATA_DIR, env.data.INIT_CWD),
});
try {
  await applyMigrations(db);
  const user = await createStaffUser(db.prisma, { email: email.data, name: args.name, role: role.data, password });
  console.log(`Created ${user.role} ${user.name} <${user.email}> in ${db.describe}. Sign in at /console/.`);
} catch (err) {
  if (err instanceof StaffAccountError) {
    console.error(err.message);
  } else {
    console.error(`Could not create the account in ${db.describe}: ${(err as Error).message}`);
    if (!env.data.DATABASE_URL)
      console.error("With the embedded database, stop the server first: only one process can open it.");
  }
  process.exitCode = 1;
} finally {
  await db.close();
}
