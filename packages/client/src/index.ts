// @support/client: the typed client for scripts and the SPAs.
import { createTRPCClient, TRPCClientError } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@support/api";
import { createLinks } from "./links.ts";

export { createLinks, transformer, type LinkOptions } from "./links.ts";
export { HeaderEventSource } from "./header-event-source.ts";
export { newClientMessageId } from "./ids.ts";
export type { AppRouter } from "@support/api";
/** What each procedure takes and returns, as its callers see it (after superjson: Dates are Dates). */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export { TRPCClientError };

export type SupportClientOptions = {
  /** The server's base URL (https://support.example.com) or its /trpc endpoint. */
  url: string;
  /** An API token (sbt_...) created by an admin in the console. */
  token?: string;
  /** Extra headers on every call and stream (e.g. a customer's x-session-token, a staff cookie). */
  headers?: Record<string, string>;
};

export function createSupportClient(opts: SupportClientOptions) {
  const base = opts.url.replace(/\/+$/, "");
  const url = base.endsWith("/trpc") ? base : `${base}/trpc`;
  return createTRPCClient<AppRouter>({
    links: createLinks({
      url,
      headers: (): Record<string, string> => ({
        ...opts.headers,
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      }),
    }),
  });
}

export type SupportClient = ReturnType<typeof createSupportClient>;

/** True when a call failed with the given tRPC error code (UNAUTHORIZED, FORBIDDEN, BAD_REQUEST, ...). */
export function isErrorCode(err: unknown, code: string): boolean {
  return err instanceof TRPCClientError && (err.data as { code?: string } | undefined)?.code === code;
}
