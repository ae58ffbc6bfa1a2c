// A small text generated per request (the loader with the console's settings written in) sent
// compressed: its build-time .br/.gz copies can't carry those settings, so it is compressed here,
// once per distinct text, and kept (it changes only when settings do).
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export type Encoded = { encoding: "br" | "gzip" | null; body: Buffer | string };

/** The encoding to use from an Accept-Encoding header: br, then gzip, honouring q=0 refusals. */
export function chooseEncoding(acceptEncoding: string | null): "br" | "gzip" | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    accepted.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const weight = (name: string) => accepted.get(name) ?? accepted.get("*") ?? 0;
  if (weight("br") > 0) return "br";
  if (weight("gzip") > 0) return "gzip";
  return null;
}

export function createCompressedText(keep = 8) {
  const cache = new Map<string, { br: Buffer; gzip: Buffer }>();
  return (text: string, acceptEncoding: string | null): Encoded => {
    const encoding = chooseEncoding(acceptEncoding);
    if (!encoding) return { encoding: null, body: text };
    let entry = cache.get(text);
    if (!entry) {
      const source = Buffer.from(text);
      entry = {
        br: brotliCompressSync(source, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length },
        }),
        gzip: gzipSync(source, { level: 9 }),
      };
      if (cache.size >= keep) cache.delete(cache.keys().next().value as string);
      cache.set(text, entry);
    }
    return { encoding, body: entry[encoding] };
  };
}
