import { describe, expect, it } from "vitest";
import { WIDGET_COLOR_PLACEHOLDER, withConfiguredColor } from "./widget-loader.ts";

const source = `const c="${WIDGET_COLOR_PLACEHOLDER}";`;

describe("withConfiguredColor", () => {
  it("writes a #rrggbb colour in place of the placeholder", () => {
    expect(withConfiguredColor(source, "#0F766E")).toBe('const c="#0F766E";');
  });

  it("leaves the loader untouched for anything else, so nothing but a colour reaches the page", () => {
    for (const bad of ["", "red", "#fff", '#000000";alert(1);"', "#12345g"]) expect(withConfiguredColor(source, bad)).toBe(source);
  });
});
