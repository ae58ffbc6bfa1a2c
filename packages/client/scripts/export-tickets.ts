// npm run tickets:export -- --token sbt_... [--status open] [--from 2026-01-01] [--to 2026-02-01] [--out tickets.csv]
// Exports tickets (all pages) to CSV for a data warehouse or a spreadsheet.
import { writeFileSync } from "node:fs";
import { describeError, fail, parseScriptArgs } from "./cli-args.ts";

const USAGE = `Usage: npm run tickets:export -- [--url http://localhost:3000] --token sbt_... [--status open|in_progress|resolved] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out file.csv]
--from is inclusive, --to exclusive. Without --out the CSV goes to standard output.`;

const { client, values } = parseScriptArgs(USAGE, {
  status: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  out: { type: "string" },
});
const status = values.status as "open" | "in_progress" | "resolved" | undefined;
if (status && !["open", "in_progress", "resolved"].includes(status))
  fail(`--status must be open, in_progress or resolved\n\n${USAGE}`);

function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? "" : String(value);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const header = [
  "reference",
  "id",
  "status",
  "created_at",
  "updated_at",
  "assignee",
  "customer_contact",
  "issue_summary",
];
const lines = [header.join(",")];
try {
  for (let page = 1; ; page++) {
    const result = await client.ticket.list.query({
      status,
      from: values.from as string | undefined,
      to: values.to as string | undefined,
      page,
      pageSize: 200,
    });
    for (const t of result.items) {
      const row = t as Record<string, unknown> & { assignee?: { name?: string } | null };
      lines.push(
        [
          row.reference,
          row.id,
          row.status,
          row.createdAt,
          row.updatedAt,
          row.assignee?.name ?? "",
          row.customerContact,
          row.issueSummary,
        ]
          .map(csvCell)
          .join(","),
      );
    }
    if (page * result.pageSize >= result.total) break;
  }
} catch (err) {
  fail(`Export failed: ${describeError(err)}`);
}
const csv = lines.join("\n") + "\n";
if (values.out) {
  writeFileSync(values.out as string, csv);
  console.error(`Wrote ${lines.length - 1} tickets to ${values.out}`);
} else {
  process.stdout.write(csv);
}
