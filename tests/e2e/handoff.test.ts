// Live hand-off end to end, as deployed: two server PROCESSES on one real PostgreSQL, the customer's
// widget on instance A and the agent's console on instance B, in two browser contexts. Events
// cross instances only through PostgreSQL LISTEN/NOTIFY. Screenshots: tests/artifacts/handoff/.
import type { BrowserContext, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupportClient } from "@support/client";
import { createStaffUser } from "../../packages/api/src/domain/staff/accounts.ts";
import { launchBrowser, screenshot } from "../harness/browser.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { startFakeOpenAi, type FakeOpenAi } from "../fakes/openai-server.ts";
import { ensureSpaBuilt, startServerProcess, type ServerProcess } from "../harness/apps.ts";

/** How long a live update may take to cross from one instance to the other's browser. */
const LIVE_MS = 5_000;
const PASSWORD = "mossy-quartz-window-77";

let db: TestDatabase;
let openai: FakeOpenAi;
let a: ServerProcess;
let b: ServerProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let customerContext: BrowserContext;
let agentContext: BrowserContext;
let customer: Page;
let agent: Page;
let business: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureSpaBuilt("widget");
  ensureSpaBuilt("console");
  db = await createTestDatabase();
  openai = await startFakeOpenAi();
  const env = { DATABASE_URL: db.url, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: openai.url, LOG_LEVEL: "warn" };
  // One after the other: two processes starting at once both take the migration lock (see report).
  a = await startServerProcess(env);
  b = await startServerProcess(env);
  await createStaffUser(db.prisma, { email: "bob@example.com", name: "Bob Agent", role: "agent", password: PASSWORD });
  business = (await db.prisma.settings.findUniqueOrThrow({ where: { id: 1 } })).businessName;
  browser = await launchBrowser();
  customerContext = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  agentContext = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  customer = await customerContext.newPage();
  agent = await agentContext.newPage();
  for (const [who, page] of [
    ["customer", customer],
    ["agent", agent],
  ] as const) {
    page.on("pageerror", (e) => pageErrors.push(`${who}: ${e.message}`));
    page.on("dialog", (d) => {
      pageErrors.push(`${who} dialog: ${d.message()}`);
      void d.dismiss();
    });
  }
}, 180_000);

afterAll(async () => {
  await browser?.cleanup();
  await Promise.all([a?.stop(), b?.stop()]);
  await openai?.close();
  await db?.drop();
});

const widget = (): FrameLocator => customer.frameLocator('iframe[title="Support chat"]');
const botReplies = () => widget().locator("li.row-bot[data-message-id]");
const thread = () => agent.getByRole("log", { name: "Messages" });
const bubble = (text: string) => thread().locator(".bubble").getByText(text, { exact: true });

async function say(text: string) {
  await widget().getByLabel("Your message").fill(text);
  await widget().getByLabel("Your message").press("Enter");
}

