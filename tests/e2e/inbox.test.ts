// The Inbox as a support team uses it, in Chromium: two agents signed in at once see the same new
// hand-off, one takes it, the other sees it taken and sees them typing; a desktop notification
// fires; a conversation the bot is handling is listed and can be taken over; and the console can
// reach every page at 390 px and 1,024 px wide. Agent tools: an admin adds a saved reply, an agent
// inserts it with "/", writes an internal note a colleague sees live and the customer's widget never
// shows, and the customer panel shows the page the chat started on. Screenshots: tests/artifacts/inbox/.
import type { BrowserContext, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaffUser } from "../../packages/api/src/domain/staff/accounts.ts";
import { launchBrowser, screenshot } from "../harness/browser.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { startFakeOpenAi, type FakeOpenAi } from "../fakes/openai-server.ts";
import { ensureSpaBuilt, startServerProcess, type ServerProcess } from "../harness/apps.ts";
import { newCustomer, send } from "../chat/chat-client.ts";

/** How long a live update may take to reach the other browser. */
const LIVE_MS = 5_000;
const PASSWORD = "mossy-quartz-window-77";

let db: TestDatabase;
let openai: FakeOpenAi;
let server: ServerProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureSpaBuilt("console");
  ensureSpaBuilt("widget");
  db = await createTestDatabase();
  openai = await startFakeOpenAi();
  server = await startServerProcess({
    DATABASE_URL: db.url,
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: openai.url,
    LOG_LEVEL: "warn",
  });
  await createStaffUser(db.prisma, { email: "bob@example.com", name: "Bob Agent", role: "agent", password: PASSWORD });
  await createStaffUser(db.prisma, { email: "cy@example.com", name: "Cy Agent", role: "agent", password: PASSWORD });
  await createStaffUser(db.prisma, { email: "ada@example.com", name: "Ada Admin", role: "admin", password: PASSWORD });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.cleanup();
  await server?.stop();
  await openai?.close();
  await db?.drop();
});

