// The embed loader served as /widget.js: draws a launcher button (in a shadow root, so the host
// page's CSS cannot reach it) and an iframe of the widget app: loaded hidden once the page is idle
// (so a click opens the chat at once; the app asks the server nothing until it is opened), or on
// the first click. No framework.
import { parseHexColor, readableTextOn } from "../color.ts";
import { CHANNEL, isProtocolMessage, type ToHost, type ToWidget } from "../protocol.ts";

export type SupportWidgetApi = {
  open(): void;
  close(): void;
  toggle(): void;
  isOpen(): boolean;
};

declare global {
  interface Window {
    SupportWidget?: SupportWidgetApi;
  }
}

const CHAT_ICON =
  '<svg class="i-chat" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 3C6.5 3 2 6.8 2 11.5c0 2.4 1.2 4.6 3.1 6.1L4.5 21l3.9-1.9c1.1.3 2.3.5 3.6.5 5.5 0 10-3.8 10-8.5S17.5 3 12 3z"/></svg>';
const CLOSE_ICON =
  '<svg class="i-close" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" d="M6 9l6 6 6-6"/></svg>';

function styles(side: "left" | "right", color: string, fg: string): string {
  return `:host{all:initial}
.l{position:fixed;bottom:20px;${side}:20px;z-index:2147483647;width:56px;height:56px;padding:0;border:0;border-radius:50%;background:${color};color:${fg};box-shadow:0 6px 20px rgba(17,24,39,.28);cursor:pointer;display:grid;place-items:center;transition:transform .15s ease}
.l:hover{transform:scale(1.06)}
.l:focus-visible{outline:3px solid ${color};outline-offset:3px;box-shadow:0 0 0 3px #fff,0 6px 20px rgba(17,24,39,.28)}
.l svg{width:28px;height:28px}
.l .i-close,.l.o .i-chat{display:none}
.l.o .i-close{display:block}
.b{position:absolute;top:-3px;right:-3px;min-width:20px;height:20px;padding:0 6px;box-sizing:border-box;border-radius:10px;background:#dc2626;color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center}
.b[hidden]{display:none}
.p{position:fixed;bottom:88px;${side}:20px;z-index:2147483647;width:384px;height:min(680px,calc(100vh - 108px));border-radius:16px;overflow:hidden;background:#fff;box-shadow:0 16px 48px rgba(17,24,39,.24);opacity:0;visibility:hidden;transform:translateY(12px) scale(.98);transform-origin:bottom ${side};transition:opacity .18s ease,transform .18s ease,visibility 0s linear .18s}
.p.o{opacity:1;visibility:visible;transform:none;transition:opacity .18s ease,transform .18s ease}
.p iframe{display:block;width:100%;height:100%;border:0}
@media (max-width:479.98px),(max-height:499.98px){.p{inset:0;width:100%;height:100%;border-radius:0}.p.o+.l{display:none}}
@media (prefers-reduced-motion:reduce){.p,.p.o,.l{transition:none}}`;
}

/** Replaced by the server with the console's widget colour; left as is, it is not a colour. */
const CONFIGURED_COLOR = "__SUPPORT_WIDGET_COLOR__";
/** Replaced by the server with the console's launcher position ("left" | "right"). */
const CONFIGURED_POSITION = "__SUPPORT_WIDGET_POSITION__";

/** A function rather than an inline comparison, so the minifier can't fold the placeholder away. */
function parseSide(value: string | undefined): "left" | "right" | null {
  return value === "left" || value === "right" ? value : null;
}

/**
 * Whether the server lets this site show the chat (Settings -> Allowed website origins). A page
 * that isn't allowed would get a frame the browser refuses to draw, so it gets no launcher, and
 * its developer one console line naming the setting.
 */
async function siteAllowed(widgetOrigin: string, hostOrigin: string): Promise<boolean> {
  if (widgetOrigin === hostOrigin) return true;
  const url = new URL("/widget/allowed", widgetOrigin);
  url.searchParams.set("origin", hostOrigin);
  try {
    const res = await fetch(url.href, { credentials: "omit" });
    const body = (await res.json()) as { allowed?: unknown };
    if (body.allowed === true) return true;
    console.warn(
      `Support widget: ${hostOrigin} is not an allowed website, so the chat is not shown. Add ${hostOrigin} under Settings -> Allowed website origins in the support console (${widgetOrigin}/console/).`,
    );
  } catch {
    console.warn(
      `Support widget: could not reach ${widgetOrigin} to check Settings -> Allowed website origins, so the chat is not shown.`,
    );
  }
  return false;
}

