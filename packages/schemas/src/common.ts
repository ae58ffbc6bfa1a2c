// Building blocks shared by every domain's schemas.
import { z } from "zod";

/**
 * A timestamp in an output schema: procedures return a Date, the wire carries an ISO 8601
 * string (JSON has no dates), and the client's inferred type says string, which is the truth.
 */
export const ZIsoDate = z.date().transform((d) => d.toISOString());
