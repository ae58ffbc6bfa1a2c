// npm run faq:import -- --token sbt_... faqs.csv [--apply]
// Imports FAQs from CSV (question,answer,category[,isActive]) or JSON ([{question, answer, category}]),
// creating or updating by question. Shows the dry-run report first; --apply writes.
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { describeError, fail, parseScriptArgs } from "./cli-args.ts";

const USAGE = `Usage: npm run faq:import -- [--url http://localhost:3000] --token sbt_... <file.csv|file.json> [--apply]
Without --apply nothing is written: you get the report of what would be added, updated or refused.`;

const { client, values, positionals } = parseScriptArgs(USAGE, { apply: { type: "boolean" } });
const file = positionals[0] ?? fail(USAGE);
const format = extname(file).toLowerCase() === ".json" ? "json" : "csv";
let content: string;
try {
  content = readFileSync(file, "utf8");
} catch (err) {
  fail(`Cannot read ${file}: ${(err as Error).message}`);
}

try {
  const report = await client.faq.import.mutate({ format, content, dryRun: !values.apply });
  if (report.fileError) fail(`The file was not imported: ${report.fileError}`);
  console.log(`${report.dryRun ? "Dry run (nothing written)" : "Imported"}: ${report.rows} rows`);
  console.log(`  added:     ${report.added}`);
  console.log(`  updated:   ${report.updated}`);
  console.log(`  unchanged: ${report.unchanged}`);
  console.log(`  invalid:   ${report.invalid.length}`);
  for (const row of report.invalid)
    console.log(`    row ${row.row}${row.question ? ` ("${row.question}")` : ""}: ${row.reason}`);
  if (report.dryRun) console.log("\nRun again with --apply to write these changes.");
} catch (err) {
  fail(`Import failed: ${describeError(err)}`);
}
