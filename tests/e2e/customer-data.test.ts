// The console's Customer data page and retention setting in Chromium against the real server and
// PostgreSQL: an admin finds a customer by email among others, downloads their data (the JSON file
// holds their messages), erases it after confirming (the database keeps only the anonymous shells,
// others untouched), sees the erased conversation in the Inbox marked as erased, and sets retention
// in Settings. Screenshots: tests/artifacts/data/.
import { readFile } from "node:fs/promises";
import { type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoAdmin } from "@support/api";
import { launchBrowser, screenshot } from "../harness/browser.ts";
import { ensureSpaBuilt } from "../harness/apps.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { seedConversation, type SeededConversation } from "../data-protection/seed.ts";

const EMAIL = "jo.doe@customer.example";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let admin: { email: string; password: string };
let jo: SeededConversation[];
const others: SeededConversation[] = [];

beforeAll(async () => {
  ensureSpaBuilt("console");
  server = await startTestServer({ llm: "none" });
  admin = (await ensureDemoAdmin(server.db.prisma))!;
  const now = new Date();
  jo = [
    await seedConversation(server.db, { now, ageDays: 12, ticketStatus: "resolved", email: EMAIL }),
    await seedConversation(server.db, { now, ageDays: 1, status: "handoff", ticketStatus: "open", email: EMAIL }),
  ];
  for (let i = 0; i < 4; i++)
    others.push(await seedConversation(server.db, { now, ageDays: 2 + i, ticketStatus: i % 2 ? "resolved" : null }));
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.cleanup();
  await server?.close();
});

describe("console: customer data requests", () => {
  it("finds a customer, downloads their data and erases it", async () => {
    await page.goto(`${server.url}/console/`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Inbox" }).waitFor();

    await page.getByRole("link", { name: "Customer data" }).click();
    await page.getByRole("heading", { name: "Customer data" }).waitFor();
    await page.getByLabel("Email or conversation id").fill("Jo.Doe@Customer.example");
    await page.getByRole("button", { name: "Find" }).click();
    await page.getByText("2 conversations").waitFor();
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(2);
    await screenshot(page, "data", "04-customer-found");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download data (JSON)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^customer-data-\d{4}-\d{2}-\d{2}\.json$/);
    const document = JSON.parse(await readFile((await download.path())!, "utf8")) as {
      conversations: Array<{ id: string; messages: Array<{ content: string }> }>;
    };
    expect(document.conversations.map((c) => c.id).sort()).toEqual(jo.map((c) => c.id).sort());
    expect(document.conversations.flatMap((c) => c.messages.map((m) => m.content))).toContain(jo[0]!.secretText);

    await page.getByRole("button", { name: "Erase data…" }).click();
    const dialog = page.getByRole("dialog", { name: "Erase 2 conversations?" });
    await dialog.waitFor();
    await screenshot(page, "data", "05-customer-erase-confirm");
    await dialog.getByRole("button", { name: "Erase for good" }).click();
    await page.getByRole("status").filter({ hasText: "Erased 2 conversations: 7 message texts, 2 tickets" }).waitFor();

    // What the page said is what the database holds: Jo's conversations are empty shells, nobody else's changed.
    const messages = await server.db.prisma.message.findMany({ where: { sessionId: { in: jo.map((c) => c.id) } } });
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.content === "")).toBe(true);
    expect(await server.db.prisma.ticket.count({ where: { customerContact: EMAIL } })).toBe(0);
    for (const o of others)
      expect(await server.db.prisma.message.count({ where: { sessionId: o.id, content: o.secretText } })).toBe(1);

    // Searching by email finds nothing now; by conversation id the shell shows as erased.
    await page.getByLabel("Email or conversation id").fill(jo[0]!.id);
    await page.getByRole("button", { name: "Find" }).click();
    await page.locator("tbody tr").filter({ hasText: "Erased" }).waitFor();
    await screenshot(page, "data", "06-customer-erased");
  });

  it("shows an erased conversation in the Inbox as erased, not as empty bubbles", async () => {
    // Another customer's conversation still reads as it was written.
    await page.goto(`${server.url}/console/inbox/${others[0]!.id}?view=all`);
    await page.getByText(others[0]!.secretText).waitFor();
    expect(await page.getByText("Message erased").count()).toBe(0);

    await page.goto(`${server.url}/console/inbox/${jo[1]!.id}?view=all`);
    const banner = page.getByRole("note").filter({ hasText: "This conversation's data was erased on" });
    await banner.waitFor();
    // The customer's, the bot's and the agent's message, and the "resolved" notice erasure posted.
    const placeholders = page.getByRole("log", { name: "Messages" }).getByText("Message erased", { exact: true });
    expect(await placeholders.count()).toBe(await server.db.prisma.message.count({ where: { sessionId: jo[1]!.id } }));
    expect(await placeholders.first().isVisible()).toBe(true);
    expect(await page.getByText(jo[1]!.secretText).count()).toBe(0);
    // Its summary, contact, page, browser and local time read "Erased" (not "Not given: reply here"
    // or "Not known"), and there is no reply box: the customer's chat link stopped working, so a
    // reply could not reach them.
    const details = page.getByRole("complementary", { name: "Ticket and customer" });
    expect(await details.getByText("Erased", { exact: true }).count()).toBe(5);
    expect(await details.getByText("Not given: reply here").count()).toBe(0);
    expect(await page.getByLabel("Reply to the customer").count()).toBe(0);
    await page.getByText("The customer can no longer be reached in this conversation.").waitFor();
    // In the list, its preview says so too.
    await page.getByTestId("inbox-item").filter({ hasText: "Data erased" }).first().waitFor();
    await screenshot(page, "data", "08-inbox-erased-conversation");
  });

  it("sets the retention period in Settings", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    const section = page.getByRole("form", { name: "Data retention" });
    await section.waitFor();
    await section.getByLabel("Keep conversations forever").uncheck();
    await section.getByLabel("Remove transcripts after (days)").fill("30");
    await section.getByRole("button", { name: "Save retention" }).click();
    await page.getByText("Saved: closed conversations lose their transcript after 30 days without activity.").waitFor();
    expect((await server.db.prisma.settings.findUniqueOrThrow({ where: { id: 1 } })).retentionDays).toBe(30);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, "data", "07-retention-setting");
  });
});