function boot(): void {
  if (window.SupportWidget) return; // the tag was pasted twice
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[src*="/widget.js"]');
  if (!script) return;
  const widgetOrigin = new URL(script.src, location.href).origin;
  const hostOrigin = location.origin;
  const data = script.dataset;
  // data-position wins; else the console's setting, written in by the server; else the right.
  const side = parseSide(data.position) ?? parseSide(CONFIGURED_POSITION) ?? "right";
  const brand = parseHexColor(data.color);
  // data-color wins; else the colour set in the console, which the server writes into this file
  // when it serves it (see apps/server/src/widget-loader.ts); else the default.
  const color = brand ?? parseHexColor(CONFIGURED_COLOR) ?? "#2563eb";
  // A follow-up email's "Continue the conversation" link lands here with ?support_chat=<secret>:
  // the chat opens on that conversation, and the secret leaves the address bar (and its history).
  const pageUrl = new URL(location.href);
  const reopenToken = pageUrl.searchParams.get("support_chat");
  if (reopenToken) {
    pageUrl.searchParams.delete("support_chat");
    history.replaceState(history.state, "", pageUrl.href);
  }
  const openOnLoad = data.open === "" || data.open === "true" || reopenToken !== null;

  const host = document.createElement("div");
  host.setAttribute("data-support-widget", "");
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `<style>${styles(side, color, readableTextOn(color))}</style><div class="p" role="dialog" aria-label="Support chat"></div><button class="l" type="button" aria-expanded="false">${CHAT_ICON}${CLOSE_ICON}<span class="b" hidden></span></button>`;
  const panel = root.querySelector(".p") as HTMLDivElement;
  const launcher = root.querySelector(".l") as HTMLButtonElement;
  const badge = root.querySelector(".b") as HTMLSpanElement;
  panel.id = "support-widget-panel";
  launcher.setAttribute("aria-controls", panel.id);

  let frame: HTMLIFrameElement | null = null;
  let ready = false;
  let open = false;
  let focusOnReady = false;

  function label(): void {
    launcher.setAttribute(
      "aria-label",
      open ? "Close support chat" : badge.hidden ? "Open support chat" : `Open support chat, ${badge.textContent} new`,
    );
    launcher.setAttribute("aria-expanded", String(open));
    launcher.classList.toggle("o", open);
    panel.classList.toggle("o", open);
  }

  function post(message: ToWidget): void {
    // Explicit target origin: the message only reaches our widget, never a navigated-away frame.
    frame?.contentWindow?.postMessage(message, widgetOrigin);
  }

  function createFrame(): HTMLIFrameElement {
    const src = new URL("/widget/", widgetOrigin);
    src.searchParams.set("host", hostOrigin);
    if (brand) src.searchParams.set("color", brand);
    if (reopenToken) src.searchParams.set("reopen", reopenToken);
    // The page the chat is opened on, shown to staff in the Inbox (the fragment stays on the page).
    src.searchParams.set("page", pageUrl.href.split("#")[0]!);
    const f = document.createElement("iframe");
    f.title = "Support chat";
    f.src = src.href;
    f.setAttribute("allow", "clipboard-write");
    panel.appendChild(f);
    return f;
  }

  function show(focus: boolean): void {
    if (open) return;
    open = true;
    frame ??= createFrame();
    badge.hidden = true;
    label();
    if (ready) activate(focus);
    else focusOnReady = focus;
  }

  function activate(focus: boolean): void {
    if (focus) frame?.focus();
    post({ channel: CHANNEL, type: "open", focus });
  }

  function hide(): void {
    if (!open) return;
    // Focus was in the chat (or on the launcher): return it to the launcher, not to <body>.
    const hadFocus = document.activeElement === host;
    open = false;
    label();
    post({ channel: CHANNEL, type: "closed" });
    if (hadFocus) launcher.focus();
  }

  launcher.addEventListener("click", () => (open ? hide() : show(true)));
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && open && document.activeElement === host) hide();
  });
  window.addEventListener("message", (e: MessageEvent) => {
    if (e.origin !== widgetOrigin || !frame || e.source !== frame.contentWindow || !isProtocolMessage(e.data)) return;
    const message = e.data as ToHost;
    if (message.type === "ready") {
      ready = true;
      if (open) activate(focusOnReady);
    } else if (message.type === "close") {
      hide();
    } else if (message.type === "unread" && !open) {
      badge.hidden = message.count <= 0;
      badge.textContent = String(message.count);
      label();
    }
  });

  label();
  const api: SupportWidgetApi = {
    open: () => show(true),
    close: hide,
    toggle: () => (open ? hide() : show(true)),
    isOpen: () => open,
  };
  window.SupportWidget = api;

  // Parsing and starting the app takes longer than its download on a slow phone: do it while the
  // customer reads the page, hidden. The files are cached (hashed, a year), so later pages load
  // nothing but the small HTML. Not on a connection that asks to save data: there it waits for a click.
  const warmUp = () => {
    frame ??= createFrame();
  };
  const mount = () => {
    document.body.appendChild(host);
    if (openOnLoad) show(false);
    else if (!(navigator as { connection?: { saveData?: boolean } }).connection?.saveData) {
      // Safari has no requestIdleCallback.
      if ("requestIdleCallback" in window) requestIdleCallback(warmUp, { timeout: 3_000 });
      else setTimeout(warmUp, 1_000);
    }
    window.dispatchEvent(new CustomEvent("supportwidget:ready"));
  };
  void siteAllowed(widgetOrigin, hostOrigin).then((allowed) => {
    if (!allowed) {
      // Stays defined (a second tag stays quiet), but has nothing to open.
      window.SupportWidget = {
        open: () => undefined,
        close: () => undefined,
        toggle: () => undefined,
        isOpen: () => false,
      };
      return;
    }
    if (document.body) mount();
    else document.addEventListener("DOMContentLoaded", mount, { once: true });
  });
}

boot();
