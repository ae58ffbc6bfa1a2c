import { describe, expect, it } from "vitest";
import { InFlightWork } from "./in-flight.ts";

function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("InFlightWork", () => {
  it("settles once every tracked piece of work has finished, failed ones included", async () => {
    const work = new InFlightWork();
    const a = deferred();
    const b = deferred();
    work.track(a.promise);
    work.track(b.promise).catch(() => undefined);
    expect(work.size).toBe(2);
    let settled: boolean | null = null;
    const waiting = work.settled(60_000).then((v) => (settled = v));
    a.resolve();
    await a.promise;
    await Promise.resolve();
    expect(settled).toBe(null);
    b.reject(new Error("database gone"));
    expect(await waiting).toBe(true);
    expect(work.size).toBe(0);
  });

  it("reports false when the bound passes first, and true at once when idle", async () => {
    const work = new InFlightWork();
    expect(await work.settled(0)).toBe(true);
    work.track(new Promise(() => undefined));
    expect(await work.settled(10)).toBe(false);
    expect(work.size).toBe(1);
  });
});