describe("live hand-off across two server processes", () => {
  it("customer on A, agent on B: escalate, reply both ways live with typing, hand back to the bot, resolve", async () => {
    // The customer talks to the bot on instance A.
    await customer.goto(`${a.url}/`);
    await customer.locator("[data-support-widget] button").click();
    await say("Do you ship internationally?");
    await expect.poll(() => botReplies().count(), { timeout: 20_000 }).toBe(1);

    // The agent signs in to the console on instance B and opens the (empty) Inbox.
    await agent.goto(`${b.url}/console/`);
    await agent.getByLabel("Email").fill("bob@example.com");
    await agent.getByLabel("Password").fill(PASSWORD);
    await agent.getByRole("button", { name: "Sign in" }).click();
    await agent.getByRole("link", { name: /^Inbox/ }).click();
    await agent.getByRole("heading", { name: "Inbox" }).waitFor();
    await agent.getByText("Nobody is waiting").waitFor();
    await expect.poll(() => agent.locator(".live-state").textContent()).toContain("Live");
    await screenshot(agent, "handoff", "01-inbox-empty");

    // Escalation on A appears in B's inbox without a reload, with the unread badge in the nav.
    await widget().getByRole("button", { name: "Talk to a person" }).click();
    await widget().getByLabel(/Email/).fill("sam@example.com");
    await widget().getByRole("button", { name: "Send to our team" }).click();
    await expect
      .poll(() => widget().locator(".notice").last().textContent(), { timeout: 10_000 })
      .toMatch(
        /^We've passed this to our team \(ticket #\d+\)\. You'll get the reply here, and by email at sam@example\.com\.$/,
      );
    // Nobody has joined yet, and the widget says so.
    await expect.poll(() => widget().locator(".subtitle").textContent()).toMatch(/Waiting for a person$/);
    expect(
      await widget()
        .getByText(/joined/)
        .count(),
    ).toBe(0);
    await screenshot(customer, "handoff", "02-widget-waiting");
    const item = agent.getByTestId("inbox-item").filter({ hasText: "sam@example.com" });
    await item.waitFor({ timeout: LIVE_MS });
    await expect.poll(() => item.textContent()).toMatch(/waiting <1 min/);
    await expect.poll(() => agent.getByTestId("inbox-badge").textContent(), { timeout: LIVE_MS }).toBe("1");
    await screenshot(agent, "handoff", "03-inbox-waiting");

    // The agent opens it: the whole conversation and the ticket beside it; reading clears the badge.
    await item.click();
    await bubble("Do you ship internationally?").waitFor();
    await agent.getByRole("complementary", { name: "Ticket" }).getByRole("link", { name: /#\d+/ }).waitFor();
    await expect.poll(() => agent.getByTestId("inbox-badge").count(), { timeout: LIVE_MS }).toBe(0);

    // Typing on B shows in the widget on A, then the reply arrives there without a reload.
    const reply = agent.getByLabel("Reply to the customer");
    await reply.pressSequentially("Hi Sam, I'm Bob. Which country", { delay: 15 });
    const agentTyping = widget().locator(".agent-typing");
    await expect.poll(() => agentTyping.textContent(), { timeout: LIVE_MS }).toContain("Bob is typing…");
    // Opening the conversation and typing is not joining it.
    expect(await widget().locator(".subtitle").textContent()).toMatch(/Waiting for a person$/);
    await screenshot(customer, "handoff", "04-widget-agent-typing");
    // Bob takes the conversation before sending: the customer sees him join, once.
    await agent.getByRole("button", { name: "Take conversation" }).click();
    await expect.poll(() => widget().locator(".subtitle").textContent(), { timeout: LIVE_MS }).toMatch(/Bob joined$/);
    await expect
      .poll(() => widget().locator(".notice").last().textContent(), { timeout: LIVE_MS })
      .toBe("Bob Agent joined the conversation.");
    await agent.getByRole("button", { name: "Take conversation" }).waitFor({ state: "detached", timeout: LIVE_MS });
    await reply.press("Shift+Enter");
    await reply.pressSequentially("is it going to?", { delay: 5 });
    await reply.press("Enter");
    await expect
      .poll(() => widget().locator(".bubble-agent").last().textContent(), { timeout: LIVE_MS })
      .toContain("Which country");
    expect(await widget().locator(".bubble-agent").last().textContent()).toContain("is it going to?");
    await expect.poll(() => widget().locator("li.row-bot .author").last().textContent()).toBe(`Bob from ${business}`);
    await expect.poll(() => agentTyping.count(), { timeout: LIVE_MS }).toBe(0);
    expect(await reply.inputValue()).toBe("");
    // Said once, before his first words, and in the header.
    await expect.poll(() => widget().locator(".subtitle").textContent(), { timeout: LIVE_MS }).toMatch(/Bob joined$/);
    const notices = () => widget().locator(".notice").allTextContents();
    expect((await notices()).filter((n) => n === "Bob Agent joined the conversation.")).toHaveLength(1);
    await screenshot(customer, "handoff", "05-widget-agent-reply");

    // A reload shows the same notices and the same state.
    const before = await notices();
    await customer.reload();
    await customer.locator("[data-support-widget] button").click();
    await expect.poll(() => widget().locator(".bubble-agent").count(), { timeout: LIVE_MS }).toBe(1);
    expect(await notices()).toEqual(before);
    await expect.poll(() => widget().locator(".subtitle").textContent()).toMatch(/Bob joined$/);

    // The customer types (B sees it), answers, and B sees the answer live.
    await widget().getByLabel("Your message").pressSequentially("To Norway", { delay: 15 });
    await expect
      .poll(() => agent.locator(".customer-typing").textContent(), { timeout: LIVE_MS })
      .toContain("Customer is typing…");
    await screenshot(agent, "handoff", "06-inbox-customer-typing");
    await widget().getByLabel("Your message").press("Enter");
    await bubble("To Norway").waitFor({ timeout: LIVE_MS });
    await expect.poll(() => agent.locator(".customer-typing").textContent(), { timeout: LIVE_MS }).toBe("");
    await screenshot(agent, "handoff", "07-inbox-conversation");

    // Hand back: the widget says so, Escalate is offered again, and the bot answers again.
    await agent.getByRole("button", { name: "Hand back to bot" }).click();
    await expect
      .poll(() => widget().locator(".notice").last().textContent(), { timeout: LIVE_MS })
      .toContain("handed this conversation back");
    await widget().getByRole("button", { name: "Talk to a person" }).waitFor({ timeout: LIVE_MS });
    expect(await widget().locator(".subtitle").textContent()).toBe("Our assistant answers right away");
    await say("What is your return policy?");
    await expect.poll(() => botReplies().count(), { timeout: 20_000 }).toBe(2);
    await screenshot(customer, "handoff", "08-widget-handed-back");
    // B sees the bot's turn too (the conversation stays open there).
    await bubble("What is your return policy?").waitFor({ timeout: LIVE_MS });
    await agent.getByText("With the bot").waitFor();

    // The agent takes over again by replying, then resolves (with confirmation).
    await reply.fill("Bob again: I've checked your order, it ships tomorrow.");
    await reply.press("Enter");
    await expect
      .poll(() => widget().locator(".bubble-agent").last().textContent(), { timeout: LIVE_MS })
      .toContain("ships tomorrow");
    await expect.poll(() => widget().locator(".subtitle").textContent(), { timeout: LIVE_MS }).toBe("Bob joined");
    await agent.getByRole("button", { name: "Resolve", exact: true }).click();
    const dialog = agent.getByRole("dialog", { name: "Resolve this conversation?" });
    await dialog.waitFor();
    await screenshot(agent, "handoff", "09-inbox-resolve-confirm");
    await dialog.getByRole("button", { name: "Resolve" }).click();
    await expect
      .poll(() => widget().locator(".notice").last().textContent(), { timeout: LIVE_MS })
      .toContain("Bob Agent marked this conversation as resolved");
    await expect.poll(() => widget().locator(".subtitle").textContent()).toBe("Resolved · write again any time");
    expect(await widget().getByLabel("Your message").isEnabled()).toBe(true);
    await screenshot(customer, "handoff", "10-widget-resolved");
    await agent.getByRole("tab", { name: /Closed/ }).click();
    await agent
      .getByTestId("inbox-item")
      .filter({ hasText: "sam@example.com" })
      .getByText("Resolved")
      .waitFor({ timeout: LIVE_MS });
    await screenshot(agent, "handoff", "11-inbox-closed");

    const ticket = await db.prisma.ticket.findFirstOrThrow({ where: { customerContact: "sam@example.com" } });
    expect(ticket.status).toBe("resolved");
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it("an admin creates an API token (secret shown once, works for its scope), then revokes it", async () => {
    await createStaffUser(db.prisma, {
      email: "ada@example.com",
      name: "Ada Admin",
      role: "admin",
      password: PASSWORD,
    });
    const context = await browser.newContext({
      viewport: { width: 1360, height: 860 },
      permissions: ["clipboard-read", "clipboard-write"],
    });
    try {
      const admin = await context.newPage();
      admin.on("pageerror", (e) => pageErrors.push(`admin: ${e.message}`));
      await admin.goto(`${b.url}/console/`);
      await admin.getByLabel("Email").fill("ada@example.com");
      await admin.getByLabel("Password").fill(PASSWORD);
      await admin.getByRole("button", { name: "Sign in" }).click();
      await admin.getByRole("link", { name: "API tokens" }).click();
      await admin.getByText("No API tokens yet").waitFor();

      await admin.getByRole("button", { name: "+ New token" }).click();
      const form = admin.getByRole("dialog", { name: "New API token" });
      await form.getByLabel("Name").fill("Help centre sync");
      await form.getByRole("button", { name: "Create token" }).click();
      await form.getByText("Choose at least one scope").waitFor();
      await form.getByRole("checkbox", { name: /faq:read/ }).check();
      await screenshot(admin, "handoff", "12-api-token-form");
      await form.getByRole("button", { name: "Create token" }).click();

      const created = admin.getByRole("dialog", { name: "Token created" });
      await created.getByText("It is shown only once").waitFor();
      const secret = await created.getByRole("textbox").inputValue();
      expect(secret).toMatch(/^sbt_/);
      await created.getByRole("button", { name: "Copy" }).click();
      await created.getByText(/Copied to the clipboard|Couldn't copy/).waitFor();
      await screenshot(admin, "handoff", "13-api-token-secret");
      await created.getByRole("button", { name: "I've stored it safely" }).click();

      const row = admin.getByTestId("token-row").filter({ hasText: "Help centre sync" });
      await row.getByText("Active").waitFor();
      expect(await row.textContent()).toContain("faq:read");
      expect(await row.textContent()).not.toContain(secret);
      const script = createSupportClient({ url: a.url, token: secret });
      expect((await script.faq.list.query({})).items.length).toBeGreaterThan(0);

      await row.getByRole("button", { name: "Revoke Help centre sync" }).click();
      await admin
        .getByRole("dialog", { name: /Revoke/ })
        .getByRole("button", { name: "Revoke token" })
        .click();
      await row.getByText("Revoked").waitFor();
      await screenshot(admin, "handoff", "14-api-token-revoked");
      await expect(script.faq.list.query({})).rejects.toThrow();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
