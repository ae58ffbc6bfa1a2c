// Opens live streams from Node the way the SPAs do: tRPC subscriptions over SSE, tokens in headers.
import { createSupportClient } from "@support/client";
import type { ConversationEvent, InboxEvent } from "@support/schemas";
import { changeWaiter } from "../harness/wait.ts";

export type Collected<T> = {
  events: T[];
  /** Resolves when the server has opened the stream: it is subscribed, so no later event is missed. */
  started: Promise<void>;
  waitFor(pred: (events: T[]) => boolean, ms?: number): Promise<T[]>;
  stop(): void;
};

function collector<T>(): Collected<T> & { push(e: T): void; markStarted(): void; stopFn: () => void } {
  const events: T[] = [];
  const arrived = changeWaiter();
  let markStarted = () => undefined as void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const c = {
    events,
    started,
    markStarted: () => markStarted(),
    stopFn: () => undefined as void,
    push(e: T) {
      events.push(e);
      arrived.changed();
    },
    /** Resolves once `pred` holds, re-checked on each event that arrives. */
    waitFor(pred: (events: T[]) => boolean, ms = 15_000) {
      return arrived.until(
        () => pred(events) && events,
        () => `stream events; got ${JSON.stringify(events).slice(0, 800)}`,
        ms,
      );
    },
    stop() {
      c.stopFn();
    },
  };
  return c;
}

export function customerStream(url: string, sessionToken: string, lastEventId?: string) {
  const client = createSupportClient({ url, headers: { "x-session-token": sessionToken } });
  const c = collector<ConversationEvent & { id?: string }>();
  const sub = client.live.conversation.subscribe(lastEventId ? { lastEventId } : undefined, {
    onStarted: () => c.markStarted(),
    onData: (d) =>
      c.push(
        ("data" in (d as object)
          ? { ...(d as { data: ConversationEvent }).data, id: (d as { id: string }).id }
          : d) as never,
      ),
    onError: (err) => c.push({ type: "error", err: String(err) } as never),
  });
  c.stopFn = () => sub.unsubscribe();
  return c;
}

export function inboxStream(url: string, cookie: string, lastEventId?: string) {
  const client = createSupportClient({ url, headers: { cookie: `sb_staff=${cookie}` } });
  const c = collector<InboxEvent>();
  const sub = client.live.inbox.subscribe(lastEventId ? { lastEventId } : undefined, {
    onStarted: () => c.markStarted(),
    onData: (d) => c.push(("data" in (d as object) ? (d as { data: InboxEvent }).data : d) as InboxEvent),
    onError: (err) => c.push({ type: "error", err: String(err) } as never),
  });
  c.stopFn = () => sub.unsubscribe();
  return c;
}

export function staffClient(url: string, cookie: string) {
  return createSupportClient({ url, headers: { cookie: `sb_staff=${cookie}` } });
}
