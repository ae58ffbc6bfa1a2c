// An EventSource that can send headers, built on fetch. Browsers' EventSource cannot, and live
// streams must carry the customer's session token in a header, never in the URL. Follows the SSE
// spec's parsing, reconnects with Last-Event-ID (so the server replays what was missed), and
// exposes the EventSource surface tRPC's httpSubscriptionLink uses.
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
      res = await (this.init.fetch ?? fetch)(this.url, { headers, signal: this.abort.signal, credentials: "same-origin", cache: "no-store" });
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
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let data: string[] = [];
    let eventType = "";
    let id: string | null = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
        if (line === "") {
          if (id !== null) this.lastEventId = id;
          if (data.length) this.emit(eventType || "message", { data: data.join("\n"), lastEventId: this.lastEventId });
          data = [];
          eventType = "";
          id = null;
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const val = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "data") data.push(val);
        else if (field === "event") eventType = val;
        else if (field === "id" && !val.includes("\0")) id = val;
        else if (field === "retry" && /^\d+$/.test(val)) this.retryMs = Number(val);
      }
    }
  }
}
