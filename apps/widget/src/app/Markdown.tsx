// Markdown for bot and staff replies. The renderer is a separate chunk, fetched right after the
// panel first paints, so opening the chat never waits for it; until then text shows as typed.
import { lazy, memo, Suspense } from "react";
import { trpc } from "./trpc.ts";

const loadRenderer = () => import("./MarkdownRenderer.tsx");
const MarkdownRenderer = lazy(loadRenderer);
const NO_DOMAINS: readonly string[] = [];

/** Starts fetching the renderer without waiting for a message that needs it. */
export function preloadMarkdown(): void {
  void loadRenderer();
}

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  // The same query as the app's (one request): until it answers, no link is clickable.
  const linkDomains = trpc.widget.config.useQuery().data?.linkDomains ?? NO_DOMAINS;
  return (
    <div className="md">
      <Suspense fallback={<p className="plain">{text}</p>}>
        <MarkdownRenderer text={text} linkDomains={linkDomains} base={window.location.href} />
      </Suspense>
    </div>
  );
});
