// npm run bench -- widget [--runs N]: how fast the widget is for a customer, in Chromium against
// the real server (demo page, loader, iframe app) on a real PostgreSQL with the fake OpenAI server.
//   page load -> launcher visible: navigation start to the launcher button painted on the page
//   click -> chat interactive:     click on the launcher to the message box enabled and focused
// Each run uses a fresh browser context (cold cache, empty storage): the first visit of a customer.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { applyMigrations, createDatabase, seedDemoData } from "@support/db";
import { createOpenAiProvider } from "@support/assistant";
import { pino } from "pino";
import { chromium, type Browser } from "playwright-core";
import { buildServer } from "../../apps/server/src/app.ts";
import { startFakeOpenAi } from "../fakes/openai-server.ts";
import { CHROMIUM_PATH } from "../harness/browser.ts";
import { startPostgres, withDatabase, adminQuery } from "../harness/postgres.ts";

const WIDGET_DIST = resolve(import.meta.dirname, "../../apps/widget/dist");

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export async function run(args: string[]): Promise<void> {
  const runs = option(args, "runs", 20);
  if (!existsSync(resolve(WIDGET_DIST, "widget.js")) || !existsSync(resolve(WIDGET_DIST, "app/index.html"))) {
    throw new Error("The widget is not built: run `npm run build -w @support/widget` first");
  }

  const pg = process.env.TEST_DATABASE_URL ? null : await startPostgres();
  const adminUrl = process.env.TEST_DATABASE_URL ?? pg!.adminUrl;
  const dbName = `bench_widget_${process.pid}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${dbName}`);
  const db = await createDatabase({ databaseUrl: withDatabase(adminUrl, dbName) });
  const openai = await startFakeOpenAi({ behavior: { instant: true } });
  let browser: Browser | null = null;
  const app = await buildServer({
    db,
    llm: createOpenAiProvider({ apiKey: "sk-bench", baseURL: openai.url, timeoutMs: 5_000 }),
    logger: pino({ level: "silent" }),
  });
  try {
    await applyMigrations(db);
    await seedDemoData(db.prisma);
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as { port: number };
    const url = `http://127.0.0.1:${port}/`;

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    const firstPaint: number[] = [];
    const launcherVisible: number[] = [];
    const interactive: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      // Records, in the page's own clock, when the launcher is first laid out on screen.
      // (A string, not a function: tsx would wrap named functions in a helper the page lacks.)
      await context.addInitScript(`(() => {
        const check = () => {
          const button = document.querySelector("[data-support-widget]")?.shadowRoot?.querySelector("button");
          if (button && button.getBoundingClientRect().width > 0) window.__launcherAt = performance.now();
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      })()`);
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "load" });
      await page.waitForFunction(() => (window as unknown as { __launcherAt?: number }).__launcherAt !== undefined);
      const launcherAt = await page.evaluate(() => (window as unknown as { __launcherAt: number }).__launcherAt);
      const firstPaintAt = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN);

      const framed = page.waitForEvent("framenavigated", { predicate: (f) => f.url().includes("/widget/") });
      const clickedAt = await page.evaluate(() => {
        const button = document.querySelector("[data-support-widget]")!.shadowRoot!.querySelector("button")!;
        const t = Date.now();
        button.click();
        return t;
      });
      const frame = await framed;
      let readyAt = 0;
      while (!readyAt) {
        try {
          const handle = await frame.waitForFunction(
            () => {
              const box = document.querySelector("textarea");
              return box && !box.disabled && document.activeElement === box ? Date.now() : 0;
            },
            null,
            { polling: "raf", timeout: 15_000 },
          );
          readyAt = (await handle.jsonValue()) as number;
        } catch (err) {
          // The frame's document can be replaced while we wait (about:blank -> app): wait again.
          if (!/context was destroyed|navigat/i.test(String(err))) throw err;
        }
      }
      await context.close();
      if (i === 0) continue; // warm-up: server caches, Chromium's first process spawn
      firstPaint.push(firstPaintAt);
      launcherVisible.push(launcherAt);
      interactive.push(readyAt - clickedAt);
    }

    const rows: Array<[string, number[]]> = [
      ["page load -> first contentful paint (reference)", firstPaint],
      ["page load -> launcher visible", launcherVisible],
      ["click -> chat interactive (input focused)", interactive],
    ];
    console.log(`widget in Chromium, ${runs} runs, fresh context each run (cold cache)\n`);
    console.log(`${"metric".padEnd(50)}${"median".padStart(10)}${"p90".padStart(10)}${"min".padStart(10)}`);
    for (const [name, all] of rows) {
      const values = all.filter(Number.isFinite);
      const ms = (v: number) => `${v.toFixed(0)} ms`.padStart(10);
      console.log(`${name.padEnd(50)}${ms(percentile(values, 0.5))}${ms(percentile(values, 0.9))}${ms(Math.min(...values))}`);
    }
  } finally {
    await browser?.close();
    await app.close();
    await openai.close();
    await db.close();
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await pg?.stop();
  }
}
