// The embed loader (/widget.js) gets the console's widget colour written in when it is served, so
// the launcher on the business's site matches the chat without a data-color attribute (which still
// wins). The built file holds a placeholder where the colour goes (apps/widget/src/loader/widget.ts).
export const WIDGET_COLOR_PLACEHOLDER = "__SUPPORT_WIDGET_COLOR__";

/** The loader with `color` in place of the placeholder; only a #rrggbb colour is ever written in. */
export function withConfiguredColor(loaderSource: string, color: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) return loaderSource;
  return loaderSource.replaceAll(WIDGET_COLOR_PLACEHOLDER, color);
}