/** A signed-in console in its own browser context; desktop notifications allowed and recorded. */
async function signedIn(email: string, viewport = { width: 1360, height: 860 }): Promise<Page> {
  const context = await browser.newContext({ viewport, permissions: ["notifications"] });
  contexts.push(context);
  // The page can't see the OS notification, so the test records what the console asked to show.
  await context.addInitScript(() => {
    const Real = window.Notification;
    const shown: string[] = [];
    (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
    window.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(title);
      }
    } as typeof Notification;
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(`${email}: ${e.message}`));
  await page.goto(`${server.url}/console/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Agents start on the Inbox.
  await page.getByRole("heading", { name: "Inbox" }).waitFor();
  await expect.poll(() => page.locator(".live-state").textContent()).toContain("Live");
  return page;
}

const notifications = (page: Page) =>
  page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);

describe("two agents in the Inbox", () => {
  let bob: Page;
  let cy: Page;

  it("both see the same new hand-off (with a notification and a count in the title); Bob takes it; Cy sees it taken and sees him typing", async () => {
    bob = await signedIn("bob@example.com");
    cy = await signedIn("cy@example.com");
    await bob.getByText("Nobody is waiting").waitFor();
    await cy.getByText("Nobody is waiting").waitFor();

    const customer = await newCustomer(server.url);
    await send(customer, "Are your tents waterproof?");
    await customer.client.ticket.create.mutate({
      sessionToken: customer.token,
      issueSummary: "My tent leaks at the seams",
      customerContact: "sam@example.com",
    });

    for (const page of [bob, cy]) {
      const item = page.getByTestId("inbox-item").filter({ hasText: "sam@example.com" });
      await item.waitFor({ timeout: LIVE_MS });
      await expect.poll(() => item.getByTestId("inbox-item-assignee").textContent()).toBe("Unassigned");
      await expect.poll(() => page.title(), { timeout: LIVE_MS }).toBe("(1) Support console");
      await expect
        .poll(() => notifications(page), { timeout: LIVE_MS })
        .toContain("A customer is waiting for a person");
    }
    await screenshot(cy, "inbox", "01-new-handoff");

    await bob.getByTestId("inbox-item").filter({ hasText: "sam@example.com" }).click();
    await cy.getByTestId("inbox-item").filter({ hasText: "sam@example.com" }).click();
    await expect
      .poll(() => cy.getByTestId("conv-presence").textContent(), { timeout: LIVE_MS })
      .toContain("Bob Agent is viewing");
    await expect
      .poll(() => bob.getByTestId("conv-presence").textContent(), { timeout: LIVE_MS })
      .toContain("Cy Agent is viewing");

    await bob.getByRole("button", { name: "Take conversation" }).click();
    // Cy sees it taken: no "Take" button any more, Bob as the owner, in the list and beside the thread.
    await cy.getByRole("button", { name: "Take conversation" }).waitFor({ state: "detached", timeout: LIVE_MS });
    await expect.poll(() => cy.getByLabel("Assigned to").inputValue(), { timeout: LIVE_MS }).not.toBe("");
    expect(await cy.getByLabel("Assigned to").locator("option:checked").textContent()).toBe("Bob Agent");
    await expect
      .poll(
        () =>
          cy
            .getByTestId("inbox-item")
            .filter({ hasText: "sam@example.com" })
            .getByTestId("inbox-item-assignee")
            .textContent(),
        { timeout: LIVE_MS },
      )
      .toBe("Bob Agent");
    await cy
      .getByRole("log", { name: "Messages" })
      .getByText("Bob Agent joined the conversation.")
      .waitFor({ timeout: LIVE_MS });

    await bob.getByLabel("Reply to the customer").pressSequentially("Hi Sam, sorry to hear", { delay: 15 });
    await expect
      .poll(() => cy.getByTestId("conv-presence").textContent(), { timeout: LIVE_MS })
      .toContain("Bob Agent is typing…");
    await screenshot(cy, "inbox", "02-colleague-typing");
    await bob.getByLabel("Reply to the customer").press("Enter");
    await cy.getByRole("log", { name: "Messages" }).getByText("Hi Sam, sorry to hear").waitFor({ timeout: LIVE_MS });
    // Nobody waits unanswered any more: the title count is gone.
    await expect.poll(() => cy.title(), { timeout: LIVE_MS }).toBe("Support console");
  });

  it("a conversation the bot is handling is listed under Bot handling, and Cy takes it over", async () => {
    const customer = await newCustomer(server.url);
    await send(customer, "Do you ship internationally?");
    await cy.getByRole("tab", { name: "Bot handling" }).click();
    expect(new URL(cy.url()).searchParams.get("view")).toBe("bot");
    // Without a contact the customer is "Visitor" and the start of the conversation id.
    const visitor = `Visitor ${customer.conversationId.slice(0, 4).toUpperCase()}`;
    const item = cy.getByTestId("inbox-item").filter({ hasText: visitor });
    await item.waitFor({ timeout: LIVE_MS });
    await item.click();
    await cy.getByRole("log", { name: "Messages" }).locator(".msg.assistant").first().waitFor();
    await screenshot(cy, "inbox", "03-bot-conversation");
    await cy.getByRole("button", { name: "Take over from the bot" }).click();
    await cy
      .getByRole("log", { name: "Messages" })
      .getByText("Cy Agent joined the conversation.")
      .waitFor({ timeout: LIVE_MS });
    await expect.poll(() => cy.locator(".conv-title .badge").textContent()).toBe("Waiting for us");
    // It is Cy's now, and no longer the bot's.
    await cy.getByRole("tab", { name: "Mine" }).click();
    await cy.getByTestId("inbox-item").filter({ hasText: visitor }).waitFor({ timeout: LIVE_MS });
    // Search finds it by what the customer wrote.
    await cy.getByRole("tab", { name: "All" }).click();
    await cy.getByLabel("Search conversations").fill("internationally");
    await expect.poll(() => new URL(cy.url()).searchParams.get("q")).toBe("internationally");
    await expect.poll(() => cy.getByTestId("inbox-item").count(), { timeout: LIVE_MS }).toBe(1);
    await screenshot(cy, "inbox", "04-search");
    expect(pageErrors).toEqual([]);
  });
});

describe("agent tools", () => {
  const NOTE = "Checked the warehouse: order 4711 left on Monday.";
  const SAVED = "Our standard shipping to Canada takes 5 to 7 working days.";

  it("a saved reply added by an admin is inserted with /; a note reaches a colleague live and never the widget; the panel shows the page the chat started on", async () => {
    // Ada adds a saved reply on the Saved replies page.
    const ada = await signedIn("ada@example.com");
    await ada.getByRole("link", { name: "Saved replies" }).click();
    await ada.getByRole("heading", { name: "Saved replies", exact: true }).waitFor();
    await ada.getByRole("button", { name: "+ New saved reply" }).click();
    await ada.getByRole("textbox", { name: /^Shortcut/ }).fill("shipping-canada");
    await ada.getByRole("textbox", { name: /^Title/ }).fill("Shipping to Canada");
    await ada.getByRole("textbox", { name: /^Reply/ }).fill(SAVED);
    await ada.getByRole("button", { name: "Save", exact: true }).click();
    await ada.getByTestId("saved-reply").filter({ hasText: "/shipping-canada" }).waitFor();
    await screenshot(ada, "inbox", "07-saved-replies");

    // A customer chats from the demo shop's page with the widget.
    const shopper = await (
      await browser.newContext({ viewport: { width: 1100, height: 800 }, timezoneId: "America/Toronto" })
    ).newPage();
    shopper.on("pageerror", (e) => pageErrors.push(`customer: ${e.message}`));
    const pageUrl = `${server.url}/?campaign=spring`;
    await shopper.goto(pageUrl);
    await shopper.locator("[data-support-widget] button").click();
    const widget: FrameLocator = shopper.frameLocator('iframe[title="Support chat"]');
    await widget.getByLabel("Your message").fill("How long does shipping to Canada take?");
    await widget.getByLabel("Your message").press("Enter");
    await expect.poll(() => widget.locator("li.row-bot[data-message-id]").count(), { timeout: 20_000 }).toBe(1);

    const bob = await signedIn("bob@example.com");
    const cy = await signedIn("cy@example.com");
    for (const page of [bob, cy]) {
      // The list shows the bot's last answer; search finds the conversation by what the customer wrote.
      await page.getByRole("tab", { name: "Bot handling" }).click();
      await page.getByLabel("Search conversations").fill("How long does shipping");
      await expect.poll(() => page.getByTestId("inbox-item").count(), { timeout: LIVE_MS }).toBe(1);
      await page.getByTestId("inbox-item").click();
      await page.getByRole("log", { name: "Messages" }).locator(".msg.assistant").first().waitFor();
    }
    // Beside the thread: the page the chat started on, the browser and the customer's local time.
    const context = bob.getByTestId("customer-context");
    await expect.poll(() => context.getByTestId("customer-page").textContent()).toBe(pageUrl);
    expect(await context.textContent()).toMatch(/Chrome \d+ on Linux/);
    expect(await context.textContent()).toContain("(America/Toronto)");

    // Bob writes an internal note: Cy sees it at once, marked as internal.
    await bob.getByRole("radio", { name: "Internal note" }).check();
    await bob.getByLabel("Internal note for colleagues").fill(NOTE);
    await bob.getByLabel("Internal note for colleagues").press("Enter");
    const cyNote = cy.getByTestId("msg-note").filter({ hasText: NOTE });
    await cyNote.waitFor({ timeout: LIVE_MS });
    expect(await cyNote.textContent()).toContain("Internal note · Bob Agent");

    // Bob replies with the saved reply: "/" opens the picker, typing narrows it, Enter inserts.
    await bob.getByRole("radio", { name: "Reply" }).check();
    const box = bob.getByLabel("Reply to the customer");
    await box.fill("");
    await box.pressSequentially("Hi! /ship", { delay: 20 });
    const picker = bob.getByRole("listbox", { name: "Saved replies" });
    await picker.getByRole("option", { name: /shipping-canada/ }).waitFor();
    await screenshot(bob, "inbox", "08-saved-reply-picker");
    await box.press("Enter");
    await expect.poll(() => box.inputValue()).toBe(`Hi! ${SAVED}`);
    await picker.waitFor({ state: "detached" });
    await box.press("Enter");
    await bob
      .getByRole("log", { name: "Messages" })
      .locator(".msg.agent")
      .filter({ hasText: SAVED })
      .waitFor({ timeout: LIVE_MS });
    await screenshot(bob, "inbox", "09-note-and-context");

    // The customer gets the reply and never the note, live or after a reload.
    await widget.locator(".bubble-agent").getByText(`Hi! ${SAVED}`).waitFor({ timeout: LIVE_MS });
    expect(await widget.locator("body").textContent()).not.toContain("warehouse");
    await shopper.reload();
    await shopper.locator("[data-support-widget] button").click();
    await shopper
      .frameLocator('iframe[title="Support chat"]')
      .locator(".bubble-agent")
      .getByText(`Hi! ${SAVED}`)
      .waitFor({ timeout: LIVE_MS });
    expect(await shopper.frameLocator('iframe[title="Support chat"]').locator("body").textContent()).not.toContain(
      "warehouse",
    );
    await screenshot(shopper, "inbox", "10-widget-without-note");
    expect(pageErrors).toEqual([]);
    // Three consoles and a customer's browser: the default minute is too short on a busy machine.
  }, 240_000);
});

describe("any screen", () => {
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1024, height: 768 },
  ]) {
    it(`at ${viewport.width} px the menu reaches every page without sideways scrolling, and a conversation's ticket is reachable`, async () => {
      const page = await signedIn("ada@example.com", viewport);
      const pages = ["Inbox", "Tickets", "FAQs", "Try the bot", "Settings", "Staff", "API tokens", "Staff guide"];
      for (const name of pages) {
        const menu = page.getByRole("button", { name: "Open menu" });
        await menu.click();
        const link = page
          .getByRole("navigation", { name: "Main" })
          .getByRole("link", { name: new RegExp(`^${name}(\\s*\\d+)?$`) });
        await link.click();
        await page.getByRole("navigation", { name: "Main" }).waitFor({ state: "hidden" });
        await page.locator("main h1, main h2").first().waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        // On failure, name the elements that stick out.
        const wide =
          overflow > 0
            ? await page.evaluate(() =>
                Array.from(document.querySelectorAll("body *"))
                  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".table-wrap"))
                  .slice(0, 5)
                  .map((e) => `${e.tagName}.${e.className}`),
              )
            : [];
        expect(overflow, `${name} at ${viewport.width} px: ${wide.join(", ")}`).toBeLessThanOrEqual(0);
        if (name === "Inbox" || name === "Settings")
          await screenshot(page, "inbox", `05-${viewport.width}-${name.toLowerCase()}`);
      }
      // A conversation and its ticket.
      const contact = `w${viewport.width}@example.com`;
      const customer = await newCustomer(server.url);
      await send(customer, "Are your tents waterproof?");
      await customer.client.ticket.create.mutate({
        sessionToken: customer.token,
        issueSummary: "Leaking tent",
        customerContact: contact,
      });
      await page.getByRole("button", { name: "Open menu" }).click();
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: /^Inbox/ })
        .click();
      await page.getByRole("tab", { name: "All" }).click();
      const item = page.getByTestId("inbox-item").filter({ hasText: contact });
      await item.click();
      await page.getByRole("log", { name: "Messages" }).waitFor();
      await page.getByRole("link", { name: "Details" }).click();
      const ticketLink = page
        .getByRole("complementary", { name: "Ticket and customer" })
        .getByRole("link", { name: /^#\d+$/ });
      await expect.poll(() => ticketLink.isVisible()).toBe(true);
      await ticketLink.scrollIntoViewIfNeeded();
      await screenshot(page, "inbox", `06-${viewport.width}-conversation-ticket`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});
