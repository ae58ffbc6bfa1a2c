// Shared flag parsing for the example scripts: --url/--token (or SUPPORT_URL/SUPPORT_TOKEN).
import { parseArgs } from "node:util";
import { createSupportClient } from "../src/index.ts";

export function parseScriptArgs<T extends Record<string, { type: "string" | "boolean"; short?: string }>>(
  usage: string,
  options: T,
) {
  const { values: parsed, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { url: { type: "string" }, token: { type: "string" }, help: { type: "boolean", short: "h" }, ...options },
  });
  const values = parsed as Record<string, string | boolean | undefined>;
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const url = (values.url as string | undefined) ?? process.env.SUPPORT_URL ?? "http://localhost:3000";
  const token = (values.token as string | undefined) ?? process.env.SUPPORT_TOKEN;
  if (!token)
    fail(
      `An API token is required: --token sbt_... or SUPPORT_TOKEN (create one in the console under API tokens).\n\n${usage}`,
    );
  return { client: createSupportClient({ url, token }), values, positionals, url };
}

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** Turns a client error into a one-line message a script user can act on. */
export function describeError(err: unknown): string {
  const e = err as { message?: string; data?: { code?: string; requestId?: string } };
  const code = e.data?.code ? `${e.data.code}: ` : "";
  const ref = e.data?.requestId ? ` (request ${e.data.requestId})` : "";
  return `${code}${e.message ?? String(err)}${ref}`;
}
