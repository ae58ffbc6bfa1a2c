// The staff console end to end in Chromium against the real server and PostgreSQL: sign in, add an
// FAQ and see the bot answer from it, deactivate it and see the bot stop, import a CSV with a bad
// row, work tickets one by one and in bulk, follow the new-ticket mail to an escalated
// conversation, refuse cross-site and text/plain posts, sign out. Screenshots: tests/artifacts/console/.
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailNotifier, ensureDemoAdmin, silentLogger, type MailNotifier, type Notifier } from "@support/api";
import { createSupportClient } from "@support/client";
import { launchBrowser, screenshot } from "../harness/browser.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { ensureSpaBuilt } from "../harness/apps.ts";
import { callBody } from "../harness/trpc-http.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const WIDGET_JS = join(ROOT, "apps/widget/dist/widget.js");

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
let admin: { email: string; password: string };
let mail: MailNotifier;
const mailDir = mkdtempSync(join(tmpdir(), "console-mail-"));
const dialogs: string[] = [];

beforeAll(async () => {
  ensureSpaBuilt("console");
  // The mail notifier needs the server's URL, known only once it listens.
  const notifier: Notifier = { ticketCreated: (id) => mail.ticketCreated(id) };
  server = await startTestServer({ llm: "none", notifier });
  mail = createMailNotifier({
    prisma: server.db.prisma,
    mailDir,
    from: "bot@shop.example",
    publicUrl: server.url,
    log: silentLogger,
  });
  await server.db.prisma.settings.update({ where: { id: 1 }, data: { notificationEmails: ["team@shop.example"] } });
  admin = (await ensureDemoAdmin(server.db.prisma))!;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.on("console", (m) => process.env.DEBUG_CONSOLE && console.log("[browser]", m.type(), m.text()));
  page.on("response", (r) => process.env.DEBUG_CONSOLE && console.log("[resp]", r.status(), r.url()));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

afterAll(async () => {
  await browser?.cleanup();
  await mail?.idle();
  mail?.close();
  await server?.close();
  rmSync(mailDir, { recursive: true, force: true });
});

const client = () => createSupportClient({ url: server.url });

/** What the bot answers a fresh customer: through the widget when it is built, else the chat API. */
async function askBot(question: string): Promise<string> {
  if (existsSync(WIDGET_JS)) {
    const ctx = await browser.newContext();
    try {
      const w = await ctx.newPage();
      await w.goto(`${server.url}/widget/`);
      await w.getByLabel("Your message").fill(question);
      await w.getByLabel("Your message").press("Enter");
      const reply = w.locator("li.row-bot[data-message-id]").last();
      await reply.waitFor({ timeout: 15_000 });
      return (await reply.textContent()) ?? "";
    } finally {
      await ctx.close();
    }
  }
  const c = client();
  const { sessionToken } = await c.chat.start.mutate();
  let content = "";
  for await (const e of await c.chat.send.mutate({ sessionToken, clientMessageId: randomUUID(), text: question })) {
    if (e.type === "done") content = e.message.content;
  }
  return content;
}

/** A customer conversation that ends with a request for a person. */
async function escalate(question: string, summary: string, contact?: string) {
  const c = client();
  const { sessionToken } = await c.chat.start.mutate();
  for await (const _ of await c.chat.send.mutate({ sessionToken, clientMessageId: randomUUID(), text: question }))
    void _;
  return c.chat && c.ticket.create.mutate({ sessionToken, issueSummary: summary, customerContact: contact });
}

async function staffCookie(): Promise<string> {
  const cookies = await context.cookies(server.url);
  const c = cookies.find((x) => x.name === "sb_staff");
  if (!c) throw new Error("no staff cookie in the browser");
  return `${c.name}=${c.value}`;
}

const toast = (text: string | RegExp) => page.locator(".toast").filter({ hasText: text });

describe("staff console", () => {
  it("signs in (a wrong password is explained) and lands on the Inbox; Tickets is one click away", async () => {
    await page.goto(`${server.url}/console/`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill("not-the-password-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("That email and password don't match an account").waitFor();
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Inbox" }).waitFor();
    await page.getByRole("link", { name: "Tickets" }).click();
    await page.getByRole("heading", { name: "Tickets" }).waitFor();
    await page.getByText("No open tickets").waitFor();
    const cookie = (await context.cookies(server.url)).find((c) => c.name === "sb_staff");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    await screenshot(page, "console", "01-tickets-empty");
  });

  it("adds an FAQ with a markdown preview, and the bot answers from it", async () => {
    await page.getByRole("link", { name: "FAQs" }).click();
    await page.getByRole("heading", { name: "FAQs" }).waitFor();
    await page.locator("[data-testid=faq-row]").first().waitFor();
    await page.getByRole("button", { name: "+ New FAQ" }).click();
    const dialog = page.getByRole("dialog", { name: "New FAQ" });
    await dialog.getByLabel(/^Question/).fill("Do you offer gift wrapping?");
    await dialog.getByLabel(/^Also asked as/).fill("Can you wrap a present for me?\n\nis giftwrap available");
    await dialog.getByLabel(/^Category/).fill("gifts");
    await dialog
      .getByLabel("Answer", { exact: true })
      .fill("Yes! Gift wrapping costs **$5** and includes a handwritten card. <img src=x onerror=alert(1)>");
    await page.getByRole("tab", { name: "Preview" }).click();
    const preview = page.getByTestId("answer-preview");
    expect(await preview.locator("strong").textContent()).toBe("$5");
    expect(await preview.locator("img").count()).toBe(0); // raw HTML is not rendered
    await screenshot(page, "console", "02-faq-editor-preview");
    await page.getByRole("button", { name: "Add FAQ" }).click();
    await toast("Added “Do you offer gift wrapping?”").waitFor();
    await page.getByLabel("Search FAQs").fill("gift wrapping");
    await expect.poll(() => page.locator("[data-testid=faq-row]").count()).toBe(1);
    expect(await page.locator("[data-testid=faq-row]").textContent()).toContain("Also asked as 2 other ways");
    expect(
      (await server.db.prisma.faq.findFirstOrThrow({ where: { question: "Do you offer gift wrapping?" } }))
        .alternatePhrasings,
    ).toEqual(["Can you wrap a present for me?", "is giftwrap available"]);
    await screenshot(page, "console", "03-faq-table");

    expect(await askBot("Do you offer gift wrapping?")).toContain("handwritten card");
  });

  it("Try the bot shows the FAQs it would read and its answer", async () => {
    await page.getByRole("link", { name: "Try the bot" }).click();
    await page.getByLabel("Customer question").fill("can you gift wrap my order?");
    await page.getByRole("button", { name: "Try it" }).click();
    await page.getByTestId("try-result").waitFor();
    expect(await page.getByTestId("try-answer").textContent()).toContain("handwritten card");
    expect(await page.getByTestId("try-result").textContent()).toMatch(/tokens in the bot's instructions/);
    await screenshot(page, "console", "04-try-it");
  });

  it("deactivating the FAQ stops the bot using it; it stays in the list and can be restored", async () => {
    await page.getByRole("link", { name: "FAQs" }).click();
    await page.getByLabel("Search FAQs").fill("gift wrapping");
    await expect.poll(() => page.locator("[data-testid=faq-row]").count()).toBe(1);
    await page.getByRole("switch", { name: /Deactivate “Do you offer gift wrapping\?”/ }).click();
    await toast("Deactivated").waitFor();
    expect(
      await server.db.prisma.faq.count({ where: { question: "Do you offer gift wrapping?", isActive: false } }),
    ).toBe(1);
    expect(await askBot("Do you offer gift wrapping?")).not.toContain("handwritten card");

    await page.getByRole("tab", { name: /Inactive/ }).click();
    await expect.poll(() => page.locator("[data-testid=faq-row].inactive").count()).toBe(1);
    await screenshot(page, "console", "05-faq-inactive");
  });

  it("imports a CSV: the dry run lists the bad row with its reason, then the import writes the good ones", async () => {
    await page.getByRole("tab", { name: /All/ }).click();
    await page.getByLabel("Search FAQs").fill("");
    await page.getByRole("button", { name: "Import…" }).click();
    const csv = [
      "question,answer,category",
      "Do you have a loyalty program?,Yes: 1 point per dollar. 100 points = $5 off.,rewards",
      "Is there a student discount?,,pricing",
      "How long does shipping take?,Standard shipping takes 2-4 business days.,shipping",
    ].join("\n");
    await page
      .getByLabel("FAQ file")
      .setInputFiles({ name: "faqs.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    const report = page.getByTestId("import-report");
    await report.waitFor();
    const text = (await report.textContent()) ?? "";
    expect(text).toContain("nothing has been changed yet");
    expect(text).toMatch(/1new FAQs to add/);
    expect(text).toMatch(/1existing FAQs to update/);
    expect(text).toMatch(/1invalid rows/);
    expect(text).toContain("Row 3");
    expect(text).toContain("Is there a student discount?");
    expect(text).toContain("Enter an answer");
    expect(await server.db.prisma.faq.count({ where: { question: "Do you have a loyalty program?" } })).toBe(0);
    await screenshot(page, "console", "06-import-dry-run");
    await page.getByRole("button", { name: "Import 2 FAQs" }).click();
    await toast("Imported: 1 added, 1 updated, 1 skipped.").waitFor();
    expect(await server.db.prisma.faq.count({ where: { question: "Do you have a loyalty program?" } })).toBe(1);
    expect(
      (await server.db.prisma.faq.findFirstOrThrow({ where: { question: "How long does shipping take?" } })).answer,
    ).toContain("2-4 business days");
  });

  it("works tickets: follow the new-ticket mail to the conversation, resolve one, then the rest in bulk", async () => {
    const first = await escalate("Is shipping free?", "Charged for shipping on a $120 order", "jo@customer.example");
    await escalate("Do you ship internationally?", "Parcel to Norway stuck in customs", "ola@customer.example");
    await escalate("What is your return policy?", "Return label doesn't print");

    // The mail for the first ticket links straight to it.
    await mail.idle();
    const eml = readdirSync(mailDir).map((f) =>
      readFileSync(join(mailDir, f), "utf8")
        .replace(/=\r?\n/g, "")
        .replace(/=3D/g, "="),
    );
    const link = eml
      .map((m) => new RegExp(`${server.url}/console/tickets/${first.ticketId}`).exec(m)?.[0])
      .find(Boolean);
    expect(link).toBeDefined();
    await page.goto(link!);
    await page.getByRole("heading", { name: new RegExp(`Ticket ${first.reference}`) }).waitFor();
    const thread = page.getByTestId("snapshot");
    await thread.getByText("Is shipping free?").waitFor();
    expect(await thread.textContent()).toContain("$75"); // the bot's FAQ answer in the snapshot
    expect(await thread.locator(".msg.user .meta").first().textContent()).toMatch(/^Customer · /);
    expect(await page.getByText("jo@customer.example").count()).toBeGreaterThan(0);
    await screenshot(page, "console", "07-ticket-page");

    await page.getByRole("button", { name: "Assign to me" }).click();
    await toast("Assigned to Demo Admin.").waitFor();
    await page.getByRole("button", { name: "Start working" }).click();
    await toast(/is now in progress/).waitFor();
    await page.getByLabel("New note").fill("Refunded the $6.95 shipping.");
    await page.getByRole("button", { name: "Add note" }).click();
    await page.locator(".note").filter({ hasText: "Refunded the $6.95 shipping." }).waitFor();
    await page.getByRole("button", { name: "Mark resolved" }).click();
    await toast(/is now resolved/).waitFor();
    await page.getByRole("button", { name: "Reopen" }).waitFor();

    await page.getByRole("link", { name: "← All tickets" }).click();
    await expect.poll(() => page.locator("[data-testid=ticket-row]").count()).toBe(2);
    await page.getByLabel("Select all on this page").check();
    await screenshot(page, "console", "08-tickets-bulk");
    await page.getByRole("button", { name: "Mark 2 resolved" }).click();
    await toast("2 tickets marked resolved.").waitFor();
    await page.getByText("No open tickets").waitFor();
    expect(await server.db.prisma.ticket.count({ where: { status: "resolved" } })).toBe(3);
    await page.getByRole("tab", { name: /Resolved/ }).click();
    await expect.poll(() => page.locator("[data-testid=ticket-row]").count()).toBe(3);
  });

  it("refuses a cross-origin form post and a text/plain post to a mutation, even with a valid staff cookie", async () => {
    const cookie = await staffCookie();
    const url = `${server.url}/trpc/faq.create`;
    const body = callBody({ question: "Forged FAQ?", answer: "Should never be stored" });
    // Refused either by the HTTP layer (415: no parser for it) or by the staff check (403).
    const plain = await fetch(url, { method: "POST", headers: { cookie, "content-type": "text/plain" }, body });
    expect([403, 415]).toContain(plain.status);
    const form = await fetch(url, {
      method: "POST",
      headers: {
        cookie,
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      },
      body: "question=Forged+FAQ%3F&answer=x",
    });
    expect([403, 415]).toContain(form.status);
    const crossJson = await fetch(url, {
      method: "POST",
      headers: {
        cookie,
        "content-type": "application/json",
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      },
      body,
    });
    expect(crossJson.status).toBe(403);
    const sameOrigin = await fetch(`${server.url}/trpc/auth.me`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
    });
    expect(sameOrigin.status).toBe(200);
    expect(await server.db.prisma.faq.count({ where: { question: "Forged FAQ?" } })).toBe(0);
  });

  it("signs out: the server ends the session and the old cookie stops working", async () => {
    const cookie = await staffCookie();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await screenshot(page, "console", "09-signed-out");
    const res = await fetch(`${server.url}/trpc/auth.me`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
    });
    expect(res.status).toBe(401);
    expect((await context.cookies(server.url)).find((c) => c.name === "sb_staff")).toBeUndefined();
    expect(dialogs).toEqual([]);
  });
});
