// The console's widget settings on a business's real site: the launcher position set in Settings
// moves the launcher (a data-position on the tag still wins), and a site that is not among the
// allowed website origins gets no launcher and one console warning naming that setting.
// Real server, real Chromium. Screenshots: tests/artifacts/customer/.
import type { ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSpaBuilt } from "../harness/apps.ts";
import { launchBrowser, screenshot } from "../harness/browser.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { startShopSite, type ShopSite } from "./shop-site.ts";
import { generateSecret, hashSecret } from "../../packages/api/src/lib/tokens.ts";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let allowedShop: ShopSite;
let rightTaggedShop: ShopSite;
let strangerSite: ShopSite;

beforeAll(async () => {
  ensureSpaBuilt("widget");
  server = await startTestServer({ llm: "none" });
  allowedShop = await startShopSite(() => server.url);
  rightTaggedShop = await startShopSite(() => server.url, 'data-position="right"');
  strangerSite = await startShopSite(() => server.url);
  // What an admin saves in the console's Settings page (before the first request: the server
  // caches settings for a few seconds).
  await server.db.prisma.settings.update({
    where: { id: 1 },
    data: { widgetPosition: "left", allowedOrigins: [allowedShop.origin, rightTaggedShop.origin] },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.cleanup();
  for (const s of [allowedShop, rightTaggedShop, strangerSite]) await s?.close();
  await server?.close();
});

async function open(url: string): Promise<{ page: Page; warnings: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const warnings: string[] = [];
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "warning" || m.type() === "error") warnings.push(m.text());
  });
  await page.goto(url);
  return { page, warnings };
}

const launcher = (page: Page) => page.locator("[data-support-widget] button");

describe("widget settings from the console", () => {
  it("'Position: Bottom left' puts the launcher and the chat on the left", async () => {
    const { page, warnings } = await open(allowedShop.origin + "/");
    await launcher(page).waitFor();
    const box = (await launcher(page).boundingBox())!;
    expect(box.x).toBeLessThan(100);
    await launcher(page).click();
    const panel = page.locator('[data-support-widget] [role="dialog"]');
    await page.frameLocator('iframe[title="Support chat"]').locator("textarea").waitFor();
    expect((await panel.boundingBox())!.x).toBeLessThan(100);
    await screenshot(page, "customer", "position-left");
    expect(warnings).toEqual([]);
    await page.close();
  });

  it("data-position on the tag wins over the setting", async () => {
    const { page } = await open(rightTaggedShop.origin + "/");
    await launcher(page).waitFor();
    expect((await launcher(page).boundingBox())!.x).toBeGreaterThan(1280 - 100);
    await page.close();
  });

  it("a site that is not allowed gets no launcher and one warning naming the setting", async () => {
    const { page, warnings } = await open(strangerSite.origin + "/");
    await expect.poll(() => warnings.length, { timeout: 10_000 }).toBe(1);
    expect(warnings[0]).toContain(strangerSite.origin);
    expect(warnings[0]).toContain("Settings -> Allowed website origins");
    // The loader has decided (it warned); nothing was drawn, and the page API opens nothing.
    expect(await page.locator("[data-support-widget]").count()).toBe(0);
    await page.evaluate(() => window.SupportWidget?.open());
    expect(await page.locator("iframe").count()).toBe(0);
    await screenshot(page, "customer", "disallowed-site-no-launcher");
    expect(warnings).toHaveLength(1);
    await page.close();
  });

  it("a follow-up email's link opens the chat on that conversation and leaves the address bar clean", async () => {
    const session = await server.db.prisma.session.create({
      data: {
        tokenHash: hashSecret(generateSecret()),
        status: "handoff",
        origin: allowedShop.origin,
        joinedByName: "Bob",
      },
    });
    await server.db.prisma.message.create({ data: { sessionId: session.id, role: "user", content: "My tent leaks." } });
    await server.db.prisma.message.create({
      data: { sessionId: session.id, role: "agent", content: "A new one ships today.", authorName: "Bob" },
    });
    const reopenToken = generateSecret();
    await server.db.prisma.reopenLink.create({
      data: { tokenHash: hashSecret(reopenToken), sessionId: session.id, expiresAt: new Date(Date.now() + 86_400_000) },
    });

    const { page } = await open(`${allowedShop.origin}/?support_chat=${reopenToken}`);
    const chat = page.frameLocator('iframe[title="Support chat"]');
    await chat.locator(".messages").getByText("A new one ships today.").waitFor();
    expect(page.url()).toBe(`${allowedShop.origin}/`);
    // Being on screen counts as seen: no follow-up email for that reply.
    await expect
      .poll(
        async () => (await server.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } })).customerSeenSeq,
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0n);
    await screenshot(page, "customer", "reopened-from-email");
    await page.close();
  });
});

