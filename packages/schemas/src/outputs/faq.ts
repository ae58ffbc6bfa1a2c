// Outputs of the FAQ procedures that are not also inputs or shared with other areas.
import { z } from "zod";

export const ZFaqCategories = z.array(z.object({ category: z.string(), count: z.number().int() }));
export const ZFaqDeleted = z.object({ id: z.string(), deleted: z.literal(true) });
