import { isTrackedEnvelope, tracked } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { streamEventSchema, zStream, zTrackedStream } from "./stream-output.ts";

const ZEvent = z.object({ type: z.literal("done"), at: z.date().transform((d) => d.toISOString()) });

async function collect(iterable: AsyncIterable<unknown>) {
  const out: unknown[] = [];
  for await (const v of iterable) out.push(v);
  return out;
}

describe("stream output schemas", () => {
  it("check and transform each event as it is yielded", async () => {
    const at = new Date("2026-01-02T03:04:05Z");
    const events = zStream(ZEvent).parse(
      (async function* () {
        yield { type: "done", at };
      })(),
    );
    expect(await collect(events)).toEqual([{ type: "done", at: "2026-01-02T03:04:05.000Z" }]);
  });

  it("fail the stream at an event that doesn't match, after the good ones", async () => {
    const events = zStream(ZEvent).parse(
      (async function* () {
        yield { type: "done", at: new Date(0) };
        yield { type: "other" };
      })(),
    );
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const v of events) seen.push(v);
      })(),
    ).rejects.toThrow("Output validation failed");
    expect(seen).toHaveLength(1);
  });

  it("keep a tracked event's id", async () => {
    const [event] = await collect(
      zTrackedStream(ZEvent).parse(
        (async function* () {
          yield tracked("42", { type: "done" as const, at: new Date(0) });
        })(),
      ),
    );
    expect(isTrackedEnvelope(event)).toBe(true);
    expect((event as unknown[])[0]).toBe("42");
    expect((event as unknown[])[1]).toEqual({ type: "done", at: "1970-01-01T00:00:00.000Z" });
  });

  it("refuse a value that is not a stream, and tell the API reference the event schema", () => {
    expect(() => zStream(ZEvent).parse({ type: "done" })).toThrow();
    expect(streamEventSchema(zStream(ZEvent))).toBe(ZEvent);
    expect(streamEventSchema(ZEvent)).toBeUndefined();
  });
});
