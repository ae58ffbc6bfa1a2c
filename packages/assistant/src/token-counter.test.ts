// The worker-thread counter counts exactly like the in-process tokenizer, and goes away when idle.
import { afterEach, describe, expect, it } from "vitest";
import { countTokens } from "./token-count.ts";
import { createWorkerTokenCounter, type WorkerTokenCounter } from "./token-counter.ts";

const counters: WorkerTokenCounter[] = [];
afterEach(async () => {
  for (const c of counters.splice(0)) await c.close();
});

function counter(idleMs?: number, onIdleEnd?: () => void) {
  const c = createWorkerTokenCounter({ idleMs, onIdleEnd });
  counters.push(c);
  return c;
}

describe("createWorkerTokenCounter", () => {
  it("counts a batch exactly as the in-process tokenizer does (special-token text as plain text)", async () => {
    const texts = ["hello world", "", "<|endoftext|> and <|im_start|>", "Ünïcödé 😀 (60%).\n\n", "word ".repeat(2000)];
    const c = counter();
    expect(c.running).toBe(false); // no thread until there is something to count
    expect(await c.count(texts)).toEqual(texts.map(countTokens));
    expect(c.running).toBe(true);
    expect(await c.count([])).toEqual([]);
  });

  it("answers concurrent batches each with their own counts", async () => {
    const c = counter();
    const batches = Array.from({ length: 8 }, (_, i) =>
      Array.from({ length: i + 1 }, (_, j) => `batch ${i} text ${j} `.repeat(j + 1)),
    );
    const results = await Promise.all(batches.map((b) => c.count(b)));
    expect(results).toEqual(batches.map((b) => b.map(countTokens)));
  });

  it("ends the worker after the idle period and starts a new one for the next count", async () => {
    let idleEnded!: () => void;
    const ended = new Promise<void>((resolve) => (idleEnded = resolve));
    const c = counter(200, () => idleEnded());
    await c.count(["first"]);
    expect(c.running).toBe(true);
    await ended;
    expect(c.running).toBe(false);
    expect(await c.count(["second one"])).toEqual([countTokens("second one")]);
    expect(c.running).toBe(true);
  });

  it("fails counts in flight when closed, and works again afterwards", async () => {
    const c = counter();
    const failed = expect(c.count(["x ".repeat(200_000)])).rejects.toThrow(/closed/);
    await c.close();
    await failed;
    expect(await c.count(["again"])).toEqual([countTokens("again")]);
  });
});
