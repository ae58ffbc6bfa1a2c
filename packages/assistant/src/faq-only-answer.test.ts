import { describe, expect, it } from "vitest";
import { DEFAULT_ASSISTANT_SETTINGS } from "./default-settings.ts";
import { answerFromFaqs, FAQ_ONLY_NOT_COVERED } from "./faq-only-answer.ts";
import { createInMemoryFaqSource } from "./in-memory-faq-source.ts";
import { previewTurn } from "./preview-turn.ts";
import { SHOP_FAQS, shopFaqSource } from "./test-fixtures.ts";
import type { FaqEntry } from "./types.ts";

describe("answerFromFaqs", () => {
  it("answers with the FAQ's answer as written, without a notice stacked on top", async () => {
    for (const [text, id] of [
      ["I'd like a refund for my order", "refunds"],
      ["Do you ship to Canada?", "shipping"],
      ["forgot my password, how do I reset it", "password"],
      ["When are you open? opening hours", "hours"],
      ["how do refunds work for returned items", "refunds"],
      ["pasword reset", "password"],
    ] as const) {
      const answer = await answerFromFaqs({ text, faqs: shopFaqSource });
      expect(answer.confident, text).toBe(true);
      expect(answer.sources.map((f) => f.id)).toEqual([id]);
      expect(answer.content).toBe(SHOP_FAQS.find((f) => f.id === id)!.answer);
      expect(answer.handoffSuggested).toBe(false);
    }
  });

  it("says it doesn't know and offers a person for off-topic or empty messages", async () => {
    for (const text of [
      "What's the weather in Paris tomorrow?",
      "hi",
      "Write me a poem about cats",
      "",
      "Is the item in stock?",
    ]) {
      const answer = await answerFromFaqs({ text, faqs: shopFaqSource });
      expect(answer.confident, text).toBe(false);
      expect(answer).toMatchObject({ content: FAQ_ONLY_NOT_COVERED, sources: [], handoffSuggested: true });
    }
  });

  it("answers 'Can I pick up my order in store?' from 'Do you offer in-store pickup?' (run-together words)", async () => {
    const pickup: FaqEntry = {
      id: "pickup",
      question: "Do you offer in-store pickup?",
      answer: "Yes: choose Store pickup at checkout and collect your order within 2 hours.",
      category: "shipping",
    };
    const answer = await answerFromFaqs({
      text: "Can I pick up my order in store?",
      faqs: createInMemoryFaqSource([...SHOP_FAQS, pickup]),
    });
    expect(answer).toMatchObject({
      confident: true,
      sources: [pickup],
      content: pickup.answer,
      handoffSuggested: false,
    });
  });

  it("answers from an alternate phrasing the question itself does not share a word with", async () => {
    const phrased = SHOP_FAQS.map((f) =>
      f.id === "hours" ? { ...f, alternatePhrasings: ["When do you close on Fridays?"] } : f,
    );
    const without = await answerFromFaqs({ text: "when do you close on friday", faqs: shopFaqSource });
    const withPhrasing = await answerFromFaqs({
      text: "when do you close on friday",
      faqs: createInMemoryFaqSource(phrased),
    });
    expect(without.confident).toBe(false);
    expect(withPhrasing).toMatchObject({ confident: true, sources: [phrased[3]] });
  });
});

describe("previewTurn", () => {
  it("reports the selection, token counts and the FAQ-only answer without a model", async () => {
    const preview = await previewTurn({
      text: "refund please",
      settings: DEFAULT_ASSISTANT_SETTINGS,
      faqs: shopFaqSource,
    });
    expect(preview.selected.map((s) => s.faq.id)).toEqual(SHOP_FAQS.map((f) => f.id));
    expect(preview.selected.every((s) => s.score === null)).toBe(true);
    expect(preview.faqTokens).toBeGreaterThan(0);
    expect(preview.systemPromptTokens).toBeGreaterThan(preview.faqTokens);
    expect(preview.faqOnly).toMatchObject({ confident: true, sources: [SHOP_FAQS[0]] });
  });
});
