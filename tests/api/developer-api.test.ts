// The developer API end to end: tokens created by an admin, the three scripts run as a developer
// would run them against a real server and PostgreSQL, scopes, revocation, expiry, and the
// separation between customer session tokens and API tokens.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupportClient } from "@support/client";
import { generateApiReference } from "../../packages/api/src/reference/generate.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { callerFor, makeStaff, makeTicket, PASSWORDS, signIn } from "../console/helpers.ts";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
let server: TestServer;
let adminCookie: string;
let agentCookie: string;
const tmp = mkdtempSync(join(tmpdir(), "devapi-"));

// The server's clock runs with real time, moved ahead by `clockAheadMs` to expire a token at once.
let clockAheadMs = 0;
beforeAll(async () => {
  server = await startTestServer({ llm: "none", clock: { now: () => new Date(Date.now() + clockAheadMs) } });
  const staff = await makeStaff(server.db);
  adminCookie = await signIn(server.db, staff.admin.email, PASSWORDS.admin);
  agentCookie = await signIn(server.db, staff.agent.email, PASSWORDS.agent);
});
afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function createToken(
  scopes: Array<"faq:read" | "faq:write" | "ticket:read" | "ticket:write" | "insights:read" | "assistant:preview">,
  expiresAt?: Date,
) {
  return callerFor(server.db, { cookie: adminCookie }).apiToken.create({
    name: `script ${scopes.join(" ")}`,
    scopes,
    expiresAt,
  });
}

function script(name: string, args: string[]): Promise<{ stdout: string; stderr: string; code?: number }> {
  return run(
    process.execPath,
    ["--import", "tsx", join(ROOT, "packages/client/scripts", name), "--url", server.url, ...args],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH },
    },
  ).catch((err: { stdout: string; stderr: string; code: number }) => ({
    stdout: err.stdout,
    stderr: err.stderr,
    code: err.code,
  }));
}

describe("API tokens", () => {
  it("an admin creates one (secret shown once, stored hashed); agents cannot; lists show last use, never the secret", async () => {
    const { token, secret } = await createToken(["faq:read"]);
    expect(secret).toMatch(/^sbt_[A-Za-z0-9_-]{43}$/);
    const row = await server.db.prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).not.toContain(secret.slice(4));
    expect(secret.startsWith(token.prefix)).toBe(true);
    await expect(
      callerFor(server.db, { cookie: agentCookie }).apiToken.create({ name: "x", scopes: ["faq:read"] }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });

    const client = createSupportClient({ url: server.url, token: secret });
    await client.faq.list.query({});
    const list = await callerFor(server.db, { cookie: adminCookie }).apiToken.list();
    const listed = list.find((t) => t.id === token.id)!;
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(JSON.stringify(list)).not.toContain(row.tokenHash);
  });

  it("a token outside its scope, revoked or expired is refused with a clear error", async () => {
    const { secret, token } = await createToken(["faq:read"]);
    const client = createSupportClient({ url: server.url, token: secret });
    await expect(
      client.faq.create.mutate({ question: "Do you rent tents?", answer: "No.", category: "products" }),
    ).rejects.toMatchObject({
      message: "This API token lacks the 'faq:write' scope",
      data: { code: "FORBIDDEN" },
    });
    await expect(client.ticket.list.query({})).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });

    await callerFor(server.db, { cookie: adminCookie }).apiToken.revoke({ id: token.id });
    await expect(client.faq.list.query({})).rejects.toMatchObject({
      message: "This API token has been revoked",
      data: { code: "UNAUTHORIZED" },
    });

    const soon = await createToken(["faq:read"], new Date(Date.now() + 60_000));
    const expiring = createSupportClient({ url: server.url, token: soon.secret });
    await expiring.faq.list.query({});
    clockAheadMs = 61_000;
    try {
      await expect(expiring.faq.list.query({})).rejects.toMatchObject({
        message: "This API token has expired",
        data: { code: "UNAUTHORIZED" },
      });
    } finally {
      clockAheadMs = 0;
    }

    const nobody = createSupportClient({ url: server.url, token: "sbt_made-up" });
    await expect(nobody.faq.list.query({})).rejects.toMatchObject({ message: "Unknown API token" });
  });

  it("a token stops working while the admin who created it is deactivated, and works again when they are restored", async () => {
    const admin = callerFor(server.db, { cookie: adminCookie });
    const other = await admin.staff.create({
      email: "dee@example.com",
      name: "Dee Admin",
      role: "admin",
      password: "silver-birch-canoe-31",
    });
    const deeCookie = await signIn(server.db, "dee@example.com", "silver-birch-canoe-31");
    const { secret } = await callerFor(server.db, { cookie: deeCookie }).apiToken.create({
      name: "Dee's sync",
      scopes: ["faq:read"],
    });
    const client = createSupportClient({ url: server.url, token: secret });
    await client.faq.list.query({});

    await admin.staff.setActive({ id: other.id, isActive: false });
    await expect(client.faq.list.query({})).rejects.toMatchObject({
      message: expect.stringMatching(/created this API token has been deactivated/),
      data: { code: "UNAUTHORIZED" },
    });
    await admin.staff.setActive({ id: other.id, isActive: true });
    await client.faq.list.query({});
  });

  it("customer session tokens do not work on API procedures, and API tokens do not open conversations", async () => {
    const anon = createSupportClient({ url: server.url });
    const { sessionToken } = await anon.chat.start.mutate();
    const asApi = createSupportClient({ url: server.url, token: sessionToken });
    await expect(asApi.faq.list.query({})).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });

    const { secret } = await createToken([
      "faq:read",
      "faq:write",
      "ticket:read",
      "ticket:write",
      "assistant:preview",
      "insights:read",
    ]);
    const withApiToken = createSupportClient({ url: server.url, token: secret });
    // No session token: the bearer token is not a customer key.
    await expect(withApiToken.chat.history.query({} as never)).rejects.toMatchObject({
      data: { code: "UNAUTHORIZED" },
    });
    // The API token itself in the session-token slot is refused too: it is not even shaped like one.
    await expect(withApiToken.chat.history.query({ sessionToken: secret })).rejects.toMatchObject({
      data: { code: "BAD_REQUEST" },
    });
    const res = await fetch(`${server.url}/trpc/chat.history`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-session-token": secret, authorization: `Bearer ${secret}` },
      body: "{}",
    });
    expect(res.status).toBe(400);
  });
});

