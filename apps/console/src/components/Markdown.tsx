// FAQ answers and messages in the console, rendered with the widget's rules (@support/markdown):
// what staff preview is what customers get. Links are clickable to any http(s) address here:
// staff need to check them; the widget limits them to the business's domains.
import { SafeMarkdown } from "@support/markdown";

export function Markdown({ text }: { text: string }) {
  return <SafeMarkdown text={text} />;
}
