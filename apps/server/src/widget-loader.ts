// The embed loader (/widget.js) gets the console's widget colour and launcher position written in
// when it is served, so the launcher on the business's site matches the console without data-
// attributes (which still win). The built file holds placeholders where they go
// (apps/widget/src/loader/widget.ts). The loader also asks /widget/allowed whether the page's site
// may show the chat (the frame-ancestors policy would refuse the frame anyway: this spares the
// customer a launcher that opens a broken frame).
export const WIDGET_COLOR_PLACEHOLDER = "__SUPPORT_WIDGET_COLOR__";
export const WIDGET_POSITION_PLACEHOLDER = "__SUPPORT_WIDGET_POSITION__";

export type LoaderSettings = { widgetColor: string; widgetPosition: string };

/** The loader with the settings in place of the placeholders; only a #rrggbb colour and left/right are ever written in. */
export function withConfiguredSettings(loaderSource: string, settings: LoaderSettings): string {
  let out = loaderSource;
  if (/^#[0-9a-fA-F]{6}$/.test(settings.widgetColor))
    out = out.replaceAll(WIDGET_COLOR_PLACEHOLDER, settings.widgetColor);
  if (settings.widgetPosition === "left" || settings.widgetPosition === "right")
    out = out.replaceAll(WIDGET_POSITION_PLACEHOLDER, settings.widgetPosition);
  return out;
}

/** Whether a page at `origin` may frame the chat: the server's own pages, or a site in Settings -> Allowed website origins. */
export function isAllowedWebsite(origin: string | null, ownOrigin: string, allowedOrigins: readonly string[]): boolean {
  if (!origin) return false;
  let normalized: string;
  try {
    normalized = new URL(origin).origin;
  } catch {
    return false;
  }
  return normalized === ownOrigin || allowedOrigins.includes(normalized);
}
