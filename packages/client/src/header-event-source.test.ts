import { describe, expect, it } from "vitest";
import { HeaderEventSource } from "./header-event-source.ts";

/** A fetch that answers once with an SSE body cut into the given chunks, then hangs up. */
function sseFetch(chunks: string[], seen: Array<Record<string, string>>): typeof fetch {
  return (async (_url: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ ...(init?.headers as Record<string, string>) });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  }) as typeof fetch;
}

function collect(
  source: HeaderEventSource,
  count: number,
): Promise<Array<{ type: string; data: string; lastEventId: string }>> {
  const got: Array<{ type: string; data: string; lastEventId: string }> = [];
  return new Promise((resolve) => {
    const on = (e: Event) => {
      const m = e as Event & { data: string; lastEventId: string };
      got.push({ type: e.type, data: m.data, lastEventId: m.lastEventId });
      if (got.length === count) {
        source.close();
        resolve(got);
      }
    };
    source.addEventListener("message", on);
    source.addEventListener("serialized-error", on);
  });
}

describe("HeaderEventSource", () => {
  it("keeps one event whole when a CRLF line end is split across chunks", async () => {
    const seen: Array<Record<string, string>> = [];
    const source = new HeaderEventSource("http://x/sse", {
      fetch: sseFetch(["id: 7\r", "\ndata: line one\r", "\ndata: line two\r\n\r", "\ndata: second\r\n\r\n"], seen),
      headers: { "x-session-token": "t" },
    });
    const events = await collect(source, 2);
    expect(events).toEqual([
      { type: "message", data: "line one\nline two", lastEventId: "7" },
      { type: "message", data: "second", lastEventId: "7" },
    ]);
    expect(seen[0]?.["x-session-token"]).toBe("t");
  });

  it("dispatches named events and resumes with Last-Event-ID after the stream ends", async () => {
    const seen: Array<Record<string, string>> = [];
    let call = 0;
    const fetcher: typeof fetch = (url, init) => {
      call += 1;
      return sseFetch(
        call === 1 ? ["retry: 5\nid: 3\nevent: serialized-error\ndata: x\n\n"] : ["data: after\n\n"],
        seen,
      )(url, init);
    };
    const events = await collect(new HeaderEventSource("http://x/sse", { fetch: fetcher }), 2);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ["serialized-error", "x"],
      ["message", "after"],
    ]);
    expect(seen[1]?.["last-event-id"]).toBe("3");
  });
});
