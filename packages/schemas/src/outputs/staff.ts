// Outputs of the staff and sign-in procedures that only say a change was made.
import { z } from "zod";

export const ZStaffPasswordReset = z.object({ reset: z.literal(true) });
export const ZSignedOut = z.object({ signedOut: z.literal(true) });
export const ZPasswordChanged = z.object({ changed: z.literal(true) });
