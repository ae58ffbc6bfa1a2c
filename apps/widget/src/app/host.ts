// The iframe's side of the host-page bridge. The loader passes the embedding page's origin in the
// URL; we post only to that origin and accept messages only from it and from our parent window.
import { CHANNEL, isProtocolMessage, type ToHost, type ToWidget } from "../protocol.ts";

const params = new URLSearchParams(location.search);

function readHostOrigin(): string | null {
  if (window.parent === window) return null;
  const raw = params.get("host");
  if (!raw) return null;
  try {
    const origin = new URL(raw).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

export const hostOrigin = readHostOrigin();
/** Embedded by the loader (as opposed to opened directly at /widget/). */
export const embedded = hostOrigin !== null;
export const colorFromHost = params.get("color");
/** The secret of a follow-up email's "Continue the conversation" link, passed on by the loader. */
export const reopenFromHost = params.get("reopen");
/** The host page the chat was opened on (told to staff when a conversation starts). */
export const pageFromHost = embedded ? params.get("page") : null;

type Outgoing = ToHost extends infer M ? (M extends ToHost ? Omit<M, "channel"> : never) : never;

export function postToHost(message: Outgoing): void {
  if (!hostOrigin) return;
  window.parent.postMessage({ ...message, channel: CHANNEL }, hostOrigin);
}

export function onHostMessage(handler: (message: ToWidget) => void): () => void {
  const listener = (e: MessageEvent) => {
    if (!hostOrigin || e.origin !== hostOrigin || e.source !== window.parent || !isProtocolMessage(e.data)) return;
    handler(e.data as ToWidget);
  };
  window.addEventListener("message", listener);
  return () => window.removeEventListener("message", listener);
}
