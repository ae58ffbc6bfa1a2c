// Bot and staff replies as Markdown with the rules shared with the console (@support/markdown);
// links outside the business's allowed domains show as plain text (see link-policy.ts).
import { useCallback } from "react";
import { SafeMarkdown } from "@support/markdown";
import { isLinkAllowed } from "./link-policy.ts";

export default function MarkdownRenderer({
  text,
  linkDomains,
  base,
}: {
  text: string;
  linkDomains: readonly string[];
  base: string;
}) {
  const allowed = useCallback((href: string) => isLinkAllowed(href, linkDomains, base), [linkDomains, base]);
  return <SafeMarkdown text={text} isLinkAllowed={allowed} />;
}
