// The embed loader (/widget.js): one small IIFE with no dependencies, plus the demo storefront page.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const demoPage = fileURLToPath(new URL("./demo/demo.html", import.meta.url));

export default defineConfig({
  publicDir: false,
  build: {
    outDir: "dist",
    emptyOutDir: false,
    target: "es2018",
    minify: "esbuild",
    sourcemap: false,
    lib: {
      entry: fileURLToPath(new URL("./src/loader/widget.ts", import.meta.url)),
      name: "SupportWidgetLoader",
      formats: ["iife"],
      fileName: () => "widget.js",
    },
  },
  plugins: [
    {
      name: "demo-page",
      generateBundle() {
        this.emitFile({ type: "asset", fileName: "demo.html", source: readFileSync(demoPage, "utf8") });
      },
    },
  ],
});
