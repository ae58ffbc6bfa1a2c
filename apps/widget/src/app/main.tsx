// Entry of the chat iframe app (served under /widget/).
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { preloadMarkdown } from "./Markdown.tsx";
import "./styles.css";
import { queryClient, trpc, trpcClient } from "./trpc.ts";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </trpc.Provider>
  </StrictMode>,
);

// After first paint: the chat is usable before the Markdown renderer arrives.
requestAnimationFrame(() => setTimeout(preloadMarkdown, 0));
