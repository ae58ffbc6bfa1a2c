// Turns bus callbacks into an async iterator for a subscription, ending on client disconnect or
// server shutdown. Subscribing happens when this is called, before the replay query, so no event
// falls in between: events.on() buffers what arrives before the stream reads it.
import { EventEmitter, on } from "node:events";
import type { BusEvent, EventBus } from "./bus.ts";

export function busEvents(
  bus: EventBus,
  filter: (e: BusEvent) => boolean,
  signal: AbortSignal | undefined,
): AsyncIterable<BusEvent> {
  const stop = signal ? AbortSignal.any([signal, bus.closed]) : bus.closed;
  if (stop.aborted) return (async function* () {})();
  const matching = new EventEmitter();
  const events = on(matching, "event", { signal: stop });
  const unsubscribe = bus.subscribe((e) => {
    if (filter(e)) matching.emit("event", e);
  });
  // Also when the stream ends before it first reads (its replay query failed): a generator that
  // never started runs no finally block.
  stop.addEventListener("abort", unsubscribe, { once: true });
  return (async function* () {
    try {
      for await (const [e] of events) {
        // Buffered events are dropped once the stream is stopped.
        if (stop.aborted) return;
        yield e as BusEvent;
      }
    } catch (err) {
      // on() rejects with an AbortError when the stream stops: that is the normal end.
      if (!stop.aborted) throw err;
    } finally {
      unsubscribe();
      stop.removeEventListener("abort", unsubscribe);
    }
  })();
}