describe("business hours in the widget", () => {
  it("outside business hours the hand-off says when the team is back and asks for the email first", async () => {
    // Today (UTC) is a holiday: closed now, back at midnight UTC.
    const today = new Date().toISOString().slice(0, 10);
    const everyDay = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: "00:00", close: "23:59" }));
    await server.db.prisma.settings.update({
      where: { id: 1 },
      data: { timeZone: "UTC", weeklyHours: everyDay, holidays: [today] },
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url + "/");
      await launcher(page).click();
      const frame = page.frameLocator('iframe[title="Support chat"]');
      await frame.getByLabel("Your message").fill("Is shipping free?");
      await frame.getByLabel("Your message").press("Enter");
      await expect
        .poll(() => frame.locator("li.row-bot[data-message-id]").count(), { timeout: 20_000 })
        .toBeGreaterThan(0);
      await frame.getByLabel("Your message").fill("I want to talk to a person");
      await frame.getByLabel("Your message").press("Enter");

      const email = frame.getByLabel(/Email/);
      await email.waitFor({ timeout: 10_000 });
      await expect
        .poll(() => frame.locator(".escalate-availability").textContent(), { timeout: 10_000 })
        .toMatch(/We're away right now and back .+; we'll answer you by email\./);
      // The email comes first and is required: the form can't be sent without it.
      expect(await frame.locator(".escalate input, .escalate textarea").first().getAttribute("type")).toBe("email");
      expect(await email.getAttribute("required")).not.toBeNull();
      await expect.poll(() => email.evaluate((el) => el === document.activeElement)).toBe(true);
      const send = frame.getByRole("button", { name: "Send to our team" });
      expect(await send.isDisabled()).toBe(true);
      await screenshot(page, "customer", "outside-hours-email-first");
      await email.fill("night-owl@example.com");
      expect(await send.isDisabled()).toBe(false);
      await send.click();
      await expect
        .poll(() => frame.locator(".subtitle").textContent(), { timeout: 10_000 })
        .toMatch(/Waiting for a person/);
      expect(
        await server.db.prisma.ticket.findFirstOrThrow({ where: { customerContact: "night-owl@example.com" } }),
      ).toBeTruthy();
      await page.close();
    } finally {
      await server.db.prisma.settings.update({ where: { id: 1 }, data: { weeklyHours: [], holidays: [] } });
    }
  });
});

describe("after the answer", () => {
  it("a thumbs-down offers a person or another try; after a resolved hand-off the rating is stored and on the ticket", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + "/");
    await launcher(page).click();
    const frame = page.frameLocator('iframe[title="Support chat"]');
    await frame.getByLabel("Your message").fill("Is shipping free?");
    await frame.getByLabel("Your message").press("Enter");
    const reply = frame.locator("li.row-bot[data-message-id]").first();
    await reply.waitFor({ timeout: 20_000 });
    await reply.getByRole("button", { name: "Not helpful" }).click();
    const followUp = frame.getByRole("group", { name: "Sorry that didn't help. What would you like to do?" });
    await followUp.waitFor();
    await followUp.getByRole("button", { name: "Ask differently" }).click();
    await expect.poll(() => frame.getByLabel("Your message").inputValue()).toBe("Is shipping free?");
    await reply.getByRole("button", { name: "Not helpful" }).click();
    await reply.getByRole("button", { name: "Helpful", exact: true }).click();
    await reply.getByRole("button", { name: "Not helpful" }).click();
    await followUp.getByRole("button", { name: "Talk to a person" }).click();
    await frame.getByLabel(/Email/).fill("rater@example.com");
    await frame.getByLabel("What do you need help with?").fill("Shipping to Norway");
    await frame.getByRole("button", { name: "Send to our team" }).click();
    await expect
      .poll(() => frame.locator(".subtitle").textContent(), { timeout: 10_000 })
      .toMatch(/Waiting for a person/);

    // Staff resolve it (the ticket page's "Resolved"); the customer comes back to the chat.
    const ticket = await server.db.prisma.ticket.findFirstOrThrow({ where: { customerContact: "rater@example.com" } });
    await server.db.prisma.ticket.update({
      where: { id: ticket.id },
      data: { status: "resolved", resolvedAt: new Date() },
    });
    await server.db.prisma.session.update({ where: { id: ticket.sessionId }, data: { status: "closed" } });
    await page.reload();
    await launcher(page).click();
    const again = page.frameLocator('iframe[title="Support chat"]');
    const rating = again.getByRole("form", { name: "How did we do?" });
    await rating.waitFor({ timeout: 10_000 });
    await rating.getByRole("radio", { name: "4 stars" }).click();
    await rating.getByPlaceholder("Anything to add? (optional)").fill("Fast answer, thanks");
    await screenshot(page, "customer", "rating-after-resolved-handoff");
    await rating.getByRole("button", { name: "Send rating" }).click();
    await again.getByText("Thanks for your rating!").waitFor();

    expect(await server.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({
      rating: 4,
      ratingComment: "Fast answer, thanks",
    });
    await page.close();
  });
});

describe("phones", () => {
  for (const [width, height, name] of [
    [390, 844, "portrait"],
    [844, 390, "landscape"],
  ] as const) {
    it(`${width}x${height} (${name}): full-screen chat, 16 px text fields, 44 px touch targets`, async () => {
      const context = await browser.newContext({
        viewport: { width, height },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      });
      const page = await context.newPage();
      await page.goto(server.url + "/");
      await launcher(page).tap();
      const frame = page.frameLocator('iframe[title="Support chat"]');
      const box = frame.getByLabel("Your message");
      await box.waitFor();
      const panel = (await page.locator('[data-support-widget] [role="dialog"]').boundingBox())!;
      expect(panel).toEqual({ x: 0, y: 0, width, height });
      expect(await box.evaluate((el) => getComputedStyle(el).fontSize)).toBe("16px");
      await box.fill("Is shipping free?");
      await box.press("Enter");
      const reply = frame.locator("li.row-bot[data-message-id]").first();
      await reply.waitFor({ timeout: 20_000 });
      for (const label of ["Helpful", "Not helpful"]) {
        const size = (await reply.getByRole("button", { name: label, exact: true }).boundingBox())!;
        expect(Math.min(size.width, size.height)).toBeGreaterThanOrEqual(44);
      }
      const minimise = (await frame.getByRole("button", { name: "Minimise chat" }).boundingBox())!;
      expect(Math.min(minimise.width, minimise.height)).toBeGreaterThanOrEqual(44);
      await screenshot(page, "customer", `phone-${width}x${height}`);
      await context.close();
    });
  }
});
