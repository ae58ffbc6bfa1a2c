// Prints the gzipped size of the embed loader and of the widget app's JavaScript, and fails the
// build when either is over budget: the loader runs on every page of a customer's site.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const BUDGETS = { loader: 3 * 1024, widget: 150 * 1024 };

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const loader = gz(join(dist, "widget.js"));
const assets = join(dist, "app", "assets");
const widgetFiles = readdirSync(assets).filter((f) => f.endsWith(".js"));
const widget = widgetFiles.reduce((sum, f) => sum + gz(join(assets, f)), 0);
const css = readdirSync(assets)
  .filter((f) => f.endsWith(".css"))
  .reduce((sum, f) => sum + gz(join(assets, f)), 0);

const rows = [
  ["loader (widget.js)", loader, BUDGETS.loader],
  [`widget app JS (${widgetFiles.length} file${widgetFiles.length === 1 ? "" : "s"})`, widget, BUDGETS.widget],
];
console.log("\nbundle            gzipped    budget");
for (const [name, size, budget] of rows) {
  console.log(
    `${name.padEnd(28)}${kb(size).padStart(9)}  ${kb(budget).padStart(9)}  ${size > budget ? "OVER BUDGET" : "ok"}`,
  );
}
console.log(`${"widget app CSS".padEnd(28)}${kb(css).padStart(9)}`);

const over = rows.filter(([, size, budget]) => size > budget);
if (over.length) {
  console.error(`\nSize budget exceeded: ${over.map(([name]) => name).join(", ")}`);
  process.exit(1);
}
