// Bot and staff replies as Markdown, safely: raw HTML shows as text, images become their alt text,
// links open in a new tab without access to this window, and unsafe URLs (javascript:) are dropped.
import ReactMarkdown, { type Components } from "react-markdown";

const components: Components = {
  // An unsafe URL comes back from urlTransform as "": show the link text, not a dead link.
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ alt }) => (alt ? <span>{alt}</span> : null),
  // Headings inside a chat bubble read as bold text, not as page structure.
  h1: ({ children }) => <p className="md-heading">{children}</p>,
  h2: ({ children }) => <p className="md-heading">{children}</p>,
  h3: ({ children }) => <p className="md-heading">{children}</p>,
  h4: ({ children }) => <p className="md-heading">{children}</p>,
  h5: ({ children }) => <p className="md-heading">{children}</p>,
  h6: ({ children }) => <p className="md-heading">{children}</p>,
};

export default function MarkdownRenderer({ text }: { text: string }) {
  return (
    <ReactMarkdown components={components} skipHtml={false}>
      {text}
    </ReactMarkdown>
  );
}
