// "Try it" for staff: which FAQs the bot would put in the prompt for a question, the FAQ-only
// answer, the prompt's size, and the reply a customer asking it now would get (domain/assistant).
import type { TRPCRouterRecord } from "@trpc/server";
import { ZAssistantPreviewInput, ZAssistantPreviewOutput } from "@support/schemas";
import { previewAssistant } from "../../domain/assistant/preview.ts";
import { staffOrApiProcedure } from "../../trpc.ts";

export const assistantRouter = {
  preview: staffOrApiProcedure("assistant:preview")
    .input(ZAssistantPreviewInput)
    .output(ZAssistantPreviewOutput)
    .query(({ ctx, input }) => previewAssistant(ctx, input.question)),
} satisfies TRPCRouterRecord;
