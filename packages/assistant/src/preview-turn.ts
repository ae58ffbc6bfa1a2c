// The staff "Try it" preview: what the prompt would hold and what FAQ-only mode would answer, without calling a model.
import { answerFromFaqs } from "./faq-only-answer.ts";
import { selectFaqsWithinBudget, type SelectedFaq } from "./faq-selection.ts";
import { buildSystemPrompt } from "./system-prompt.ts";
import { countTokens } from "./token-count.ts";
import type { AssistantSettings, FaqEntry, FaqSource } from "./types.ts";

export type TurnPreview = {
  selected: SelectedFaq[];
  systemPromptTokens: number;
  faqTokens: number;
  faqOnly: { content: string; sources: FaqEntry[]; confident: boolean };
};

export async function previewTurn(input: { text: string; settings: AssistantSettings; faqs: FaqSource }): Promise<TurnPreview> {
  const [selection, faqOnly] = await Promise.all([
    selectFaqsWithinBudget({
      text: input.text,
      faqs: input.faqs,
      tokenBudget: input.settings.faqTokenBudget,
      hardCap: input.settings.faqHardCap,
    }),
    answerFromFaqs({ text: input.text, faqs: input.faqs }),
  ]);
  const systemPrompt = buildSystemPrompt({ settings: input.settings, faqs: selection.selected.map((s) => s.faq) });
  return {
    selected: selection.selected,
    systemPromptTokens: countTokens(systemPrompt),
    faqTokens: selection.faqTokens,
    faqOnly: { content: faqOnly.content, sources: faqOnly.sources, confident: faqOnly.confident },
  };
}
