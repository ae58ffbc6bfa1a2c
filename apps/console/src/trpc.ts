// The console's typed tRPC hooks. Same-origin /trpc, cookie sent automatically; the server has no
// transformer, so dates arrive as ISO strings (see `toDate`).
import { httpLink, splitLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createLinks, type AppRouter } from "@support/client";

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
        true: httpLink({ url: "/trpc", methodOverride: "POST" }),
        false: createLinks({ url: "/trpc" }),
      }),
    ],
  });
}
