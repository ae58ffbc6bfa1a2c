// What the customer chat's small mutations return (start, history and the rest are in ../chat.ts).
import { z } from "zod";

export const ZChatDeclineHandoffOutput = z.object({ declined: z.boolean() });
export const ZChatFeedbackOutput = z.object({ messageId: z.string(), rating: z.enum(["up", "down"]) });
export const ZChatSeenOutput = z.object({ ok: z.boolean() });
export const ZChatRateOutput = z.object({ ticketId: z.string().uuid(), score: z.number().int() });
