// The Insights page end to end in Chromium against the real server and PostgreSQL, in FAQ-only
// mode: a seeded history draws the charts; questions customers really asked and the bot couldn't
// answer show as one group; "Create FAQ" publishes an FAQ and the bot answers from it next time.
// Screenshots: tests/artifacts/insights/.
import { randomUUID } from "node:crypto";
import { type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoAdmin } from "@support/api";
import { createSupportClient } from "@support/client";
import { seedConversationHistory } from "@support/db";
import { launchBrowser, screenshot } from "../harness/browser.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { ensureSpaBuilt } from "../harness/apps.ts";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let admin: { email: string; password: string };

/** One customer question in a fresh conversation; the bot's reply text and sources. */
async function ask(question: string) {
  const c = createSupportClient({ url: server.url });
  const { sessionToken } = await c.chat.start.mutate();
  let reply = { content: "", sources: [] as Array<{ faqId: string }> };
  for await (const e of await c.chat.send.mutate({ sessionToken, clientMessageId: randomUUID(), text: question })) {
    if (e.type === "done") reply = e.message as typeof reply;
  }
  return reply;
}

beforeAll(async () => {
  ensureSpaBuilt("console");
  server = await startTestServer({ llm: "none" });
  admin = (await ensureDemoAdmin(server.db.prisma))!;
  await seedConversationHistory(server.db.prisma, { conversations: 600, days: 20 });
  // Two customers answered "How did we do?" after their hand-off: 5 and 3 stars.
  const rated = await server.db.prisma.ticket.findMany({
    take: 2,
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  for (const [i, t] of rated.entries())
    await server.db.prisma.ticket.update({
      where: { id: t.id },
      data: { status: "resolved", rating: i === 0 ? 5 : 3, ratedAt: new Date() },
    });
  for (const q of ["Do you rent out kayaks?", "Can I rent kayaks?", "do you rent kayaks"]) await ask(q);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.cleanup();
  await server?.close();
});

describe("insights page", () => {
  it("shows resolution numbers, a chart and the definition of resolved", async () => {
    await page.goto(`${server.url}/console/`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Insights" }).click();
    await page.getByRole("heading", { name: "Insights" }).waitFor();
    // The chart library loads lazily and draws on a canvas.
    await page.locator("[data-testid=insights-chart] canvas").first().waitFor();
    const conversations = Number(await page.getByTestId("stat-conversations").textContent());
    const stored = await server.db.prisma.session.count({ where: { messages: { some: { role: "user" } } } });
    expect(conversations).toBe(stored);
    expect(await page.getByTestId("stat-rating").textContent()).toBe("4.0 / 5");
    expect(await page.getByTestId("rating-distribution").textContent()).toMatch(/3 ★1.*5 ★1/);
    await page.getByText("What counts as “resolved”?").click();
    expect(await page.getByTestId("resolved-definition").textContent()).toMatch(
      /resolved by the bot when the bot replied/,
    );
    await screenshot(page, "insights", "01-resolution");
  });

  it("'Create FAQ' from the kayak group publishes an FAQ the bot then answers from", async () => {
    const group = page.getByTestId("unanswered-group").filter({ hasText: /rent out kayaks|rent kayaks/ });
    await group.waitFor();
    expect(await group.textContent()).toContain("3×");
    await group.scrollIntoViewIfNeeded();
    await screenshot(page, "insights", "02-unanswered");
    await group.getByRole("button", { name: "Create FAQ" }).click();
    const dialog = page.getByRole("dialog", { name: "Create FAQ" });
    await dialog.getByText("Nobody on staff has answered this question yet").waitFor();
    expect(await dialog.getByLabel("Question").inputValue()).toMatch(/kayaks\?$/);
    await dialog.getByLabel("Question").fill("Do you rent out kayaks?");
    await dialog.getByLabel("Answer").fill("Yes: kayaks rent for $40 a day at every store, life jacket included.");
    await screenshot(page, "insights", "03-create-faq");
    await dialog.getByRole("button", { name: "Publish FAQ" }).click();
    await page.locator(".toast").filter({ hasText: "published" }).waitFor();
    await expect
      .poll(() =>
        page
          .getByTestId("unanswered-group")
          .filter({ hasText: /kayaks/ })
          .count(),
      )
      .toBe(0);

    const faq = await server.db.prisma.faq.findFirstOrThrow({ where: { question: "Do you rent out kayaks?" } });
    const reply = await ask("Do you rent out kayaks?");
    expect(reply.content).toContain("$40 a day");
    expect(reply.sources.map((s) => s.faqId)).toContain(faq.id);
    await screenshot(page, "insights", "04-after-publish");
  });
});
