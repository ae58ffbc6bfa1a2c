// Bot and staff replies as Markdown, safely: raw HTML shows as text, images become their alt text,
// links open in a new tab without access to this window, unsafe URLs (javascript:) are dropped, and
// links outside the business's allowed domains show as plain text (see link-policy.ts).
import { useMemo } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import { isLinkAllowed } from "./link-policy.ts";

const staticComponents: Components = {
  img: ({ alt }) => (alt ? <span>{alt}</span> : null),
  // Headings inside a chat bubble read as bold text, not as page structure.
  h1: ({ children }) => <p className="md-heading">{children}</p>,
  h2: ({ children }) => <p className="md-heading">{children}</p>,
  h3: ({ children }) => <p className="md-heading">{children}</p>,
  h4: ({ children }) => <p className="md-heading">{children}</p>,
  h5: ({ children }) => <p className="md-heading">{children}</p>,
  h6: ({ children }) => <p className="md-heading">{children}</p>,
};

export default function MarkdownRenderer({ text, linkDomains, base }: { text: string; linkDomains: readonly string[]; base: string }) {
  const components = useMemo<Components>(
    () => ({
      ...staticComponents,
      // An unsafe URL comes back from urlTransform as "": show the link text, not a dead link.
      a: ({ href, children }) =>
        href && isLinkAllowed(href, linkDomains, base) ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {children}
          </a>
        ) : (
          <span>{children}</span>
        ),
    }),
    [linkDomains, base],
  );
  return (
    <ReactMarkdown components={components} skipHtml={false}>
      {text}
    </ReactMarkdown>
  );
}
