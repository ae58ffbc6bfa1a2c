// FAQ answers are markdown; raw HTML in them is never rendered (skipHtml), links open safely, and
// images show as their alt text: a preview must not fetch from whatever server an answer names
// (the widget shows FAQ answers the same way).
import ReactMarkdown from "react-markdown";

export function Markdown({ text }: { text: string }) {
  return (
    <ReactMarkdown
      skipHtml
      components={{
        a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
        img: ({ alt }) => (alt ? <span className="md-image-alt">[{alt}]</span> : null),
      }}
    >
      {text}
    </ReactMarkdown>
  );
}
