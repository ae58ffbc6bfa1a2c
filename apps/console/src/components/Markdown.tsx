// FAQ answers are markdown; raw HTML in them is never rendered (skipHtml), links open safely.
import ReactMarkdown from "react-markdown";

export function Markdown({ text }: { text: string }) {
  return (
    <ReactMarkdown
      skipHtml
      components={{ a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" /> }}
    >
      {text}
    </ReactMarkdown>
  );
}
