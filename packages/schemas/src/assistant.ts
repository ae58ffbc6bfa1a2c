// "Try it": what the bot would do with a customer question, without a conversation.
import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "./chat.ts";
import { zText } from "./common.ts";

export const ZAssistantPreviewInput = z.object({
  question: zText().trim().min(1, "Type a question to try").max(MAX_MESSAGE_CHARS),
});

export const ZAssistantPreviewOutput = z.object({
  /** FAQs that would go into the prompt; score is null when all active FAQs fit the budget. */
  selected: z.array(
    z.object({ id: z.string(), question: z.string(), category: z.string(), score: z.number().nullable() }),
  ),
  faqOnly: z.object({
    content: z.string(),
    confident: z.boolean(),
    sources: z.array(z.object({ id: z.string(), question: z.string() })),
  }),
  systemPromptTokens: z.number().int(),
  faqTokens: z.number().int(),
  faqTokenBudget: z.number().int(),
  activeFaqs: z.number().int(),
  /**
   * What a customer asking this now would get: the same turn (FAQ selection, system prompt, model,
   * daily token cap) with no history, nothing stored. "llm": the model's reply; "faq-only": the
   * FAQ-only answer, with the reason (no model configured, daily cap reached, model failed);
   * "offer": the customer asked for a person, so the bot offers one instead of answering.
   */
  reply: z.object({
    mode: z.enum(["llm", "faq-only", "offer"]),
    content: z.string(),
    sources: z.array(z.object({ id: z.string(), question: z.string() })),
    model: z.string().nullable(),
    fallbackReason: z
      .enum([
        "no_api_key",
        "daily_token_cap",
        "timeout",
        "rate_limited",
        "model_error",
        "stream_interrupted",
        "empty_answer",
      ])
      .nullable(),
    handoffSuggested: z.boolean(),
    usage: z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() }).nullable(),
    latencyMs: z.number().int(),
  }),
});
