// What the server log must never hold: customers' words, their email addresses and anyone's tokens.
// Log calls name ids, not content; these rules catch what could still slip in: credentials in
// headers, content-bearing fields by name, and a query's input in the URL (tRPC takes GET queries
// with `?input=...`, which may carry a search for a customer's email).
import type { IncomingMessage } from "node:http";

export const LOG_REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-session-token"]',
  "*.sessionToken",
  "*.token",
  "*.secret",
  "*.password",
  "*.customerContact",
  "*.contact",
  "*.content",
  "*.text",
  "*.issueSummary",
];

/** The path only: the query string is replaced by a marker that says it was there. */
export function urlWithoutQuery(url: string | undefined): string | undefined {
  if (!url) return url;
  const q = url.indexOf("?");
  return q === -1 ? url : `${url.slice(0, q)}?[redacted]`;
}

type LoggedRequest = IncomingMessage & {
  ip?: string;
  hostname?: string;
  socket?: { remoteAddress?: string; remotePort?: number };
};

export const logSerializers = {
  req(req: LoggedRequest) {
    return {
      method: req.method,
      url: urlWithoutQuery(req.url),
      host: req.hostname ?? req.headers?.host,
      remoteAddress: req.ip ?? req.socket?.remoteAddress,
      remotePort: req.socket?.remotePort,
    };
  },
};
