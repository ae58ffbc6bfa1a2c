// Admins read, filter and export the audit log (written by the audit middleware in trpc.ts).
import type { TRPCRouterRecord } from "@trpc/server";
import { ZAuditExportInput, ZAuditExportOutput, ZAuditListInput, ZAuditListOutput } from "@support/schemas";
import { exportAuditCsv, listAuditEntries } from "../../domain/audit/audit-log.ts";
import { adminProcedure } from "../../trpc.ts";

export const auditRouter = {
  list: adminProcedure
    .input(ZAuditListInput)
    .output(ZAuditListOutput)
    .query(({ ctx, input }) => listAuditEntries(ctx.prisma, input)),

  /** The filtered log as CSV (newest first, at most 50,000 rows). */
  exportCsv: adminProcedure
    .input(ZAuditExportInput)
    .output(ZAuditExportOutput)
    .query(({ ctx, input }) => exportAuditCsv(ctx.prisma, input, ctx.clock.now())),
} satisfies TRPCRouterRecord;
