// An EventSource that can send headers, built on fetch. Browsers' EventSource cannot, and live
// streams must carry the customer's session token in a header, never in the URL. Follows the SSE
// spec's parsing, reconnects with Last-Event-ID (so the server replays what was missed), and
// exposes the EventSource surface tRPC's httpSubscriptionLink uses. The wire format is parsed by
// eventsource-parser; what is left here is the connection's life cycle (no library offers headers
// plus the EventSource surface without also bringing its own reconnect rules).
import { createParser } from "eventsource-parser";

export type HeaderEventSourceInit = {
  headers?: Record<string, string> | (() => Record<string, string>);
  fetch?: typeof fetch;
  /** Default delay before reconnecting; the server's `retry:` field overrides it. */
  retryMs?: number;
};

type SseMessage = Event & { data: string; lastEventId: string };

export class HeaderEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readyState = 0;
  readonly url: string;
  readonly withCredentials = false;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: SseMessage) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  private lastEventId = "";
  private retryMs: number;
  private abort: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    url: string | URL,
    private readonly init: HeaderEventSourceInit = {},
  ) {
    super();
    this.url = String(url);
    this.retryMs = init.retryMs ?? 1000;
    void this.connect();
  }

  close(): void {
    this.readyState = 2;
    this.abort?.abort();
    if (this.timer) clearTimeout(this.timer);
  }

  private emit(type: string, props: Partial<SseMessage> = {}) {
    const event = Object.assign(new Event(type), props) as SseMessage;
    this.dispatchEvent(event);
    if (type === "open") this.onopen?.(event);
    else if (type === "message") this.onmessage?.(event);
    else if (type === "error") this.onerror?.(event);
  }

  private scheduleReconnect() {
    if (this.readyState === 2) return;
    this.readyState = 0;
    this.emit("error");
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
  }

  private async connect(): Promise<void> {
    if (this.readyState === 2) return;
    this.abort = new AbortController();
    const extra = typeof this.init.headers === "function" ? this.init.headers() : (this.init.headers ?? {});
    const headers: Record<string, string> = { accept: "text/event-stream", "cache-control": "no-cache", ...extra };
    if (this.lastEventId) headers["last-event-id"] = this.lastEventId;
    let res: Response;
    try {
      res = await (this.init.fetch ?? fetch)(this.url, {
        headers,
        signal: this.abort.signal,
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      this.scheduleReconnect();
      return;
    }
    if (!res.ok || !res.body || !(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
      // A client error will not fix itself by retrying: fail like EventSource does.
      if (res.status >= 400 && res.status < 500) {
        this.readyState = 2;
        this.emit("error");
        return;
      }
      this.scheduleReconnect();
      return;
    }
    this.readyState = 1;
    this.emit("open");
    try {
      await this.read(res.body);
    } catch {
      /* connection dropped */
    }
    this.scheduleReconnect();
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const parser = createParser({
      onEvent: (message) => {
        // The spec keeps the last id across events that carry none; the parser reports only what each event says.
        if (message.id !== undefined) this.lastEventId = message.id;
        this.emit(message.event ?? "message", { data: message.data, lastEventId: this.lastEventId });
      },
      onRetry: (ms) => {
        this.retryMs = ms;
      },
    });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  }
}
