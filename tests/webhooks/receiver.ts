// A local HTTP receiver for webhook tests: records every request with its raw body, answers 503
// while "down", and verifies the signature the way the README tells integrators to.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";

export type Received = {
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
};

/** The README's verification snippet, verbatim in spirit: HMAC-SHA256 over `${t}.${rawBody}`. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!parts.v1 || !Number.isFinite(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex");
  return expected.length === parts.v1.length && timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
}

export async function startReceiver() {
  const received: Received[] = [];
  let refused = 0;
  let down = false;
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (down) {
        refused++;
        res.writeHead(503).end("down for maintenance");
      } else {
        const body = Buffer.concat(chunks).toString("utf8");
        received.push({ headers: req.headers, body, json: JSON.parse(body) as Received["json"] });
        res.writeHead(204).end();
      }
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    get refused() {
      return refused;
    },
    setDown(value: boolean) {
      down = value;
    },
    /** Resolves once `pred` holds, re-checked on every request received (or refused). */
    waitFor(pred: () => boolean, what: string, ms = 60_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`receiver: timed out waiting for ${what}; got ${received.map((r) => r.json.type).join(", ")}`),
            ),
          ms,
        );
        const check = () => {
          if (pred()) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
