// The console's typed tRPC hooks. Same-origin /trpc, cookie sent automatically; superjson both ways,
// as every client (packages/client), so an output typed Date arrives as a Date.
import { httpLink, splitLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createLinks, transformer, type AppRouter } from "@support/client";

export const trpc = createTRPCReact<AppRouter>();
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export function createConsoleClient() {
  return trpc.createClient({
    links: [
      // Sign-in and sign-out set or clear the session cookie. A streamed batch response has sent
      // its headers before the procedure runs, so these go as plain, unbatched requests.
      splitLink({
        condition: (op) => op.path.startsWith("auth."),
        true: httpLink({ url: "/trpc", methodOverride: "POST", transformer }),
        false: createLinks({ url: "/trpc" }),
      }),
    ],
  });
}
