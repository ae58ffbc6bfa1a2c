// The postMessage protocol between the embed loader (host page) and the chat iframe. Both sides
// send with an explicit target origin and accept only messages from the expected origin and window.
export const CHANNEL = "support-widget";

/** Host page -> iframe. */
export type ToWidget =
  /** The panel is visible; `focus` is false when the page opened it on load (never steal focus then). */
  { channel: typeof CHANNEL; type: "open"; focus: boolean } | { channel: typeof CHANNEL; type: "closed" };

/** Iframe -> host page. */
export type ToHost =
  | { channel: typeof CHANNEL; type: "ready" }
  | { channel: typeof CHANNEL; type: "close" }
  | { channel: typeof CHANNEL; type: "unread"; count: number };

export function isProtocolMessage(data: unknown): data is { channel: typeof CHANNEL; type: string } {
  return (
    typeof data === "object" &&
    data !== null &&
    (data as { channel?: unknown }).channel === CHANNEL &&
    typeof (data as { type?: unknown }).type === "string"
  );
}
