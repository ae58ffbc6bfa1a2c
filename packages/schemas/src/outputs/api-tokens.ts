// Outputs and small inputs of the API token procedures.
import { z } from "zod";
import { ZApiTokenSummary } from "../api-token.ts";

export const ZApiTokenList = z.array(ZApiTokenSummary);
export const ZApiTokenIdInput = z.object({ id: z.string().uuid() });
