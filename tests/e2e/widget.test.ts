// The customer widget end to end: the demo storefront page, the real loader and iframe app, the
// real server on a real PostgreSQL, and the fake OpenAI server. Screenshots: tests/artifacts/widget/.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type BrowserContext, type Frame, type FrameLocator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "../harness/browser.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { ensureSpaBuilt } from "../harness/apps.ts";

/**
 * A second customer site on another origin, embedding the widget with data- options. It is a real
 * loopback server: Chromium's Private Network Access would block a page it cannot place from
 * loading a loopback script.
 */
async function startShopSite(widgetHost: () => string): Promise<{ origin: string; close(): Promise<void> }> {
  const site = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width"><title>Another shop</title></head>
      <body><h1>Another shop</h1><button id="help">Help</button>
      <script src="${widgetHost()}/widget.js" data-position="left" data-color="#0f766e" data-open="true" async></script></body></html>`);
  });
  await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
  const { port } = site.address() as AddressInfo;
  return { origin: `http://localhost:${port}`, close: () => new Promise((r) => site.close(() => r())) };
}

let server: TestServer;
let shop: Awaited<ReturnType<typeof startShopSite>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

const contexts: BrowserContext[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  ensureSpaBuilt("widget");
  server = await startTestServer({ llm: "fake" });
  shop = await startShopSite(() => server.url);
  // The second customer site may frame the widget (the server turns this into frame-ancestors).
  await server.db.prisma.settings.update({ where: { id: 1 }, data: { allowedOrigins: [shop.origin] } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.cleanup();
  await shop?.close();
  await server?.close();
});

afterEach(async () => {
  server.openai?.setBehavior({});
  expect(dialogs).toEqual([]);
  while (contexts.length) await contexts.pop()!.close();
});

async function newPage(opts: { width?: number; height?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 } });
  contexts.push(context);
  const page = await context.newPage();
  // Any script the page or the widget did not mean to run would set this or open a dialog.
  await context.addInitScript(() => {
    (window as unknown as { __xss: number }).__xss = 0;
  });
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return page;
}

const chat = (page: Page): FrameLocator => page.frameLocator('iframe[title="Support chat"]');
const launcher = (page: Page) => page.locator("[data-support-widget] button");
const widgetFrame = (page: Page): Frame => page.frames().find((f) => new URL(f.url()).pathname.startsWith("/widget/"))!;

async function openFromDemo(page: Page): Promise<FrameLocator> {
  await page.goto(server.url + "/");
  await launcher(page).click();
  const frame = chat(page);
  await expect
    .poll(() => frame.locator("textarea").evaluate((el) => el === document.activeElement), { timeout: 10_000 })
    .toBe(true);
  return frame;
}

async function ask(frame: FrameLocator, text: string): Promise<void> {
  await frame.getByLabel("Your message").fill(text);
  await frame.getByLabel("Your message").press("Enter");
}

const botReplies = (frame: FrameLocator) => frame.locator("li.row-bot[data-message-id]");

async function xssFlags(page: Page): Promise<number[]> {
  const flags = [];
  for (const f of page.frames())
    flags.push(await f.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0));
  return flags;
}