describe("scripts", () => {
  it("faq:import reports a dry run, then creates and updates by question", async () => {
    const { secret } = await createToken(["faq:write"]);
    const csv = join(tmp, "faqs.csv");
    writeFileSync(
      csv,
      [
        "question,answer,category",
        '"Do you rent tents?","Yes, from $20 a night at our Denver store.",products',
        '"Is shipping free?","Standard shipping is free on orders over $50.",shipping',
        ',"An answer without a question",returns',
      ].join("\n"),
    );
    const dry = await script("import-faqs.ts", ["--token", secret, csv]);
    expect(dry.stdout).toContain("Dry run (nothing written): 3 rows");
    expect(dry.stdout).toMatch(/added: +1/);
    expect(dry.stdout).toMatch(/updated: +1/);
    expect(dry.stdout).toMatch(/invalid: +1/);
    expect(dry.stdout).toMatch(/row \d+: .*question/i);
    expect(await server.db.prisma.faq.count({ where: { question: "Do you rent tents?" } })).toBe(0);

    const applied = await script("import-faqs.ts", ["--token", secret, csv, "--apply"]);
    expect(applied.stdout).toContain("Imported: 3 rows");
    expect(await server.db.prisma.faq.count({ where: { question: "Do you rent tents?" } })).toBe(1);
    expect(
      (await server.db.prisma.faq.findFirstOrThrow({ where: { question: "Is shipping free?" } })).answer,
    ).toContain("$50");

    const json = join(tmp, "faqs.json");
    writeFileSync(
      json,
      JSON.stringify([{ question: "Do you price match?", answer: "Yes, within 14 days.", category: "products" }]),
    );
    const fromJson = await script("import-faqs.ts", ["--token", secret, json, "--apply"]);
    expect(fromJson.stdout).toMatch(/added: +1/);

    const readOnly = await createToken(["faq:read"]);
    const refused = await script("import-faqs.ts", ["--token", readOnly.secret, csv]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("FORBIDDEN: This API token lacks the 'faq:write' scope");
  });

  it("tickets:export writes a CSV filtered by status and date", async () => {
    const { secret } = await createToken(["ticket:read"]);
    const old = await makeTicket(server.db, { summary: "Old, resolved", createdAt: new Date("2026-01-05T10:00:00Z") });
    await server.db.prisma.ticket.update({ where: { id: old.id }, data: { status: "resolved" } });
    await makeTicket(server.db, {
      summary: 'Tent leaks, "badly", at seams',
      createdAt: new Date("2026-02-10T10:00:00Z"),
    });
    await makeTicket(server.db, { summary: '=HYPERLINK("x")', createdAt: new Date("2026-02-11T10:00:00Z") });
    const out = join(tmp, "tickets.csv");
    const result = await script("export-tickets.ts", [
      "--token",
      secret,
      "--status",
      "open",
      "--from",
      "2026-02-01",
      "--to",
      "2026-03-01",
      "--out",
      out,
    ]);
    expect(result.stderr).toContain("Wrote 2 tickets");
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("reference,id,status,created_at,updated_at,assignee,customer_contact,issue_summary");
    expect(lines).toHaveLength(3);
    expect(lines.join("\n")).toContain('"Tent leaks, ""badly"", at seams"');
    expect(lines.join("\n")).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines.join("\n")).not.toContain("Old, resolved");
  });

  it("bot:ask shows the selected FAQs, token count and FAQ-only answer without creating a conversation", async () => {
    const { secret } = await createToken(["assistant:preview"]);
    const sessions = await server.db.prisma.session.count();
    const result = await script("ask-bot.ts", ["--token", secret, "How long do refunds take?"]);
    expect(result.stdout).toMatch(
      /FAQs in the prompt \(\d+ of \d+ active, \d+\/2500 FAQ tokens, system prompt \d+ tokens\)/,
    );
    expect(result.stdout).toContain("How long do refunds take?");
    expect(result.stdout).toContain("within 5 business days");
    expect(result.stdout).toContain("FAQ-only answer (confident)");
    const asJson = await script("ask-bot.ts", ["--token", secret, "--json", "Do you sell gift cards?"]);
    expect(JSON.parse(asJson.stdout).faqOnly.sources[0].question).toBe("Do you sell gift cards?");
    expect(await server.db.prisma.session.count()).toBe(sessions);
  });
});

describe("reference", () => {
  it("packages/client/API.md is what the router generates (run `npm run docs:api` after changing a procedure)", () => {
    expect(readFileSync(join(ROOT, "packages/client/API.md"), "utf8")).toBe(generateApiReference());
  });
});
