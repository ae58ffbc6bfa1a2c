// The console's typed tRPC hooks. Same-origin /trpc, cookie sent automatically; the server has no
// transformer, so dates arrive as ISO strings (see `toDate`).
import { createTRPCReact, type inferReactQueryProcedureOptions } from "@trpc/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createLinks, type AppRouter } from "@support/client";

export const trpc = createTRPCReact<AppRouter>();
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type ReactQueryOptions = inferReactQueryProcedureOptions<AppRouter>;

export function createConsoleClient() {
  return trpc.createClient({ links: createLinks({ url: "/trpc" }) });
}
