import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { isLinkAllowed } from "./link-policy.ts";
import MarkdownRenderer from "./MarkdownRenderer.tsx";

const DOMAINS = ["shop.example.com", "example.org", "support.example.net"];
const BASE = "https://support.example.net/widget/";

describe("isLinkAllowed", () => {
  it("allows the listed domains and their subdomains, over http(s) or mailto", () => {
    expect(isLinkAllowed("https://shop.example.com/returns", DOMAINS, BASE)).toBe(true);
    expect(isLinkAllowed("https://help.example.org/a?b#c", DOMAINS, BASE)).toBe(true);
    expect(isLinkAllowed("HTTP://EXAMPLE.ORG.", DOMAINS, BASE)).toBe(true);
    expect(isLinkAllowed("mailto:help@example.org", DOMAINS, BASE)).toBe(true);
    // Relative links point at the server the widget is served from.
    expect(isLinkAllowed("/widget/help", DOMAINS, BASE)).toBe(true);
  });

  it("refuses look-alikes, other domains, credentials tricks and other schemes", () => {
    for (const href of [
      "https://example.com/",
      "https://shop.example.com.evil.io/",
      "https://evilexample.org/",
      "https://example.org@evil.io/",
      "mailto:refunds@evil.io",
      "tel:+15551234",
      "javascript:alert(1)",
      "data:text/html,hi",
      "//evil.io/x",
    ]) {
      expect(isLinkAllowed(href, DOMAINS, BASE), href).toBe(false);
    }
  });
});

describe("MarkdownRenderer", () => {
  const render = (text: string, linkDomains: string[] = DOMAINS) =>
    renderToStaticMarkup(createElement(MarkdownRenderer, { text, linkDomains, base: BASE }));

  it("renders links to allowed domains as links, and links elsewhere as plain text", () => {
    const html = render(
      "See [our returns page](https://shop.example.com/returns) or [claim your refund](https://refunds-acme.io/claim).",
    );
    expect(html).toContain(
      '<a href="https://shop.example.com/returns" target="_blank" rel="noopener noreferrer">our returns page</a>',
    );
    expect(html).toContain("<span>claim your refund</span>");
    expect(html).not.toContain("refunds-acme.io");
  });

  it("makes no link clickable before the allowed domains are known", () => {
    expect(render("[returns](https://shop.example.com/returns)", [])).toBe("<p><span>returns</span></p>");
  });
});
