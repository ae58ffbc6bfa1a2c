// Admins read, filter and export the audit log (written by the audit middleware in trpc.ts).
import type { TRPCRouterRecord } from "@trpc/server";
import type { AuditLog, Prisma } from "@support/db";
import { ZAuditListInput, ZAuditListOutput } from "@support/schemas";
import { z } from "zod";
import { adminProcedure } from "../../trpc.ts";

type Filters = z.infer<typeof ZAuditListInput>;

function whereOf(input: Omit<Filters, "limit" | "before">): Prisma.AuditLogWhereInput {
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

export const auditRouter = {
  list: adminProcedure
    .input(ZAuditListInput)
    .output(ZAuditListOutput)
    .query(async ({ ctx, input }) => {
      const { limit, before, ...filters } = input;
      const rows = await ctx.prisma.auditLog.findMany({
        where: { ...whereOf(filters), ...(before && { id: { lt: BigInt(before) } }) },
        orderBy: { id: "desc" },
        take: limit + 1,
      });
      const page = rows.slice(0, limit);
      return { entries: page.map(toEntry), nextBefore: rows.length > limit ? page.at(-1)!.id.toString() : null };
    }),

  /** The filtered log as CSV (newest first, at most 50,000 rows). */
  exportCsv: adminProcedure
    .input(ZAuditListInput.omit({ before: true, limit: true }))
    .output(z.object({ filename: z.string(), csv: z.string(), rows: z.number().int(), truncated: z.boolean() }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.prisma.auditLog.findMany({
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
      const stamp = ctx.clock.now().toISOString().slice(0, 10);
      return {
        filename: `audit-log-${stamp}.csv`,
        csv: lines.join("\r\n") + "\r\n",
        rows: page.length,
        truncated: rows.length > AUDIT_EXPORT_MAX_ROWS,
      };
    }),
} satisfies TRPCRouterRecord;
