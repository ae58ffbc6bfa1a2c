// The tRPC links every caller uses: the SPAs, scripts and tests. Queries and mutations go as POST
// (customer tokens must never appear in a URL) over a batched, streaming HTTP link, so a
// mutation can stream its reply; subscriptions use SSE. Everything is superjson, as on the server
// (packages/api/src/lib/transformer.ts): a Date the server returns arrives as a Date.
import { httpBatchStreamLink, httpSubscriptionLink, splitLink, type TRPCLink } from "@trpc/client";
import type { AppRouter } from "@support/api";
import superjson from "superjson";
import { HeaderEventSource } from "./header-event-source.ts";

/** What every link here and any other link to /trpc (e.g. the console's plain httpLink) must use. */
export const transformer = superjson;

export type LinkOptions = {
  /** Base URL of the tRPC endpoint, e.g. https://support.example.com/trpc or "/trpc" in a SPA. */
  url: string;
  /** Extra headers on every request (API token, session token). */
  headers?: () => Record<string, string>;
  /** For scripts outside a browser: a fetch to use. */
  fetch?: typeof fetch;
};

export function createLinks(opts: LinkOptions): TRPCLink<AppRouter>[] {
  return [
    splitLink({
      condition: (op) => op.type === "subscription",
      // Live streams send the same headers (session token, API token) as every other call.
      true: httpSubscriptionLink({
        url: opts.url,
        transformer,
        EventSource: HeaderEventSource,
        eventSourceOptions: () => ({ headers: opts.headers ?? (() => ({})), fetch: opts.fetch }),
      }),
      false: httpBatchStreamLink({
        url: opts.url,
        transformer,
        methodOverride: "POST",
        maxItems: 10,
        headers: opts.headers,
        fetch: opts.fetch,
      }),
    }),
  ];
}
