// Console forms in Chromium against the real server and PostgreSQL: a refused field shows its reason
// in plain words next to that field (not "allowedOrigins.1: ..."), leaving a page with unsaved
// changes asks first (links and Back), closing a dirty dialog asks first, a dialog returns focus to
// its opener, and FAQ answers show as formatted text in the list. Screenshots: tests/artifacts/console/.
import { type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoAdmin } from "@support/api";
import { launchBrowser, screenshot } from "../harness/browser.ts";
import { ensureSpaBuilt } from "../harness/apps.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureSpaBuilt("console");
  server = await startTestServer({ llm: "none" });
  const admin = (await ensureDemoAdmin(server.db.prisma))!;
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}/console/`);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Inbox" }).waitFor();
});
afterAll(async () => {
  await browser?.cleanup();
  await server?.close();
});

describe("console forms", () => {
  it("shows a refused website origin next to its field in plain words", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    await page.getByLabel("Add a website").fill("https://shop.example.com/help");
    await page.getByLabel("Add a website").press("Enter");
    await page.getByRole("button", { name: "Save settings" }).click();
    const group = page.getByRole("group", { name: "Websites allowed to show the chat" });
    const message = group.getByTestId("field-error");
    await message.waitFor();
    expect(await message.textContent()).toBe(
      "https://shop.example.com/help: Enter a website origin such as https://shop.example.com (no path)",
    );
    expect(await page.locator("main").textContent()).not.toContain("allowedOrigins");
    await message.scrollIntoViewIfNeeded();
    await screenshot(page, "console", "10-settings-field-error");
    expect((await server.db.prisma.settings.findUniqueOrThrow({ where: { id: 1 } })).allowedOrigins).not.toContain(
      "https://shop.example.com/help",
    );
  });

  it("asks before leaving Settings with unsaved changes: Stay keeps them, Leave drops them", async () => {
    // The form is still dirty (the refused origin): a link to another page asks first.
    await page.getByRole("link", { name: "FAQs" }).click();
    const prompt = page.getByRole("dialog", { name: "Leave without saving?" });
    await prompt.waitFor();
    await screenshot(page, "console", "11-leave-without-saving");
    await prompt.getByRole("button", { name: "Cancel" }).click();
    await prompt.waitFor({ state: "detached" });
    expect(new URL(page.url()).pathname).toBe("/console/settings");
    await page.getByRole("button", { name: "Remove https://shop.example.com/help" }).waitFor();

    // The browser's Back button asks too, and Leave goes.
    await page.goBack();
    await prompt.waitFor();
    expect(new URL(page.url()).pathname).toBe("/console/settings");
    await prompt.getByRole("button", { name: "Leave and discard" }).click();
    await page.getByRole("heading", { name: "Inbox" }).waitFor();

    // Back on Settings the unsaved origin is gone and nothing asks any more.
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    expect(await page.getByRole("button", { name: "Remove https://shop.example.com/help" }).count()).toBe(0);
    await page.getByRole("link", { name: "FAQs" }).click();
    await page.getByRole("heading", { name: "FAQs" }).waitFor();
  });

  it("asks before closing a dirty dialog, returns focus to its opener, and shows FAQ answers formatted", async () => {
    await page.locator("[data-testid=faq-row]").first().waitFor();
    const opener = page.getByRole("button", { name: "+ New FAQ" });
    await opener.click();
    const dialog = page.getByRole("dialog", { name: "New FAQ" });
    await dialog.getByLabel(/^Question/).fill("Do you sell gift cards?");
    await page.keyboard.press("Escape");
    await dialog.getByText("Discard your changes?").waitFor();
    await screenshot(page, "console", "12-discard-changes");
    await dialog.getByRole("button", { name: "Keep editing" }).click();
    expect(await dialog.getByLabel(/^Question/).inputValue()).toBe("Do you sell gift cards?");
    // Focus stays inside the dialog: the page behind is inert.
    await dialog
      .getByLabel("Answer", { exact: true })
      .fill("Yes: **digital gift cards** from $10.\n\n- no fees\n- never expire");
    await dialog.getByRole("button", { name: "Add FAQ" }).click();
    // The demo data has this question already: the reason shows under the Question field.
    const clash = dialog.getByTestId("field-error");
    await clash.waitFor();
    expect(await clash.textContent()).toBe("An FAQ with this question already exists");
    expect(await dialog.getByLabel(/^Question/).getAttribute("aria-invalid")).toBe("true");
    await dialog.getByLabel(/^Question/).fill("Do you sell gift cards by post?");
    await dialog.getByRole("button", { name: "Add FAQ" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.getByLabel("Search FAQs").fill("gift cards by post");
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("gift cards by post");
    const row = page.locator("[data-testid=faq-row]").filter({ hasText: "Do you sell gift cards by post?" });
    await row.waitFor();
    expect(await row.getByTestId("faq-answer").locator("strong").textContent()).toBe("digital gift cards");
    expect(await row.textContent()).not.toContain("**");
    await screenshot(page, "console", "13-faq-markdown-in-list");

    // The filter is in the URL: a reload shows the same list.
    await page.reload();
    await page.locator("[data-testid=faq-row]").filter({ hasText: "Do you sell gift cards by post?" }).waitFor();
    expect(await page.getByLabel("Search FAQs").inputValue()).toBe("gift cards by post");
    expect(pageErrors).toEqual([]);
  });
});
