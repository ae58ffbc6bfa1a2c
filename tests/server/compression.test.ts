// What a browser gets for the SPAs' files and the loader: the smallest encoding it accepts
// (brotli, else gzip, else plain, always the same bytes once decoded) and a cache policy that
// keeps hashed files for a year while index pages and /widget.js are asked for again.
import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSpaBuilt } from "../harness/apps.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { serveApp, type ServedApp } from "./helpers.ts";

let db: TestDatabase;
let app: ServedApp;

beforeAll(async () => {
  ensureSpaBuilt("widget");
  ensureSpaBuilt("console");
  db = await createTestDatabase();
  app = await serveApp(db);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** Raw HTTP: fetch would decode the body and hide what went over the wire. */
function get(path: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding };
    const req = request({ host: "127.0.0.1", port: app.port, path, method: "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

function decoded(r: Raw): string {
  const enc = r.headers["content-encoding"];
  return (enc === "br" ? brotliDecompressSync(r.body) : enc === "gzip" ? gunzipSync(r.body) : r.body).toString("utf8");
}

async function assetPaths(indexPath: string): Promise<string[]> {
  const html = decoded(await get(indexPath));
  return [...html.matchAll(/(?:src|href)="([^"]+\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
}

describe("compressed and cached static files", () => {
  for (const [name, index] of [
    ["widget", "/widget/"],
    ["console", "/console/"],
  ] as const) {
    it(`${name}: hashed assets come as brotli or gzip by Accept-Encoding, cached for a year`, async () => {
      const assets = await assetPaths(index);
      expect(assets.length).toBeGreaterThan(0);
      const script = assets.find((a) => a.endsWith(".js"))!;
      const plain = await get(script, "identity");
      const br = await get(script, "gzip, deflate, br");
      const gz = await get(script, "gzip");
      expect(plain.status).toBe(200);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(br.headers["content-encoding"]).toBe("br");
      expect(gz.headers["content-encoding"]).toBe("gzip");
      for (const r of [plain, br, gz]) {
        expect(r.headers["content-type"]).toMatch(/javascript/);
        expect(r.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
        expect(r.headers.vary).toMatch(/accept-encoding/i);
      }
      // Same script once decoded; far fewer bytes on the wire.
      expect(decoded(br)).toBe(plain.body.toString("utf8"));
      expect(decoded(gz)).toBe(plain.body.toString("utf8"));
      expect(br.body.length).toBeLessThan(plain.body.length / 2.5);
      expect(br.body.length).toBeLessThan(gz.body.length);
    });

    it(`${name}: the index page is revalidated on every visit (and compressed when that saves bytes)`, async () => {
      const r = await get(index, "br");
      expect(r.status).toBe(200);
      // The widget's index page is a few hundred bytes: the build keeps no compressed copy of it.
      expect(r.headers["content-encoding"]).toBe(name === "console" ? "br" : undefined);
      expect(r.headers["content-type"]).toMatch(/text\/html/);
      expect(r.headers["cache-control"]).toBe("public, max-age=0");
      expect(decoded(r).toLowerCase()).toContain("<!doctype html>");
    });
  }

  it("/widget.js: compressed with the console's colour written in, cached for five minutes", async () => {
    const plain = await get("/widget.js");
    const br = await get("/widget.js", "br;q=1, gzip;q=0.5");
    const gz = await get("/widget.js", "gzip, br;q=0");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    for (const r of [plain, br, gz]) {
      expect(r.headers["cache-control"]).toBe("public, max-age=300");
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      expect(decoded(r)).toBe(plain.body.toString("utf8"));
    }
    expect(plain.body.toString("utf8")).toContain("#2563eb");
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
  });

  it("a missing asset is still a 404 whatever the encoding", async () => {
    expect((await get("/widget/assets/nope-123.js", "br")).status).toBe(404);
    expect((await get("/console/assets/nope-123.js", "gzip")).status).toBe(404);
  });
});
