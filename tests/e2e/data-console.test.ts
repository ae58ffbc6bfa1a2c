// The console's webhook and audit pages in Chromium against the real server (with its job queue)
// and PostgreSQL: an admin adds an endpoint, sees a delivery fail while the receiver is down and
// resends it once it is up; the audit log lists who did that, filtered (the filter kept in the URL).
// Screenshots: tests/artifacts/data/.
import { type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoAdmin } from "@support/api";
import { launchBrowser, screenshot } from "../harness/browser.ts";
import { ensureSpaBuilt } from "../harness/apps.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { newCustomer, send } from "../chat/chat-client.ts";
import { startReceiver } from "../webhooks/receiver.ts";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let admin: { email: string; password: string };

beforeAll(async () => {
  ensureSpaBuilt("console");
  server = await startTestServer({ llm: "none", jobs: true });
  receiver = await startReceiver();
  admin = (await ensureDemoAdmin(server.db.prisma))!;
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.cleanup();
  await server?.close();
  await receiver?.close();
});

describe("console: webhooks and audit log", () => {
  it("adds an endpoint, shows a failed delivery and resends it", async () => {
    await page.goto(`${server.url}/console/`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Inbox" }).waitFor();

    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.getByText("No endpoints yet").waitFor();
    await page.getByRole("button", { name: "+ New endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "New webhook endpoint" });
    await dialog.getByLabel(/^URL/).fill(receiver.url);
    await dialog.getByLabel(/^Description/).fill("Our CRM");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.locator("[data-testid=endpoint-row]").filter({ hasText: receiver.url }).waitFor();

    // The receiver is down: the customer's message is tried and fails, and the log says so.
    receiver.setDown(true);
    const c = await newCustomer(server.url);
    await send(c, "Do you ship to Norway?");
    await receiver.waitFor(() => receiver.refused >= 1, "a refused attempt");
    const row = page.locator("[data-testid=delivery-row]").filter({ hasText: "message.created" });
    await row.filter({ hasText: "HTTP 503" }).waitFor({ timeout: 30_000 });
    await screenshot(page, "data", "01-webhook-delivery-failing");

    receiver.setDown(false);
    await row.getByRole("button", { name: "Resend message.created delivery" }).click();
    await row.filter({ hasText: "Delivered" }).waitFor({ timeout: 30_000 });
    expect(receiver.received.map((r) => r.json.type)).toContain("message.created");
    await screenshot(page, "data", "02-webhook-delivered");
  });

  it("lists the admin's actions in the audit log, filtered by action", async () => {
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    const rows = page.locator("[data-testid=audit-row]");
    await rows.filter({ hasText: "webhook.create" }).waitFor();
    await rows.filter({ hasText: "webhook.resend" }).waitFor();
    await page.getByLabel("Action").fill("webhook.resend");
    await expect.poll(() => rows.count()).toBe(1);
    // The filter is in the URL: a reload shows the same entries.
    expect(new URL(page.url()).searchParams.get("action")).toBe("webhook.resend");
    await page.reload();
    await rows.first().waitFor();
    expect(await page.getByLabel("Action").inputValue()).toBe("webhook.resend");
    expect(await rows.count()).toBe(1);
    const text = await rows.first().textContent();
    expect(text).toContain("Demo Admin");
    expect(text).toContain("Done");
    await screenshot(page, "data", "03-audit-log-filtered");
  });
});
