// The audit log's CSV export.
import { z } from "zod";
import { ZAuditListInput } from "../audit.ts";

export const ZAuditExportInput = ZAuditListInput.omit({ before: true, limit: true });
export const ZAuditExportOutput = z.object({
  filename: z.string(),
  csv: z.string(),
  rows: z.number().int(),
  truncated: z.boolean(),
});
