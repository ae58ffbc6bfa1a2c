import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./Markdown.tsx";

describe("the console's markdown preview", () => {
  it("shows an image as its alt text and never loads it", () => {
    const html = renderToStaticMarkup(
      createElement(Markdown, {
        text: "Track it: ![tracking pixel](https://tracker.example/p.png) and ![](https://tracker.example/q.png)",
      }),
    );
    expect(html).not.toContain("<img");
    expect(html).not.toContain("tracker.example");
    expect(html).toContain("tracking pixel");
  });

  it("still renders formatting and safe links", () => {
    const html = renderToStaticMarkup(
      createElement(Markdown, { text: "**$5**, see [returns](https://shop.example/returns)" }),
    );
    expect(html).toContain("<strong>$5</strong>");
    expect(html).toContain('href="https://shop.example/returns"');
    expect(html).toContain('rel="noopener noreferrer"');
  });
});

describe("the console renders markdown with the widget's rules", () => {
  it("shows raw HTML as text, never as markup, and headings as bold paragraphs", () => {
    const html = renderToStaticMarkup(
      createElement(Markdown, { text: "# Returns\n\nSee <img src=x onerror=alert(1)> <b>here</b>" }),
    );
    expect(html).not.toMatch(/<img|<b>|<h1/);
    expect(html).toContain("&lt;b&gt;here&lt;/b&gt;");
    expect(html).toContain('<p class="md-heading">Returns</p>');
  });

  it("drops javascript: links to their text", () => {
    const html = renderToStaticMarkup(createElement(Markdown, { text: "[click](javascript:alert(1))" }));
    expect(html).not.toContain("javascript:");
    expect(html).toContain("<span>click</span>");
  });
});
