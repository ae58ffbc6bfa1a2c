import { describe, expect, it } from "vitest";
import { formatFaqBlock } from "./faq-block.ts";
import { selectFaqsWithinBudget } from "./faq-selection.ts";
import { createInMemoryFaqSource } from "./in-memory-faq-source.ts";
import { countTokens } from "./token-count.ts";
import type { FaqEntry, FaqSource } from "./types.ts";

const topics = ["refund", "shipping", "warranty", "password", "invoice", "delivery", "return", "discount", "account", "gift"];

function manyFaqs(n: number, answerWords = 40): FaqEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const topic = topics[i % topics.length]!;
    return {
      id: `faq-${i}`,
      question: `Question ${i} about ${topic}?`,
      answer: `Answer ${i}: ${Array.from({ length: answerWords }, (_, w) => `${topic}${w % 7}`).join(" ")}.`,
      category: topic,
    };
  });
}

describe("selectFaqsWithinBudget", () => {
  it("includes every active FAQ in stable order when all fit, without ranking", async () => {
    const faqs = manyFaqs(5, 5);
    let rankCalls = 0;
    const source: FaqSource = { listActive: async () => faqs, rank: async () => (rankCalls++, []) };
    const selection = await selectFaqsWithinBudget({ text: "refund", faqs: source, tokenBudget: 2500, hardCap: 50 });
    expect(selection.ranked).toBe(false);
    expect(rankCalls).toBe(0);
    expect(selection.selected.map((s) => s.faq.id)).toEqual(faqs.map((f) => f.id));
    expect(selection.selected.every((s) => s.score === null)).toBe(true);
    expect(selection.faqTokens).toBe(countTokens(formatFaqBlock(faqs)));
  });

  it("ranks and never exceeds the token budget when the FAQs do not all fit", async () => {
    const faqs = manyFaqs(200);
    const source = createInMemoryFaqSource(faqs);
    for (const budget of [300, 1000, 2500]) {
      const selection = await selectFaqsWithinBudget({ text: "how does shipping work", faqs: source, tokenBudget: budget, hardCap: 50 });
      expect(selection.ranked).toBe(true);
      expect(selection.selected.length).toBeGreaterThan(0);
      expect(selection.faqTokens).toBeLessThanOrEqual(budget);
      expect(countTokens(formatFaqBlock(selection.selected.map((s) => s.faq)))).toBe(selection.faqTokens);
      expect(selection.selected[0]!.faq.category).toBe("shipping");
    }
  });

  it("never exceeds the hard cap, even when tokens would allow more", async () => {
    const faqs = manyFaqs(30, 2);
    const source: FaqSource = {
      listActive: async () => faqs,
      rank: async (_q, limit) => faqs.slice(0, limit).map((faq, i) => ({ faq, score: 1 - i / 100 })),
    };
    const selection = await selectFaqsWithinBudget({ text: "anything", faqs: source, tokenBudget: 100_000, hardCap: 10 });
    expect(selection.ranked).toBe(true);
    expect(selection.selected).toHaveLength(10);
  });

  it("skips a ranked entry that does not fit and lets smaller ones fill the room", async () => {
    const big: FaqEntry = { id: "big", question: "Big?", answer: "word ".repeat(400), category: "x" };
    const small = manyFaqs(3, 3);
    const all = [big, ...small];
    const source: FaqSource = {
      listActive: async () => all,
      rank: async () => all.map((faq, i) => ({ faq, score: 10 - i })),
    };
    const selection = await selectFaqsWithinBudget({ text: "big", faqs: source, tokenBudget: 200, hardCap: 50 });
    expect(selection.selected.map((s) => s.faq.id)).toEqual(small.map((f) => f.id));
    // Scores are the fused rank scores: best first.
    const scores = selection.selected.map((s) => s.score!);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(new Set(scores).size).toBe(3);
  });

  it("uses only ranked entries (no top-up) and copes with an empty ranking", async () => {
    const faqs = manyFaqs(100);
    const source: FaqSource = { listActive: async () => faqs, rank: async () => [] };
    const selection = await selectFaqsWithinBudget({ text: "zzz", faqs: source, tokenBudget: 500, hardCap: 50 });
    expect(selection).toMatchObject({ ranked: true, selected: [] });
  });
});
