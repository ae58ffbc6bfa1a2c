// The Content-Security-Policy the server sends breaks nothing it serves: in Chromium, the demo
// page, the widget (opened, answering) and the console's sign-in report no violation.
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureSpaBuilt } from "../harness/apps.ts";
import { launchBrowser } from "../harness/browser.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  ensureSpaBuilt("widget");
  ensureSpaBuilt("console");
  server = await startTestServer({ llm: "fake" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.cleanup();
  await server?.close();
});

it("the SPAs run under the policy: no violation on the demo page, in the widget, or in the console", async () => {
  const context = await browser.newContext();
  const violations: string[] = [];
  // Every frame reports its own violations; the console message is Chromium's wording for them.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(
        `CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${document.URL} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`,
      ),
    );
  });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (/Content Security Policy|CSP violation/i.test(m.text())) violations.push(m.text());
  });

  await page.goto(`${server.url}/`);
  await page.locator("[data-support-widget] button").click();
  const frame = page.frameLocator('iframe[title="Support chat"]');
  await frame.getByLabel("Your message").fill("What is your return policy?");
  await frame.getByLabel("Your message").press("Enter");
  await expect
    .poll(() => frame.locator("li.row-bot[data-message-id]").first().textContent(), { timeout: 20_000 })
    .toContain("30 days");

  await page.goto(`${server.url}/console/`);
  await page.getByLabel("Email").waitFor();
  expect(violations).toEqual([]);
  await context.close();
});
