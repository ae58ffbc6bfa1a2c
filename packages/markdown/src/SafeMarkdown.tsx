// Markdown as customers see it in the widget and staff see it in the console, one set of rules:
// raw HTML shows as text (never as markup), images become their alt text (nothing is fetched from
// whatever server a text names), headings read as bold paragraphs (inside a chat bubble or a table
// cell they are not page structure), unsafe URLs (javascript:) are dropped by react-markdown, and
// a link opens in a new tab without access to this window, or shows as plain text when
// `isLinkAllowed` refuses it (the widget allows only the business's domains).
import { useMemo } from "react";
import ReactMarkdown, { type Components } from "react-markdown";

const staticComponents: Components = {
  img: ({ alt }) => (alt ? <span>{alt}</span> : null),
  h1: ({ children }) => <p className="md-heading">{children}</p>,
  h2: ({ children }) => <p className="md-heading">{children}</p>,
  h3: ({ children }) => <p className="md-heading">{children}</p>,
  h4: ({ children }) => <p className="md-heading">{children}</p>,
  h5: ({ children }) => <p className="md-heading">{children}</p>,
  h6: ({ children }) => <p className="md-heading">{children}</p>,
};

const allowAny = () => true;

export function SafeMarkdown({
  text,
  isLinkAllowed = allowAny,
}: {
  text: string;
  isLinkAllowed?: (href: string) => boolean;
}) {
  const components = useMemo<Components>(
    () => ({
      ...staticComponents,
      // An unsafe URL comes back from urlTransform as "": show the link text, not a dead link.
      a: ({ href, children }) =>
        href && isLinkAllowed(href) ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {children}
          </a>
        ) : (
          <span>{children}</span>
        ),
    }),
    [isLinkAllowed],
  );
  // skipHtml stays false: react-markdown then turns raw HTML into plain text instead of dropping it.
  return (
    <ReactMarkdown components={components} skipHtml={false}>
      {text}
    </ReactMarkdown>
  );
}
