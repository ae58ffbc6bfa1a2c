// The launcher on a business's site takes the widget colour set in the console (written into
// /widget.js when it is served), unless the embed tag sets data-color. Real server, real Chromium.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSpaBuilt } from "../harness/apps.ts";
import { launchBrowser } from "../harness/browser.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { startShopSite, type ShopSite } from "./shop-site.ts";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let shop: ShopSite;

beforeAll(async () => {
  ensureSpaBuilt("widget");
  server = await startTestServer({ llm: "none" });
  shop = await startShopSite(() => server.url, 'data-color="#0f766e"');
  // Before the first request: the server caches settings for a few seconds.
  await server.db.prisma.settings.update({
    where: { id: 1 },
    data: { widgetColor: "#9333ea", allowedOrigins: [shop.origin] },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.cleanup();
  await shop?.close();
  await server?.close();
});

async function launcherBackground(page: Page): Promise<string> {
  const launcher = page.locator("[data-support-widget] button");
  await launcher.waitFor();
  return launcher.evaluate((el) => getComputedStyle(el).backgroundColor);
}

describe("launcher colour", () => {
  it("is the colour set in the console, and the chat inside matches it", async () => {
    const page = await browser.newPage();
    await page.goto(server.url + "/");
    expect(await launcherBackground(page)).toBe("rgb(147, 51, 234)");
    await page.locator("[data-support-widget] button").click();
    const accent = page.frameLocator('iframe[title="Support chat"]').locator("textarea");
    await accent.waitFor();
    const frame = page.frames().find((f) => new URL(f.url()).pathname.startsWith("/widget/"))!;
    // The chat takes the colour from its config, which arrives just after it renders.
    await expect
      .poll(
        () =>
          frame.evaluate(() =>
            getComputedStyle(document.querySelector("[style*='--accent']") ?? document.body)
              .getPropertyValue("--accent")
              .trim(),
          ),
        {
          timeout: 10_000,
        },
      )
      .toBe("#9333ea");
    await page.close();
  });

  it("gives way to data-color on the embed tag", async () => {
    const page = await browser.newPage();
    await page.goto(shop.origin + "/");
    expect(await launcherBackground(page)).toBe("rgb(15, 118, 110)");
    await page.close();
  });

  it("is served as JavaScript with the colour written in, cacheable for five minutes", async () => {
    const res = await fetch(server.url + "/widget.js");
    const source = await res.text();
    expect(res.headers.get("content-type")).toContain("javascript");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(source).toContain("#9333ea");
    expect(source).not.toContain("__SUPPORT_WIDGET_COLOR__");
  });
});
