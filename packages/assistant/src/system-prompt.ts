// Builds the system prompt and the full message array sent to the model.
import { formatFaqBlock } from "./faq-block.ts";
import { FORMAT_RULES, SYSTEM_PROMPT_TEMPLATE, renderTemplate, type SystemPromptValues } from "./prompt-template.ts";
import { DEFAULT_ASSISTANT_SETTINGS } from "./default-settings.ts";
import type { AssistantSettings, ChatMessageParam, FaqEntry } from "./types.ts";

/**
 * Only settings and FAQs go in, never per-turn data (time, message, ids), so the result is
 * byte-identical between turns and the provider's prompt cache can reuse it.
 */
export function buildSystemPrompt(input: {
  settings: Pick<AssistantSettings, "businessName" | "persona">;
  faqs: readonly FaqEntry[];
}): string {
  // Turn after turn the same settings and the same FAQ objects (the process's cached active list)
  // come in: reuse the last prompt instead of rebuilding several KB of text. FAQ entries are never
  // mutated in place (a changed FAQ is a new object), so identity is enough.
  const last = lastPrompt;
  if (
    last &&
    last.businessName === input.settings.businessName &&
    last.persona === input.settings.persona &&
    last.faqs.length === input.faqs.length &&
    last.faqs.every((faq, i) => faq === input.faqs[i])
  ) {
    return last.prompt;
  }
  const prompt = renderSystemPrompt(input);
  lastPrompt = {
    businessName: input.settings.businessName,
    persona: input.settings.persona,
    faqs: [...input.faqs],
    prompt,
  };
  return prompt;
}

let lastPrompt: { businessName: string; persona: string; faqs: readonly FaqEntry[]; prompt: string } | null = null;

function renderSystemPrompt(input: Parameters<typeof buildSystemPrompt>[0]): string {
  const values: SystemPromptValues = {
    businessName: input.settings.businessName.trim() || DEFAULT_ASSISTANT_SETTINGS.businessName,
    persona: input.settings.persona.trim() || DEFAULT_ASSISTANT_SETTINGS.persona,
    faqBlock: formatFaqBlock(input.faqs),
    formatRules: FORMAT_RULES,
  };
  return renderTemplate(SYSTEM_PROMPT_TEMPLATE, values);
}

/** [system] + conversation (which already ends with the new user message, see serializeHistory). */
export function buildPromptMessages(
  systemPrompt: string,
  conversation: readonly ChatMessageParam[],
): ChatMessageParam[] {
  return [{ role: "system", content: systemPrompt }, ...conversation];
}
