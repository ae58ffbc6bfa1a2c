// "Try it": what the bot would do with a customer question, without a conversation.
import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "./chat.ts";
import { zText } from "./common.ts";

export const ZAssistantPreviewInput = z.object({
  question: zText().trim().min(1, "Type a question to try").max(MAX_MESSAGE_CHARS),
});

export const ZAssistantPreviewOutput = z.object({
  /** FAQs that would go into the prompt; score is null when all active FAQs fit the budget. */
  selected: z.array(z.object({ id: z.string(), question: z.string(), category: z.string(), score: z.number().nullable() })),
  faqOnly: z.object({
    content: z.string(),
    confident: z.boolean(),
    sources: z.array(z.object({ id: z.string(), question: z.string() })),
  }),
  systemPromptTokens: z.number().int(),
  faqTokens: z.number().int(),
  faqTokenBudget: z.number().int(),
  activeFaqs: z.number().int(),
});
