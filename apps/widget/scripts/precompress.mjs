// Writes a brotli (.br) and a gzip (.gz) copy next to each text asset of a build, so the server
// sends the smallest one the browser accepts without compressing per request (@fastify/static's
// preCompressed). Used by the widget and the console builds: `node precompress.mjs <dir>...`.
// node:zlib at maximum quality is all this needs; a Vite plugin would only wrap the same calls.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest)$/i;
// Below this a compressed copy saves less than the extra response header costs.
const MIN_BYTES = 512;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (COMPRESSIBLE.test(name)) yield full;
  }
}

let written = 0;
for (const dir of process.argv.slice(2).map((d) => resolve(d))) {
  for (const file of files(dir)) {
    const source = readFileSync(file);
    if (source.length < MIN_BYTES) continue;
    const br = brotliCompressSync(source, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
      },
    });
    const gz = gzipSync(source, { level: 9 });
    // A copy that is not smaller is useless: the server falls back to the plain file.
    for (const [ext, copy] of [
      ["br", br],
      ["gz", gz],
    ]) {
      if (copy.length >= source.length) continue;
      writeFileSync(`${file}.${ext}`, copy);
      written++;
    }
  }
}
console.log(`precompressed: ${written} .br/.gz files`);