describe("customer widget", () => {
  it("loads the chat hidden and asks the server nothing before opening, streams a grounded answer with its source, and restores the thread after a reload", async () => {
    const page = await newPage();
    const requested: string[] = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(server.url + "/");
    await expect.poll(() => launcher(page).isVisible()).toBe(true);
    expect(await launcher(page).getAttribute("aria-label")).toBe("Open support chat");
    // Once the page is idle the loader loads the chat frame, hidden, so a click opens it at once;
    // the app in it reads nothing from the server (no config, no conversation) until it is opened.
    await chat(page).locator("textarea").waitFor({ state: "attached", timeout: 15_000 });
    expect(await page.locator('iframe[title="Support chat"]').isVisible()).toBe(false);
    expect(requested.filter((p) => p.startsWith("/trpc"))).toEqual([]);
    expect(
      requested
        .filter((p) => p.startsWith("/widget/"))
        .every((p) => p === "/widget/" || p.startsWith("/widget/assets/index-")),
    ).toBe(true);
    await screenshot(page, "widget", "01-demo-page-closed");

    await launcher(page).click();
    const frame = chat(page);
    await expect
      .poll(() => frame.locator("textarea").evaluate((el) => el === document.activeElement), { timeout: 10_000 })
      .toBe(true);
    await expect.poll(() => frame.locator(".title").textContent()).toBe("Acme Outfitters");
    await expect.poll(() => frame.getByText("Hi! Ask me anything").isVisible()).toBe(true);
    expect(await frame.getByRole("button", { name: "Talk to a person" }).count()).toBe(0);
    await screenshot(page, "widget", "02-open-welcome");

    server.openai!.setBehavior({ delayMsPerChunk: 50 });
    await ask(frame, "What is your return policy?");
    await expect.poll(() => frame.locator(".typing, [aria-busy=true]").count()).toBeGreaterThan(0);
    await screenshot(page, "widget", "03-typing");
    await expect.poll(() => frame.locator("[aria-busy=true]").count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, "widget", "04-streaming");

    const reply = botReplies(frame).first();
    await expect.poll(() => reply.textContent(), { timeout: 20_000 }).toContain("30 days");
    expect(await reply.locator(".sources").textContent()).toBe("From our FAQ: What is your return policy?");
    expect(await reply.locator(".faq-only").count()).toBe(0);
    await expect.poll(() => frame.locator("[aria-live=polite]").first().textContent()).toContain("30 days");
    await expect.poll(() => frame.getByRole("button", { name: "Talk to a person" }).isVisible()).toBe(true);

    await reply.getByRole("button", { name: "Helpful", exact: true }).click();
    await expect
      .poll(() => reply.getByRole("button", { name: "Helpful", exact: true }).getAttribute("aria-pressed"))
      .toBe("true");
    await expect
      .poll(
        async () =>
          (await server.db.prisma.message.findFirst({ where: { role: "assistant" }, orderBy: { createdAt: "desc" } }))
            ?.feedback,
      )
      .toBe("up");
    await screenshot(page, "widget", "05-answered-with-source");

    // The token lives in the iframe's storage only, never in the host page or a URL.
    const frameStorage = await widgetFrame(page).evaluate(() => Object.keys(localStorage));
    expect(frameStorage).toContain("support-widget:session");
    expect(requested.some((p) => /[A-Za-z0-9_-]{43}/.test(p))).toBe(false);

    await page.reload();
    const again = await openFromDemo(page);
    await expect.poll(() => again.locator("li.row-user").textContent()).toBe("What is your return policy?");
    await expect.poll(() => botReplies(again).first().textContent()).toContain("30 days");
    expect(await botReplies(again).first().locator(".sources").textContent()).toContain("What is your return policy?");
    expect(
      await botReplies(again)
        .first()
        .getByRole("button", { name: "Helpful", exact: true })
        .getAttribute("aria-pressed"),
    ).toBe("true");
    await screenshot(page, "widget", "06-restored-after-reload");

    // Clearing the widget's storage starts a new conversation.
    await widgetFrame(page).evaluate(() => localStorage.clear());
    await page.reload();
    const fresh = await openFromDemo(page);
    await expect.poll(() => fresh.getByText("Hi! Ask me anything").isVisible()).toBe(true);
    expect(await fresh.locator("li.row-user").count()).toBe(0);
  });

  it("offers a person after a miss: 'Yes, connect me' asks for an email, then the ticket exists and the widget waits for a person", async () => {
    const page = await newPage();
    const frame = await openFromDemo(page);
    await ask(frame, "Do you ship internationally?");
    await expect.poll(() => botReplies(frame).count(), { timeout: 20_000 }).toBe(1);
    expect(await frame.getByRole("button", { name: "Yes, connect me" }).count()).toBe(0);
    await ask(frame, "My parcel to Norway is stuck in customs");
    await expect.poll(() => botReplies(frame).count(), { timeout: 20_000 }).toBe(2);

    // The bot couldn't help: it offers a person, and hands nothing over by itself.
    const offer = frame.getByRole("group", { name: "Would you like to talk to a person from our team?" });
    await offer.waitFor();
    const sessionId = (
      await server.db.prisma.message.findFirstOrThrow({ where: { content: "My parcel to Norway is stuck in customs" } })
    ).sessionId;
    expect(await server.db.prisma.ticket.count({ where: { sessionId } })).toBe(0);
    await screenshot(page, "widget", "07-offer-after-miss");
    await offer.getByRole("button", { name: "Yes, connect me" }).click();

    await expect
      .poll(() => frame.getByLabel("What do you need help with?").inputValue())
      .toBe("My parcel to Norway is stuck in customs");
    expect(await frame.getByText("You'll get the reply here, and by email if you leave it.").isVisible()).toBe(true);
    await frame.getByLabel(/Email/).fill("not-an-email");
    await frame.getByRole("button", { name: "Send to our team" }).click();
    await expect.poll(() => frame.getByText("Enter a valid email address").isVisible()).toBe(true);
    await frame.getByLabel(/Email/).fill("jo@example.com");
    await screenshot(page, "widget", "08-handoff-step");
    await frame.getByRole("button", { name: "Send to our team" }).click();

    const notice = frame.locator(".notice").filter({ hasText: "We've passed this to our team" });
    await expect
      .poll(() => notice.textContent(), { timeout: 10_000 })
      .toMatch(/\(ticket #\d+\)\. You'll get the reply here, and by email at jo@example\.com\./);
    const reference = /#\d+/.exec((await notice.textContent())!)![0];
    const ticket = await server.db.prisma.ticket.findFirst({ where: { number: Number(reference.slice(1)) } });
    expect(ticket).toMatchObject({
      sessionId,
      issueSummary: "My parcel to Norway is stuck in customs",
      customerContact: "jo@example.com",
      status: "open",
    });
    expect(await frame.getByRole("button", { name: "Talk to a person" }).count()).toBe(0);
    await expect
      .poll(() => frame.locator(".subtitle").textContent())
      .toBe(`Ticket ${reference} · Waiting for a person`);
    expect(await frame.getByText(/joined/).count()).toBe(0);
    await screenshot(page, "widget", "09-waiting-for-a-person");

    // While waiting, a question the FAQs answer still gets an automatic answer, marked as the bot's…
    await ask(frame, "How long does shipping take?");
    await expect.poll(() => botReplies(frame).count(), { timeout: 20_000 }).toBe(3);
    expect(await botReplies(frame).last().locator(".faq-only").textContent()).toBe(
      "Automatic answer taken from our FAQ",
    );
    // …and anything else waits for the person, without a bot reply.
    await ask(frame, "Any update?");
    await expect.poll(() => frame.locator("li.row-user").last().textContent()).toBe("Any update?");
    await expect.poll(() => frame.locator(".typing").count()).toBe(0);
    expect(await botReplies(frame).count()).toBe(3);
    expect(await server.db.prisma.message.count({ where: { sessionId, role: "user", content: "Any update?" } })).toBe(
      1,
    );
    expect(await frame.locator(".subtitle").textContent()).toContain("Waiting for a person");
    await screenshot(page, "widget", "10-waiting-faq-answer");
  });

  it("two misses: 'No thanks' keeps the bot answering, is not asked again after the next miss, and no ticket exists", async () => {
    const page = await newPage();
    const frame = await openFromDemo(page);
    const offer = frame.getByRole("group", { name: "Would you like to talk to a person from our team?" });
    await ask(frame, "Can you recommend a pizza place in Rome?");
    await offer.waitFor({ timeout: 20_000 });
    await ask(frame, "What about the weather in Lisbon tomorrow?");
    await expect.poll(() => botReplies(frame).count(), { timeout: 20_000 }).toBe(2);
    await offer.waitFor();
    await screenshot(page, "widget", "11-offer-after-two-misses");
    await offer.getByRole("button", { name: "No thanks" }).click();
    await expect.poll(() => offer.count()).toBe(0);
    const sessionId = (
      await server.db.prisma.message.findFirstOrThrow({
        where: { content: "What about the weather in Lisbon tomorrow?" },
      })
    ).sessionId;
    await expect
      .poll(
        async () => (await server.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).handoffDeclinedAt,
      )
      .not.toBeNull();

    await ask(frame, "Is shipping free?");
    await expect.poll(() => botReplies(frame).count(), { timeout: 20_000 }).toBe(3);
    expect(await botReplies(frame).last().textContent()).toContain("free");
    await ask(frame, "Who won the football last night?");
    await expect.poll(() => botReplies(frame).count(), { timeout: 20_000 }).toBe(4);
    expect(await offer.count()).toBe(0);
    expect(await frame.locator(".subtitle").textContent()).toBe("Our assistant answers right away");
    expect(await server.db.prisma.ticket.count({ where: { sessionId } })).toBe(0);
    expect((await server.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("bot");
    // The customer can still choose a person themselves.
    await frame.getByRole("button", { name: "Talk to a person" }).waitFor();
    await screenshot(page, "widget", "12-declined-bot-answers");
  });

  it("'I want to talk to a person' goes straight to the email step; the ticket follows only when the customer sends it", async () => {
    const page = await newPage();
    const frame = await openFromDemo(page);
    await ask(frame, "Is shipping free?");
    await expect.poll(() => botReplies(frame).count(), { timeout: 20_000 }).toBe(1);
    await ask(frame, "I want to talk to a person");
    await expect
      .poll(() => frame.getByLabel(/Email/).evaluate((el) => el === document.activeElement), { timeout: 10_000 })
      .toBe(true);
    expect(await frame.getByRole("button", { name: "Yes, connect me" }).count()).toBe(0);
    expect(await botReplies(frame).count()).toBe(1);
    const sessionId = (
      await server.db.prisma.message.findFirstOrThrow({ where: { content: "I want to talk to a person" } })
    ).sessionId;
    expect(await server.db.prisma.ticket.count({ where: { sessionId } })).toBe(0);
    await screenshot(page, "widget", "13-asked-in-words");

    // The same step after a reload.
    await page.reload();
    await launcher(page).click();
    const again = chat(page);
    await again.getByLabel(/Email/).waitFor({ timeout: 10_000 });
    await again.getByLabel(/Email/).fill("lee@example.com");
    await again.getByLabel("What do you need help with?").fill("Change the address on order 1234");
    await again.getByRole("button", { name: "Send to our team" }).click();
    await expect
      .poll(() => again.locator(".subtitle").textContent(), { timeout: 10_000 })
      .toMatch(/Waiting for a person/);
    expect(await server.db.prisma.ticket.findFirstOrThrow({ where: { sessionId } })).toMatchObject({
      customerContact: "lee@example.com",
      issueSummary: "Change the address on order 1234",
    });
  });

  it("answers from the FAQ alone, labelled as such, when the model fails", async () => {
    const page = await newPage();
    const frame = await openFromDemo(page);
    server.openai!.setBehavior({ fail: 500 });
    await ask(frame, "How long does shipping take?");
    const reply = botReplies(frame).first();
    await expect.poll(() => reply.locator(".faq-only").isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await reply.locator(".sources").textContent()).toContain("How long does shipping take?");
    await screenshot(page, "widget", "14-faq-only");
  });

  it("shows markup from a customer or an FAQ as text: no script runs, no element is injected", async () => {
    const page = await newPage();
    await server.db.prisma.settings.update({ where: { id: 1 }, data: { allowedLinkDomains: ["example.com"] } });
    await server.db.prisma.faq.create({
      data: {
        question: 'Do you rent xylophones? <img src=x onerror="window.__xss=1">',
        answer:
          'Yes, xylophones are for rent. <script>window.__xss=1</script> <img src=x onerror="window.__xss=1"> ![pic](https://evil.test/x.png) [click me](javascript:window.__xss=1) and [our site](https://example.com/rent), not [the refund desk](https://refunds-example.test/claim)',
      },
    });
    const frame = await openFromDemo(page);
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script> **not bold**';
    await ask(frame, payload);
    await expect.poll(() => frame.locator("li.row-user").first().textContent()).toBe(payload);
    await expect.poll(() => botReplies(frame).count(), { timeout: 20_000 }).toBe(1);

    await ask(frame, "Can I rent xylophones?");
    const reply = botReplies(frame).nth(1);
    await expect.poll(() => reply.textContent(), { timeout: 20_000 }).toContain("xylophones are for rent");
    expect(await reply.locator(".bubble").textContent()).toContain("<script>window.__xss=1</script>");
    expect(await reply.locator(".sources").textContent()).toContain('<img src=x onerror="window.__xss=1">');
    expect(await frame.locator(".thread img, .thread script, .thread strong").count()).toBe(0);
    // The link to an allowed domain opens in a new tab without access to the widget; the javascript:
    // one and the one to a domain the business did not allow are plain text.
    const links = reply.locator("a");
    expect(await links.count()).toBe(1);
    expect(await links.first().textContent()).toBe("our site");
    expect(await links.first().getAttribute("href")).toBe("https://example.com/rent");
    expect(await links.first().getAttribute("target")).toBe("_blank");
    expect(await links.first().getAttribute("rel")).toBe("noopener noreferrer");
    expect(await reply.locator(".bubble").textContent()).toContain("click me");
    expect(await reply.locator(".bubble").textContent()).toContain("the refund desk");
    expect(await xssFlags(page)).toEqual([0, 0]);
    await screenshot(page, "widget", "15-markup-as-text");
  });

  it("never sends a message twice: a lost response and an offline send are retried with the same clientMessageId", async () => {
    const page = await newPage();
    const frame = await openFromDemo(page);
    const bodies: string[] = [];
    // The first send reaches the server (which stores it), but its response is lost on the way back.
    let dropped = false;
    await page.route("**/trpc/chat.send**", async (route) => {
      bodies.push(route.request().postData() ?? "");
      if (dropped) return route.continue();
      dropped = true;
      await route.fetch();
      await route.abort("connectionreset");
    });
    await ask(frame, "Are your tents waterproof?");
    await expect
      .poll(() => frame.getByRole("alert").textContent(), { timeout: 15_000 })
      .toContain("couldn't reach our server");
    expect(await frame.getByLabel("Your message").inputValue()).toBe("Are your tents waterproof?");
    await screenshot(page, "widget", "16-send-failed");
    await frame.getByRole("button", { name: "Retry" }).click();
    await expect.poll(() => botReplies(frame).first().textContent(), { timeout: 20_000 }).toContain("waterproof");
    expect(await frame.getByLabel("Your message").inputValue()).toBe("");
    const ids = bodies.map((b) => /"clientMessageId":"([^"]+)"/.exec(b)?.[1]);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    expect(
      await server.db.prisma.message.count({
        where: { role: "user", content: "Are your tents waterproof?", clientMessageId: ids[0]! },
      }),
    ).toBe(1);
    await page.unroute("**/trpc/chat.send**");

    // Offline: the text stays in the box; back online, Enter sends it once.
    await page.context().setOffline(true);
    await ask(frame, "Do you sell gift cards?");
    await expect.poll(() => frame.getByRole("alert").textContent()).toContain("You're offline");
    expect(await frame.getByLabel("Your message").inputValue()).toBe("Do you sell gift cards?");
    await screenshot(page, "widget", "17-offline");
    await page.context().setOffline(false);
    await frame.getByLabel("Your message").press("Enter");
    await expect.poll(() => botReplies(frame).count(), { timeout: 20_000 }).toBe(2);
    expect(await server.db.prisma.message.count({ where: { role: "user", content: "Do you sell gift cards?" } })).toBe(
      1,
    );
  });

  it("tells the customer when a reply is slow", async () => {
    const page = await newPage();
    // The chat opened on its own, its "slow" threshold (8 s) shortened so the test waits on the
    // message instead of the clock; the reply is held back until the message shows.
    await page.goto(server.url + "/widget/?slowAfterMs=300");
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/trpc/chat.send**", async (route) => {
      await held;
      await route.continue();
    });
    await page.getByLabel("Your message").fill("How long do refunds take?");
    await page.getByLabel("Your message").press("Enter");
    await expect.poll(() => page.getByText("Still working on it…").isVisible()).toBe(true);
    await screenshot(page, "widget", "18-slow");
    release();
    await expect.poll(() => page.locator("li.row-bot[data-message-id]").count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByText("Still working on it…").count()).toBe(0);
  });

  it("works with the keyboard alone", async () => {
    const page = await newPage();
    await page.goto(server.url + "/");
    await expect.poll(() => launcher(page).isVisible()).toBe(true);
    // Tab through the storefront until the launcher has focus.
    let onLauncher = false;
    for (let i = 0; i < 40 && !onLauncher; i++) {
      await page.keyboard.press("Tab");
      onLauncher = await launcher(page).evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el);
    }
    expect(onLauncher).toBe(true);
    await page.keyboard.press("Enter");
    const frame = chat(page);
    await expect
      .poll(() => frame.locator("textarea").evaluate((el) => el === document.activeElement), { timeout: 10_000 })
      .toBe(true);

    await page.keyboard.type("What is your");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("return policy?");
    expect(await frame.getByLabel("Your message").inputValue()).toBe("What is your\nreturn policy?");
    await page.keyboard.press("Enter");
    await expect.poll(() => botReplies(frame).first().textContent(), { timeout: 20_000 }).toContain("30 days");

    // From the box, Shift+Tab reaches "Talk to a person".
    let onEscalate = false;
    for (let i = 0; i < 6 && !onEscalate; i++) {
      await page.keyboard.press("Shift+Tab");
      onEscalate = await frame
        .getByRole("button", { name: "Talk to a person" })
        .evaluate((el) => el === document.activeElement);
    }
    expect(onEscalate).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => frame.getByLabel(/Email/).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("kb@example.com");
    await page.keyboard.press("Tab"); // description (pre-filled)
    await page.keyboard.press("Tab"); // Cancel
    await page.keyboard.press("Tab"); // Send to our team
    await screenshot(page, "widget", "19-keyboard-handoff");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => frame.locator(".notice").last().textContent(), { timeout: 10_000 })
      .toMatch(/We've passed this to our team \(ticket #\d+\)/);
    expect(await server.db.prisma.ticket.count({ where: { customerContact: "kb@example.com" } })).toBe(1);
    await expect.poll(() => frame.locator("textarea").evaluate((el) => el === document.activeElement)).toBe(true);

    // Escape closes the panel and puts focus back on the launcher.
    await page.keyboard.press("Escape");
    await expect.poll(() => launcher(page).getAttribute("aria-expanded")).toBe("false");
    expect(await launcher(page).evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await expect
      .poll(() =>
        page
          .locator("[data-support-widget]")
          .evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector(".p")!).visibility),
      )
      .toBe("hidden");
    await screenshot(page, "widget", "20-keyboard-closed");
    // And Enter on the launcher opens it again, focused in the box.
    await page.keyboard.press("Enter");
    await expect.poll(() => frame.locator("textarea").evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it("embeds on another origin with data- options and a window API, and fills a narrow screen", async () => {
    const page = await newPage({ width: 390, height: 780 });
    await page.goto(`${shop.origin}/`);
    const frame = chat(page);
    // data-open: opened on load, without stealing focus from the page.
    await expect.poll(() => frame.locator(".title").textContent(), { timeout: 10_000 }).toBe("Acme Outfitters");
    expect(await page.evaluate(() => window.SupportWidget?.isOpen())).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("BODY");
    expect(await frame.locator(".header").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      "rgb(15, 118, 110)",
    );
    const box = await page.locator('iframe[title="Support chat"]').boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 780 });
    await screenshot(page, "widget", "21-mobile-cross-origin");

    // The minimise button in the iframe closes the panel through postMessage to this origin.
    await frame.getByRole("button", { name: "Minimise chat" }).click();
    await expect.poll(() => page.evaluate(() => window.SupportWidget?.isOpen())).toBe(false);
    const launcherBox = await launcher(page).boundingBox();
    expect(launcherBox!.x).toBeLessThan(100); // data-position="left"

    await page.evaluate(() => window.SupportWidget!.toggle());
    await expect.poll(() => page.evaluate(() => window.SupportWidget?.isOpen())).toBe(true);
    await page.evaluate(() => window.SupportWidget!.close());
    await expect.poll(() => launcher(page).getAttribute("aria-expanded")).toBe("false");

    // Messages from any other origin or window are ignored by both sides.
    await page.evaluate(() => window.postMessage({ channel: "support-widget", type: "close" }, "*"));
    await page.evaluate(() => window.SupportWidget!.open());
    // A window's messages arrive in order: once a later one has arrived, the "close" was handled.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          window.postMessage({ channel: "support-widget", type: "close" }, "*");
          window.addEventListener("message", (e) => e.data === "after-close" && resolve());
          window.postMessage("after-close", "*");
        }),
    );
    expect(await page.evaluate(() => window.SupportWidget?.isOpen())).toBe(true);
  });
});

declare global {
  interface Window {
    SupportWidget?: { open(): void; close(): void; toggle(): void; isOpen(): boolean };
  }
}
