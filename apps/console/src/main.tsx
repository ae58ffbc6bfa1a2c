// Entry: React Query + tRPC providers. A call that finds the session gone sends the person back
// to sign-in (the `me` query is the single source of "who is signed in").
// First, before any module builds a zod schema.
import "./zod-without-eval.ts";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { ToastProvider } from "./components/ui.tsx";
import { createConsoleClient, trpc } from "./trpc.ts";
import "./styles.css";

function isUnauthorized(err: unknown) {
  return (err as { data?: { code?: string } })?.data?.code === "UNAUTHORIZED";
}

function Root() {
  const [queryClient] = useState(() => {
    const qc: QueryClient = new QueryClient({
      defaultOptions: {
        queries: {
          retry: (count, err) => !isUnauthorized(err) && (err as { data?: unknown }).data === undefined && count < 2,
          refetchOnWindowFocus: true,
          staleTime: 5_000,
        },
      },
      queryCache: new QueryCache({ onError: (err, query) => onAuthError(err, query.queryKey) }),
      mutationCache: new MutationCache({ onError: (err) => onAuthError(err, null) }),
    });
    function onAuthError(err: unknown, key: readonly unknown[] | null) {
      // The session ended (expired, signed out elsewhere, account deactivated): show sign-in.
      // Only while someone is signed in: a failed sign-in is the sign-in form's own business.
      const signedIn = qc.getQueriesData({ queryKey: [["auth", "me"]] }).some(([, data]) => data !== undefined);
      const isMe = JSON.stringify(key ?? []).includes('"me"');
      if (isUnauthorized(err) && signedIn && !isMe) void qc.invalidateQueries({ queryKey: [["auth", "me"]] });
    }
    return qc;
  });
  const [trpcClient] = useState(createConsoleClient);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <App />
        </ToastProvider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
