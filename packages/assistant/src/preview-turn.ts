// The staff "Try it" preview: what the prompt would hold and what FAQ-only mode would answer, without calling a model.
import { answerFromFaqs } from "./faq-only-answer.ts";
import { selectFaqsWithinBudget, type SelectedFaq } from "./faq-selection.ts";
import { buildSystemPrompt } from "./system-prompt.ts";
import { sharedTokenCounter } from "./token-counter.ts";
import type { AssistantSettings, FaqEntry, FaqSource, TokenCounter } from "./types.ts";

export type TurnPreview = {
  selected: SelectedFaq[];
  systemPromptTokens: number;
  faqTokens: number;
  faqOnly: { content: string; sources: FaqEntry[]; confident: boolean };
};

export async function previewTurn(input: {
  text: string;
  settings: AssistantSettings;
  faqs: FaqSource;
  /** Counts the system prompt (and entries without a stored count); default: the shared worker thread. */
  tokens?: TokenCounter;
}): Promise<TurnPreview> {
  const tokens = input.tokens ?? sharedTokenCounter();
  const [selection, faqOnly] = await Promise.all([
    selectFaqsWithinBudget({
      text: input.text,
      faqs: input.faqs,
      tokenBudget: input.settings.faqTokenBudget,
      hardCap: input.settings.faqHardCap,
      tokens,
    }),
    answerFromFaqs({ text: input.text, faqs: input.faqs }),
  ]);
  const systemPrompt = buildSystemPrompt({ settings: input.settings, faqs: selection.selected.map((s) => s.faq) });
  const [systemPromptTokens] = await tokens.count([systemPrompt]);
  return {
    selected: selection.selected,
    systemPromptTokens: systemPromptTokens!,
    faqTokens: selection.faqTokens,
    faqOnly: { content: faqOnly.content, sources: faqOnly.sources, confident: faqOnly.confident },
  };
}
