// The HTTP transport under hostile clients: which address counts as the client's behind proxies,
// half-sent requests, security headers, cookies, and URLs that try to read files off the disk.
import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaffUser } from "@support/api";
import { createSupportClient } from "@support/client";
import { EnvError, parseEnv } from "../../apps/server/src/env.ts";
import { ensureSpaBuilt } from "../harness/apps.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { callBody, readData } from "../harness/trpc-http.ts";
import { completedRequests, jsonlCall, serveApp, type ServedApp } from "./helpers.ts";

let db: TestDatabase;
const servers: ServedApp[] = [];
async function serve(opts: Parameters<typeof serveApp>[1] = {}) {
  const s = await serveApp(db, opts);
  servers.push(s);
  return s;
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await db?.drop();
});

/** Raw HTTP, so URLs reach the server exactly as typed (fetch would normalize `..`). */
function rawGet(
  port: number,
  path: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("TRUST_PROXY", () => {
  it("takes Fastify's forms: false, a hop count, or addresses/CIDRs; anything else stops the start", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "0" }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(parseEnv({ TRUST_PROXY: "10.0.0.0/8, 192.168.1.7,loopback" }).TRUST_PROXY).toEqual([
      "10.0.0.0/8",
      "192.168.1.7",
      "loopback",
    ]);
    expect(() => parseEnv({ TRUST_PROXY: "yes" })).toThrow(EnvError);
    expect(() => parseEnv({ TRUST_PROXY: "10.0.0.0/33" })).toThrow(
      /TRUST_PROXY: must be false, a number of proxy hops/,
    );
  });

  it("with one trusted hop, a client rotating the leftmost X-Forwarded-For cannot change its IP (logged or stored)", async () => {
    const s = await serve({ trustProxy: 1 });
    // What a load balancer at 127.0.0.1 forwards: the client's own header, then the address it saw.
    const forwarded = (i: number) => ({ "x-forwarded-for": `198.51.100.${i}, 203.0.113.7` });
    for (let i = 1; i <= 3; i++)
      expect((await fetch(`${s.url}/trpc/widget.config`, { headers: forwarded(i) })).status).toBe(200);
    const seen = completedRequests(s.logs)
      .filter((l) => l.req.url === "/trpc/widget.config")
      .map((l) => l.req.remoteAddress);
    expect(seen).toEqual(["203.0.113.7", "203.0.113.7", "203.0.113.7"]);

    // The address stored with a staff session is the one the proxy saw, not the one the client wrote.
    await createStaffUser(db.prisma, {
      email: "proxy-test@example.com",
      role: "agent",
      password: "lunar-cactus-violin-31",
    });
    const signIn = await jsonlCall(
      s.url,
      "auth.signIn",
      { email: "proxy-test@example.com", password: "lunar-cactus-violin-31" },
      forwarded(9),
    );
    await signIn.text();
    const session = await db.prisma.staffSession.findFirstOrThrow({
      where: { staffUser: { email: "proxy-test@example.com" } },
    });
    expect(session.ip).toBe("203.0.113.7");
  });

  it("with the proxy's address listed, the same holds; with none trusted, the socket's address is the client", async () => {
    const listed = await serve({ trustProxy: ["127.0.0.1"] });
    const none = await serve({ trustProxy: false });
    for (const s of [listed, none])
      await fetch(`${s.url}/trpc/widget.config`, { headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.7" } });
    expect(completedRequests(listed.logs).at(-1)!.req.remoteAddress).toBe("203.0.113.7");
    expect(completedRequests(none.logs).at(-1)!.req.remoteAddress).toBe("127.0.0.1");
  });
});

describe("request timeout", () => {
  it("answers a half-sent body with 408 and closes it, while a silent streamed reply and a live stream stay open", async () => {
    const s = await serve({ llm: "fake", timeouts: { requestMs: 1_000 } });
    const client = createSupportClient({ url: s.url });
    const { sessionToken } = await client.chat.start.mutate();

    // A live stream, open for longer than the request timeout.
    const live = createSupportClient({ url: s.url, headers: { "x-session-token": sessionToken } });
    const statuses: string[] = [];
    let onStatus: () => void = () => undefined;
    const gotStatus = new Promise<void>((r) => (onStatus = r));
    let streamOpen!: () => void;
    const started = new Promise<void>((r) => (streamOpen = r));
    const sub = live.live.conversation.subscribe(undefined, {
      onStarted: () => streamOpen(),
      onData: (e) => {
        const event = "data" in e ? e.data : e;
        if (event.type === "status") {
          statuses.push(event.status);
          onStatus();
        }
      },
    });
    await started;

    // A turn whose model says nothing for three times the request timeout.
    s.openai!.setBehavior({ hangMs: 3_000, times: 1 });
    const stream = await client.chat.send.mutate({
      sessionToken,
      clientMessageId: randomUUID(),
      text: "Do you ship to Canada?",
    });
    const events: string[] = [];
    let halfBodyClosedFirst = false;
    let halfBodyClosed = false;
    const turn = (async () => {
      for await (const e of stream) {
        if (events.length === 1) halfBodyClosedFirst = halfBodyClosed;
        events.push(e.type);
      }
    })();

    // Half a body, then silence.
    const socket = connect(s.port, "127.0.0.1");
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => (answer += d));
    const closed = new Promise<void>((r) => socket.on("close", () => r()));
    socket.write(
      'POST /trpc/chat.start HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"json":',
    );
    await closed;
    halfBodyClosed = true;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);

    await turn;
    expect(events[0]).toBe("accepted");
    // The reply is stored and sent (an offer of a person may follow a reply that could not help).
    expect(events.filter((e) => e !== "offer").at(-1)).toBe("done");
    // The model was still silent when the half-sent request was closed.
    expect(halfBodyClosedFirst).toBe(true);

    // The live stream is still open: an escalation reaches it.
    await client.ticket.create.mutate({ sessionToken, issueSummary: "Please call me back" });
    await gotStatus;
    expect(statuses).toContain("handoff");
    sub.unsubscribe();
  });
});

