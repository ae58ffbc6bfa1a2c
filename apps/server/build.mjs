// Bundles the server (and the workspace packages it uses) into dist/main.mjs, so production runs
// plain JavaScript with no TypeScript loader: faster start, less memory. npm packages stay external.
import { build } from "esbuild";

await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  plugins: [
    {
      name: "externalize-npm-packages",
      setup(b) {
        // Bare imports are npm packages (kept external) except our own workspace packages (bundled).
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith("@support/") ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
console.log("built apps/server/dist/main.mjs");
