// The widget's welcome screen and a customer waiting for a person, in Chromium against the real
// server: suggested questions (the most-asked FAQs by default, or the admin's) ask with one tap and
// go once the conversation has started; an admin's change of business hours reaches a waiting
// customer's open widget live, without a reload. Screenshots: tests/artifacts/widget/.
import { randomBytes } from "node:crypto";
import type { BrowserContext, FrameLocator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSupportClient } from "@support/client";
import { ensureSpaBuilt } from "../harness/apps.ts";
import { launchBrowser, screenshot } from "../harness/browser.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { makeStaff, PASSWORDS, signIn } from "../console/helpers.ts";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let adminCookie: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ensureSpaBuilt("widget");
  server = await startTestServer({ llm: "fake" });
  await makeStaff(server.db);
  adminCookie = await signIn(server.db, "ada@example.com", PASSWORDS.admin);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.cleanup();
  await server?.close();
});

afterEach(async () => {
  while (contexts.length) await contexts.pop()!.close();
});

/** The admin, as the console calls the API: over HTTP with their session cookie. */
const adminApi = () => createSupportClient({ url: server.url, headers: { cookie: `sb_staff=${adminCookie}` } });

async function openChat(): Promise<{ page: Page; chat: FrameLocator }> {
  // The "back at" time is shown in the customer's own time zone and locale: fixed here.
  const context = await browser.newContext({
    viewport: { width: 1100, height: 800 },
    timezoneId: "UTC",
    locale: "en-GB",
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(server.url + "/");
  await page.locator("[data-support-widget] button").click();
  const chat = page.frameLocator('iframe[title="Support chat"]');
  await expect
    .poll(() => chat.locator("textarea").evaluate((el) => el === document.activeElement), { timeout: 15_000 })
    .toBe(true);
  return { page, chat };
}

const suggestions = (chat: FrameLocator) => chat.getByRole("list", { name: "Suggested questions" }).getByRole("button");

describe("quick start", () => {
  it("offers the most-asked FAQs by default, the admin's questions once set; a tap asks, the bot answers, and the suggestions go", async () => {
    // No conversations yet: the first active FAQs.
    const first = await openChat();
    await expect
      .poll(() => suggestions(first.chat).allTextContents())
      .toEqual([
        "Are your tents waterproof?",
        "How do I choose the right sleeping bag temperature rating?",
        "Do your products come with a warranty?",
        "Do you sell gift cards?",
      ]);

    await adminApi().settings.updateSuggestedQuestions.mutate({
      questions: ["What is your return policy?", "Is shipping free?"],
    });
    const { page, chat } = await openChat();
    await expect
      .poll(() => suggestions(chat).allTextContents())
      .toEqual(["What is your return policy?", "Is shipping free?"]);
    await screenshot(page, "widget", "quick-start-01-suggestions");

    await suggestions(chat).filter({ hasText: "What is your return policy?" }).click();
    await expect.poll(() => chat.locator("li.row-user").textContent()).toBe("What is your return policy?");
    const reply = chat.locator("li.row-bot[data-message-id]").first();
    await expect.poll(() => reply.textContent(), { timeout: 20_000 }).toContain("30 days");
    expect(await reply.locator(".sources").textContent()).toBe("From our FAQ: What is your return policy?");
    // A real turn: stored like a typed message.
    expect(
      await server.db.prisma.message.count({ where: { role: "user", content: "What is your return policy?" } }),
    ).toBe(1);
    expect(await suggestions(chat).count()).toBe(0);
    await screenshot(page, "widget", "quick-start-02-answered");

    // The conversation has started: after a reload the thread is back, the suggestions are not.
    await page.reload();
    await page.locator("[data-support-widget] button").click();
    await expect.poll(() => chat.locator("li.row-user").textContent()).toBe("What is your return policy?");
    expect(await suggestions(chat).count()).toBe(0);
  });
});

describe("business hours while a customer waits", () => {
  it("a waiting customer's widget switches from 'away, by email' to the typical reply time when the admin opens the hours", async () => {
    // Hand-offs of the last 7 days answered after 3 minutes: the typical reply time.
    const handoffAt = new Date(Date.now() - 60 * 60_000);
    const answered = await server.db.prisma.session.create({
      data: { tokenHash: randomBytes(16).toString("hex"), status: "handoff", handoffAt },
    });
    await server.db.prisma.message.create({
      data: {
        sessionId: answered.id,
        role: "agent",
        content: "Hi",
        createdAt: new Date(handoffAt.getTime() + 3 * 60_000),
      },
    });
    // Open one hour, three days from now: closed now.
    const day = (new Date().getUTCDay() + 3) % 7;
    await adminApi().settings.updateHours.mutate({
      timeZone: "UTC",
      weekly: [{ day, open: "09:00", close: "10:00" }],
      holidays: [],
    });

    const { page, chat } = await openChat();
    await chat.getByLabel("Your message").fill("I want to talk to a person");
    await chat.getByLabel("Your message").press("Enter");
    await chat.getByLabel(/Email/).fill("jo@example.com");
    await chat.getByRole("button", { name: "Send to our team" }).click();
    const note = chat.locator(".availability-note");
    await expect
      .poll(() => note.textContent(), { timeout: 15_000 })
      .toMatch(/^We're away right now and back \w+ at 09:00; we'll answer you by email\.$/);
    await expect.poll(() => chat.locator(".subtitle").textContent()).toMatch(/Waiting for a person/);
    await screenshot(page, "widget", "hours-01-waiting-while-closed");

    // Marks this document: still there afterwards means no reload happened.
    await chat
      .locator("body")
      .evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await adminApi().settings.updateHours.mutate({ timeZone: "UTC", weekly: [], holidays: [] });
    await expect.poll(() => note.textContent(), { timeout: 10_000 }).toBe("We typically reply within 3 min.");
    expect(
      await chat.locator("body").evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    await screenshot(page, "widget", "hours-02-waiting-while-open");
  });
});
