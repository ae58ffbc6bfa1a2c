import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./Markdown.tsx";

describe("the console's markdown preview", () => {
  it("shows an image as its alt text and never loads it", () => {
    const html = renderToStaticMarkup(createElement(Markdown, { text: "Track it: ![tracking pixel](https://tracker.example/p.png) and ![](https://tracker.example/q.png)" }));
    expect(html).not.toContain("<img");
    expect(html).not.toContain("tracker.example");
    expect(html).toContain("[tracking pixel]");
  });

  it("still renders formatting and safe links", () => {
    const html = renderToStaticMarkup(createElement(Markdown, { text: "**$5**, see [returns](https://shop.example/returns)" }));
    expect(html).toContain("<strong>$5</strong>");
    expect(html).toContain('href="https://shop.example/returns"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });
});
