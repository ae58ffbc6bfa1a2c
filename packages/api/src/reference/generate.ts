// Generates the procedure reference (who may call it, input, output, errors) from the router and
// its zod schemas, so the documentation cannot drift from the code.
import { z } from "zod";
import { appRouter } from "../root.ts";
import { streamEventSchema } from "../lib/stream-output.ts";
import { RATE_LIMIT_RULES, type RateLimitSubject } from "../lib/rate-limits.ts";
import { limitsOf, type ProcedureAccess, type ProcedureMeta } from "../trpc.ts";

type ProcedureDef = {
  type: "query" | "mutation" | "subscription";
  meta?: ProcedureMeta;
  inputs: z.ZodType[];
  output?: z.ZodType;
};

const DOMAIN_TITLES: Record<string, string> = {
  widget: "Widget",
  chat: "Customer chat",
  ticket: "Tickets",
  auth: "Staff sign-in",
  staff: "Staff accounts",
  faq: "FAQs",
  settings: "Settings",
  assistant: "Assistant",
  apiToken: "API tokens",
};

function schemaText(schema: z.ZodType | undefined, io: "input" | "output"): string {
  if (!schema) return io === "output" ? "_streamed or untyped; see the description_" : "_none_";
  try {
    const json = z.toJSONSchema(schema, { io, unrepresentable: "any" });
    delete (json as Record<string, unknown>).$schema;
    return "```json\n" + JSON.stringify(json, null, 2) + "\n```";
  } catch {
    return "_not representable as JSON Schema_";
  }
}

/** A streaming procedure's output is a stream of events: the reference shows one event's schema. */
function outputText(schema: z.ZodType | undefined): string {
  const event = streamEventSchema(schema);
  return event ? "A stream of events, each:\n\n" + schemaText(event, "output") : schemaText(schema, "output");
}

const SUBJECT_WORDS: Record<RateLimitSubject, string> = {
  ip: "client address",
  conversation: "conversation",
  staff: "staff member",
  apiToken: "API token",
  account: "account",
};

/** The product's default limits (operators may change them), e.g. "12 per 60 s per conversation". */
function limitsText(meta: ProcedureMeta | undefined): string {
  return limitsOf(meta)
    .map((name) => {
      const rule = RATE_LIMIT_RULES[name];
      return `${rule.points} per ${rule.duration} s per ${SUBJECT_WORDS[rule.subject]}`;
    })
    .join(", ");
}

/** The procedure kind's access in words, for the table and each procedure's "Who may call it". */
function accessText(access: ProcedureAccess = { who: "anyone" }): string {
  switch (access.who) {
    case "anyone":
      return "anyone";
    case "customer":
      return "customer (session token, POST only)";
    case "staff":
      return "staff: agent or admin (console session)";
    case "admin":
      return "staff: admin only (console session)";
    case "staffOrApi":
      return `staff (agent or admin), or API token with scope ${access.scope}`;
    case "adminOrApi":
      return `staff: admin only, or API token with scope ${access.scope}`;
  }
}

function errorsFor(def: ProcedureDef): string[] {
  const who = def.meta?.access?.who ?? "anyone";
  const staffSession = who === "staff" || who === "admin" || who === "staffOrApi" || who === "adminOrApi";
  const errors: string[] = [];
  if (def.inputs.length) errors.push("`BAD_REQUEST`: the input failed validation (`data.zodError` lists the fields)");
  if (who === "customer") {
    errors.push(
      "`BAD_REQUEST`: a session token that is not shaped like one (refused before anything else)",
      "`UNAUTHORIZED`: missing, unknown or expired session token",
      "`METHOD_NOT_SUPPORTED`: sent as GET",
    );
  }
  if (staffSession) errors.push("`UNAUTHORIZED`: not signed in, or the session ended");
  if (who === "admin" || who === "adminOrApi") errors.push("`FORBIDDEN`: signed in as an agent");
  if (who === "staffOrApi" || who === "adminOrApi") {
    errors.push("`UNAUTHORIZED`: unknown, revoked or expired API token", "`FORBIDDEN`: the token lacks the scope");
  }
  if (staffSession && def.type === "mutation") {
    errors.push("`FORBIDDEN`: a cookie-authenticated call that is cross-site or not `application/json`");
  }
  errors.push(
    "`TOO_MANY_REQUESTS` (HTTP 429): a limit above is used up; the `Retry-After` header says how many seconds to wait",
  );
  errors.push("`INTERNAL_SERVER_ERROR`: a generic message and `data.requestId` to quote to support");
  return errors;
}

