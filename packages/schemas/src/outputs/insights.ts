// Outputs of the Insights actions on a group of unanswered questions.
import { z } from "zod";
import { ZFaq } from "../faq.ts";

export const ZInsightsFaqResult = z.object({ faq: ZFaq });
export const ZInsightsDismissed = z.object({ closedWordings: z.number().int() });
