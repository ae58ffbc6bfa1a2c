// Markdown for bot and staff replies. The renderer is a separate chunk, fetched right after the
// panel first paints, so opening the chat never waits for it; until then text shows as typed.
import { lazy, memo, Suspense } from "react";

const loadRenderer = () => import("./MarkdownRenderer.tsx");
const MarkdownRenderer = lazy(loadRenderer);

/** Starts fetching the renderer without waiting for a message that needs it. */
export function preloadMarkdown(): void {
  void loadRenderer();
}

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="md">
      <Suspense fallback={<p className="plain">{text}</p>}>
        <MarkdownRenderer text={text} />
      </Suspense>
    </div>
  );
});