/** How to call without the typed client: superjson's envelope both ways (lib/transformer.ts). */
const HTTP_SECTION = [
  "## Calling over HTTP",
  "",
  "Inputs and answers travel in superjson's envelope. Send a call's input as `{\"json\": <input>}`",
  "(`superjson.serialize(input)` writes it; dates may be given as ISO 8601 text); no input: `{}`.",
  "A body of plain JSON (without the envelope) is refused with 400",
  '`Input is not superjson. Send the input in superjson\'s envelope: {"json": <input>}`.',
  "",
  "```sh",
  "curl https://support.example.com/trpc/faq.list \\",
  "  -H 'Authorization: Bearer sbt_...' -H 'Content-Type: application/json' \\",
  '  -d \'{"json": {"search": "refund"}}\'',
  "```",
  "",
  'The answer is `{"result": {"data": {"json": <output>, "meta": ...}}}`; `meta.values` names the paths',
  'that hold dates (`{"staff.createdAt": ["Date"]}`; their `json` value is ISO 8601 text), and',
  "`superjson.deserialize(result.data)` turns them back into `Date`s. An error is",
  '`{"error": {"json": {"message": ..., "data": {"code": "BAD_REQUEST", "httpStatus": 400, "requestId": ...}}}}`.',
  "A query sent as GET carries the same envelope, URL-encoded, in `?input=`.",
  "",
];

export function generateApiReference(): string {
  const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: ProcedureDef }> } })._def
    .procedures;
  const byDomain = new Map<string, string[]>();
  for (const path of Object.keys(procedures).sort()) {
    const domain = path.split(".")[0]!;
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), path]);
  }
  const out: string[] = [
    "# API reference",
    "",
    "<!-- Generated by `npm run docs:api` from packages/api (router + zod schemas). Do not edit by hand: a test fails when this file is stale. -->",
    "",
    "Every procedure is served at `POST /trpc/<name>` (queries may also be sent as GET except customer ones).",
    "Call them with the typed client (`createSupportClient({ url, token })` from `@support/client`); see",
    "[packages/client/README.md](./README.md). It speaks [superjson](https://github.com/flightcontrolhq/superjson),",
    "as the server does: an output that is a date arrives as a `Date` (outputs documented as ISO 8601 strings",
    "stay strings). Calling over plain HTTP: see [Calling over HTTP](#calling-over-http).",
    "",
    "| procedure | kind | who may call it |",
    "|---|---|---|",
    ...Object.keys(procedures)
      .sort()
      .map(
        (p) =>
          `| [\`${p}\`](#${p.replace(/\./g, "").toLowerCase()}) | ${procedures[p]!._def.type} | ${accessText(procedures[p]!._def.meta?.access)} |`,
      ),
    "",
    ...HTTP_SECTION,
  ];
  for (const [domain, paths] of byDomain) {
    out.push(`## ${DOMAIN_TITLES[domain] ?? domain}`, "");
    for (const path of paths) {
      const def = procedures[path]!._def;
      out.push(`### ${path}`, "");
      out.push(`- **Kind:** ${def.type}`);
      out.push(`- **Who may call it:** ${accessText(def.meta?.access)}`);
      out.push(
        `- **Limits:** ${limitsText(def.meta)}${def.meta?.solo ? "; must be sent alone, never in a batch" : ""}`,
      );
      if (def.meta?.description) out.push(`- ${def.meta.description}`);
      out.push(
        "",
        "**Input**",
        "",
        schemaText(def.inputs[0], "input"),
        "",
        "**Output**",
        "",
        outputText(def.output),
        "",
      );
      out.push("**Errors**", "", ...errorsFor(def).map((e) => `- ${e}`), "");
    }
  }
  return out.join("\n");
}
