// A customer's website on another origin, embedding the widget with its <script> tag. It is a real
// loopback server: Chromium's Private Network Access would block a page it cannot place from
// loading a loopback script.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type ShopSite = { origin: string; close(): Promise<void> };

/** Serves one page whose embed tag carries `attributes` (e.g. `data-color="#0f766e"`). */
export async function startShopSite(widgetHost: () => string, attributes = ""): Promise<ShopSite> {
  const site = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width"><title>A shop</title></head>
      <body><h1>A shop</h1><script src="${widgetHost()}/widget.js" ${attributes} async></script></body></html>`);
  });
  await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
  const { port } = site.address() as AddressInfo;
  return { origin: `http://localhost:${port}`, close: () => new Promise((r) => site.close(() => r())) };
}