describe("security headers and static files", () => {
  let s: ServedApp;
  let prod: ServedApp;
  beforeAll(async () => {
    ensureSpaBuilt("widget");
    ensureSpaBuilt("console");
    await db.prisma.settings.update({ where: { id: 1 }, data: { allowedOrigins: ["https://shop.example.com"] } });
    s = await serve();
    prod = await serve({ api: { production: true } });
  });

  it("sends a CSP with script-src 'self', nosniff and a Referrer-Policy; HSTS in production only", async () => {
    for (const path of ["/", "/widget/", "/console/", "/trpc/widget.config"]) {
      const res = await fetch(`${s.url}${path}`);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toContain("upgrade-insecure-requests");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(res.headers.get("strict-transport-security"), path).toBe(null);
    }
    const secure = await fetch(`${prod.url}/console/`);
    expect(secure.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(secure.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("lets the allowed websites frame the widget, nobody frame the console, and any site load /widget.js", async () => {
    const widget = await fetch(`${s.url}/widget/`);
    expect(widget.headers.get("content-security-policy")).toContain("frame-ancestors 'self' https://shop.example.com");
    expect(widget.headers.get("x-frame-options")).toBe(null);
    const console = await fetch(`${s.url}/console/`);
    expect(console.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(console.headers.get("x-frame-options")).toBe("DENY");
    const loader = await fetch(`${s.url}/widget.js`);
    expect(loader.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect((await fetch(`${s.url}/console/`)).headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });

  it("answers a path outside the app the same whether or not the file exists", async () => {
    const probes = [
      "/widget//etc/passwd",
      "/widget//etc/no-such-file",
      "/widget/../../../package.json",
      "/widget/%2e%2e/%2e%2e/%2e%2e/package.json",
      "/console//etc/passwd",
      "/console/../../package.json",
      "/widget/assets/missing.js",
    ];
    const answers = await Promise.all(probes.map((p) => rawGet(s.port, p)));
    for (const [i, a] of answers.entries()) {
      expect(a.status, probes[i]).toBe(404);
      expect(a.body, probes[i]).toBe("Not found");
    }
    // Pages of the SPAs still load, deep links included.
    expect((await rawGet(s.port, "/console/tickets/123")).body).toContain('<div id="root">');
    expect((await rawGet(s.port, "/widget/")).body).toContain('<div id="root">');
  });
});

describe("cookies", () => {
  it("the staff cookie is set with its attributes on both tRPC paths and read back; a malformed cookie header is no 500", async () => {
    const s = await serve();
    await createStaffUser(db.prisma, {
      email: "cookie-test@example.com",
      role: "agent",
      password: "lunar-cactus-violin-31",
    });
    const credentials = { email: "cookie-test@example.com", password: "lunar-cactus-violin-31" };
    const viaJsonl = await jsonlCall(s.url, "auth.signIn", credentials);
    await viaJsonl.text();
    const viaHandler = await fetch(`${s.url}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: callBody(credentials),
    });
    expect(viaHandler.status, await viaHandler.clone().text()).toBe(200);
    for (const res of [viaJsonl, viaHandler]) {
      const cookie = res.headers.get("set-cookie") ?? "";
      expect(cookie).toMatch(/^sb_staff=[A-Za-z0-9_-]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
      const me = await fetch(`${s.url}/trpc/auth.me`, {
        headers: { cookie: `theme=dark; ${cookie.split(";")[0]}; other=%E0%A4%A` },
      });
      expect(me.status).toBe(200);
      expect((await readData<{ staff: { email: string } }>(me)).staff.email).toBe("cookie-test@example.com");
    }
    const garbage = await fetch(`${s.url}/trpc/auth.me`, { headers: { cookie: "sb_staff=%E0%A4%A; =; ;;" } });
    expect(garbage.status).toBe(401);
  });
});
