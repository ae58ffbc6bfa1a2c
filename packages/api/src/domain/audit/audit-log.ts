// Reading the audit log (written by the audit middleware in trpc.ts): filtered pages, newest
// first, and the same filter as a CSV file.
import type { AuditLog, Prisma, PrismaClient } from "@support/db";
import type { ZAuditListInput } from "@support/schemas";
import type { z } from "zod";

type Filters = Omit<z.output<typeof ZAuditListInput>, "limit" | "before">;

function whereOf(input: Filters): Prisma.AuditLogWhereInput {
  return {
    ...(input.actorId && { actorId: input.actorId }),
    ...(input.action && { action: { contains: input.action } }),
    ...(input.kind && { kind: input.kind }),
    ...(input.target && { targets: { has: input.target } }),
    ...((input.from || input.to) && {
      at: { ...(input.from && { gte: input.from }), ...(input.to && { lte: input.to }) },
    }),
  };
}

function toEntry(e: AuditLog) {
  return { ...e, id: e.id.toString(), actorKind: e.actorKind as "staff" | "api", kind: e.kind as "change" | "read" };
}

/** A page of entries older than `before`, and the id to ask for the next page with (null at the end). */
export async function listAuditEntries(prisma: PrismaClient, input: z.output<typeof ZAuditListInput>) {
  const { limit, before, ...filters } = input;
  const rows = await prisma.auditLog.findMany({
    where: { ...whereOf(filters), ...(before && { id: { lt: BigInt(before) } }) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { entries: page.map(toEntry), nextBefore: rows.length > limit ? page.at(-1)!.id.toString() : null };
}

const CSV_COLUMNS = [
  "id",
  "at",
  "actorKind",
  "actorId",
  "actorName",
  "action",
  "kind",
  "targets",
  "outcome",
  "ip",
  "userAgent",
  "requestId",
] as const;
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

/** RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The filtered log as CSV (newest first, at most 50,000 rows). */
export async function exportAuditCsv(prisma: PrismaClient, input: Filters, now: Date) {
  const rows = await prisma.auditLog.findMany({
    where: whereOf(input),
    orderBy: { id: "desc" },
    take: AUDIT_EXPORT_MAX_ROWS + 1,
  });
  const page = rows.slice(0, AUDIT_EXPORT_MAX_ROWS);
  const lines = [CSV_COLUMNS.join(",")];
  for (const e of page) {
    const entry = toEntry(e);
    lines.push(
      CSV_COLUMNS.map((c) => {
        const v = entry[c];
        return csvCell(v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(" ") : (v ?? ""));
      }).join(","),
    );
  }
  return {
    filename: `audit-log-${now.toISOString().slice(0, 10)}.csv`,
    csv: lines.join("\r\n") + "\r\n",
    rows: page.length,
    truncated: rows.length > AUDIT_EXPORT_MAX_ROWS,
  };
}
