// Outputs shared by several admin areas' procedures.
import { z } from "zod";

/** A delete that is safe to repeat: false when there was nothing left to remove. */
export const ZRemoved = z.object({ removed: z.boolean() });
