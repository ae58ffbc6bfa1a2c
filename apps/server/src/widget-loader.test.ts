import { describe, expect, it } from "vitest";
import {
  isAllowedWebsite,
  WIDGET_COLOR_PLACEHOLDER,
  WIDGET_POSITION_PLACEHOLDER,
  withConfiguredSettings,
} from "./widget-loader.ts";

const source = `const c="${WIDGET_COLOR_PLACEHOLDER}",p="${WIDGET_POSITION_PLACEHOLDER}";`;

describe("withConfiguredSettings", () => {
  it("writes a #rrggbb colour and the position in place of the placeholders", () => {
    expect(withConfiguredSettings(source, { widgetColor: "#0F766E", widgetPosition: "left" })).toBe(
      'const c="#0F766E",p="left";',
    );
  });

  it("leaves a placeholder untouched for anything else, so nothing but a colour or a side reaches the page", () => {
    for (const bad of ["", "red", "#fff", '#000000";alert(1);"', "#12345g"]) {
      expect(withConfiguredSettings(source, { widgetColor: bad, widgetPosition: "right" })).toBe(
        `const c="${WIDGET_COLOR_PLACEHOLDER}",p="right";`,
      );
    }
    expect(withConfiguredSettings(source, { widgetColor: "#000000", widgetPosition: 'left";x="' })).toBe(
      `const c="#000000",p="${WIDGET_POSITION_PLACEHOLDER}";`,
    );
  });
});

describe("isAllowedWebsite", () => {
  const own = "https://support.example.com";
  it("allows the server's own pages and the listed sites, by origin", () => {
    expect(isAllowedWebsite(own, own, [])).toBe(true);
    expect(isAllowedWebsite("https://shop.example.com", own, ["https://shop.example.com"])).toBe(true);
    expect(isAllowedWebsite("https://shop.example.com/", own, ["https://shop.example.com"])).toBe(true);
  });
  it("refuses other sites, other schemes or ports, and junk", () => {
    expect(isAllowedWebsite("https://evil.example.com", own, ["https://shop.example.com"])).toBe(false);
    expect(isAllowedWebsite("http://shop.example.com", own, ["https://shop.example.com"])).toBe(false);
    expect(isAllowedWebsite("https://shop.example.com:8443", own, ["https://shop.example.com"])).toBe(false);
    expect(isAllowedWebsite("not a url", own, [])).toBe(false);
    expect(isAllowedWebsite(null, own, [])).toBe(false);
  });
});
