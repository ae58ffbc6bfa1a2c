// One tRPC client for the iframe: react-query hooks for simple calls, and the same client's
// vanilla interface for chat.send, whose reply is consumed as a stream of events.
import { createLinks, type AppRouter } from "@support/client";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCReact } from "@trpc/react-query";
import { sessionStore } from "./storage.ts";

export const trpc = createTRPCReact<AppRouter>();

// The live stream is authorised by the session token in a header (never in its URL).
const sessionHeader = (): Record<string, string> => {
  const token = sessionStore.get();
  return token ? { "x-session-token": token } : {};
};

export const trpcClient = trpc.createClient({ links: createLinks({ url: "/trpc", headers: sessionHeader }) });

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { refetchOnWindowFocus: false, staleTime: 5 * 60_000, retry: 2 },
    mutations: { retry: false },
  },
});
