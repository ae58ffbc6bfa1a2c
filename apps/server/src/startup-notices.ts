// What an operator must know about this configuration before trusting it: every setting that is
// unsafe on a network is opt-in, and announced at start when on.
import type { ServerEnv } from "./env.ts";

export type StartupNotice = { level: "warn" | "info"; message: string };

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || h.startsWith("::ffff:127.");
}

export function startupNotices(env: ServerEnv): StartupNotice[] {
  const notices: StartupNotice[] = [];
  const production = env.NODE_ENV === "production";
  if (!production && !isLoopbackHost(env.HOST)) {
    notices.push({
      level: "warn",
      message:
        `Listening on ${env.HOST}, reachable from other machines, without NODE_ENV=production: the staff sign-in cookie ` +
        `is sent without the Secure flag, so it can travel over plain HTTP, and no HSTS header is sent. For a real ` +
        `deployment set NODE_ENV=production and serve over HTTPS; to try it on this machine only, set HOST=127.0.0.1.`,
    });
  }
  if (env.NODE_ENV === "development") {
    notices.push({
      level: "warn",
      message:
        "NODE_ENV=development: internal error details (messages, stack traces) are shown to callers on this machine (loopback).",
    });
  }
  if (env.TRUST_PROXY === true) {
    notices.push({
      level: "warn",
      message:
        "TRUST_PROXY=true trusts every X-Forwarded-For hop: any client can choose the IP address the server sees, and " +
        "so escape per-IP limits. Set TRUST_PROXY to the number of proxies in front of the server (e.g. 1) or their addresses.",
    });
  }
  if (production && env.SEED_DEMO_ADMIN === true) {
    notices.push({
      level: "warn",
      message:
        "SEED_DEMO_ADMIN=true in production: an empty database gets a demo admin (admin@example.com); change its password at once.",
    });
  }
  if (!env.METRICS_TOKEN) notices.push({ level: "info", message: "METRICS_TOKEN is not set: /metrics is off" });
  return notices;
}

/** Red on a terminal, plain otherwise (a log file gets no escape codes). */
export function printWarning(stream: NodeJS.WriteStream, message: string) {
  stream.write(stream.isTTY ? `\x1b[1;31mWARNING\x1b[0;31m ${message}\x1b[0m\n` : `WARNING ${message}\n`);
}
