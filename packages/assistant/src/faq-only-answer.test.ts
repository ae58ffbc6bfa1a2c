import { describe, expect, it } from "vitest";
import { DEFAULT_ASSISTANT_SETTINGS } from "./default-settings.ts";
import { answerFromFaqs, FAQ_ONLY_LEAD_IN, FAQ_ONLY_NOT_COVERED } from "./faq-only-answer.ts";
import { createInMemoryFaqSource } from "./in-memory-faq-source.ts";
import { matchTerms } from "./lexical-match.ts";
import { previewTurn } from "./preview-turn.ts";
import type { FaqEntry, FaqSource } from "./types.ts";

const faqs: FaqEntry[] = [
  { id: "refunds", question: "How do refunds work?", answer: "We refund within 14 days of receiving the item.", category: "billing" },
  { id: "shipping", question: "Do you ship internationally?", answer: "We ship to the EU, UK and US.", category: "shipping" },
  { id: "password", question: "How can I reset my password?", answer: "Use the 'Forgot password' link on the login page.", category: "account" },
  { id: "hours", question: "What are your opening hours?", answer: "Monday to Friday, 9:00 to 17:00 CET.", category: "general" },
];
const emptyRank: FaqSource = { listActive: async () => faqs, rank: async () => [] };

describe("answerFromFaqs", () => {
  it("answers verbatim from a confident match even when rank() finds nothing", async () => {
    for (const [text, id] of [
      ["I'd like a refund for my order", "refunds"],
      ["Do you ship to Canada?", "shipping"],
      ["forgot my password, how do I reset it", "password"],
      ["When are you open? opening hours", "hours"],
      ["how long does a refund take", "refunds"],
    ] as const) {
      const answer = await answerFromFaqs({ text, faqs: emptyRank });
      expect(answer.confident, text).toBe(true);
      expect(answer.sources.map((f) => f.id)).toEqual([id]);
      expect(answer.content).toBe(`${FAQ_ONLY_LEAD_IN}\n\n${faqs.find((f) => f.id === id)!.answer}`);
      expect(answer.handoffSuggested).toBe(false);
    }
  });

  it("is not confident for off-topic or empty questions and offers a human", async () => {
    for (const text of ["What's the weather in Paris tomorrow?", "hi", "Write me a poem about cats", ""]) {
      const answer = await answerFromFaqs({ text, faqs: emptyRank });
      expect(answer.confident, text).toBe(false);
      expect(answer).toMatchObject({ content: FAQ_ONLY_NOT_COVERED, sources: [], handoffSuggested: true });
    }
  });

  it("uses the FaqSource ranking as extra evidence", async () => {
    const ranked: FaqSource = { listActive: async () => faqs, rank: async () => [{ faq: faqs[1]!, score: 0.9 }] };
    // "deliver abroad" are synonyms the lexical match cannot see; the database's top rank tips it over.
    const text = "do you deliver abroad? shipping to Canada?";
    const without = await answerFromFaqs({ text, faqs: emptyRank });
    const withRank = await answerFromFaqs({ text, faqs: ranked });
    expect(without.confident).toBe(false);
    expect(withRank.bestMatch!.score).toBeGreaterThan(without.bestMatch!.score);
    expect(withRank.sources.map((f) => f.id)).toEqual(["shipping"]);
  });

  it("stems and drops stopwords", () => {
    expect(matchTerms("Shipping, shipped and ships!")).toEqual(["ship", "ship", "ship"]);
    expect(matchTerms("How do I get refunds?")).toEqual(["refund"]);
  });
});

describe("previewTurn", () => {
  it("reports the selection, token counts and the FAQ-only answer without a model", async () => {
    const preview = await previewTurn({ text: "refund please", settings: DEFAULT_ASSISTANT_SETTINGS, faqs: createInMemoryFaqSource(faqs) });
    expect(preview.selected.map((s) => s.faq.id)).toEqual(faqs.map((f) => f.id));
    expect(preview.selected.every((s) => s.score === null)).toBe(true);
    expect(preview.faqTokens).toBeGreaterThan(0);
    expect(preview.systemPromptTokens).toBeGreaterThan(preview.faqTokens);
    expect(preview.faqOnly).toMatchObject({ confident: true, sources: [faqs[0]] });
  });
});
