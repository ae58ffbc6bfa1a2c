// Turns bus callbacks into an async iterator for a subscription, ending on client disconnect or
// server shutdown. Subscribing happens before the replay query, so no event falls in between.
import type { BusEvent, EventBus } from "./bus.ts";

export function busEvents(bus: EventBus, filter: (e: BusEvent) => boolean, signal: AbortSignal | undefined) {
  const queue: BusEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = bus.subscribe((e) => {
    if (!filter(e)) return;
    queue.push(e);
    wake?.();
  });
  const stopped = () => Boolean(signal?.aborted || bus.closed.aborted);
  const onStop = () => wake?.();
  signal?.addEventListener("abort", onStop, { once: true });
  bus.closed.addEventListener("abort", onStop, { once: true });
  return {
    async *[Symbol.asyncIterator]() {
      try {
        while (!stopped()) {
          const next = queue.shift();
          if (next) {
            yield next;
            continue;
          }
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
        }
      } finally {
        unsubscribe();
        signal?.removeEventListener("abort", onStop);
        bus.closed.removeEventListener("abort", onStop);
      }
    },
  };
}
