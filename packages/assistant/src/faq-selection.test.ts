import { describe, expect, it } from "vitest";
import { normalise } from "./embeddings.ts";
import { faqEntryTokenText, formatFaqBlock } from "./faq-block.ts";
import { rankFaqs } from "./faq-ranking.ts";
import { selectFaqsWithinBudget as select } from "./faq-selection.ts";
import { createInMemoryFaqSource } from "./in-memory-faq-source.ts";
import { countTokens, inProcessTokenCounter } from "./token-count.ts";
import type { FaqEntry, FaqSource, TokenCounter } from "./types.ts";

// Tests may count in process; the server counts in a worker thread (token-counter.test.ts).
const selectFaqsWithinBudget = (input: Omit<Parameters<typeof select>[0], "tokens">) =>
  select({ ...input, tokens: inProcessTokenCounter });

/** Counts in process and records every batch it was asked for. */
function spyCounter(): TokenCounter & { batches: string[][] } {
  const batches: string[][] = [];
  return { batches, count: async (texts) => (batches.push([...texts]), texts.map(countTokens)) };
}

const topics = [
  "refund",
  "shipping",
  "warranty",
  "password",
  "invoice",
  "delivery",
  "return",
  "discount",
  "account",
  "gift",
];

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
    const source: FaqSource = { listActive: async () => faqs };
    const selection = await selectFaqsWithinBudget({ text: "refund", faqs: source, tokenBudget: 2500, hardCap: 50 });
    expect(selection.ranked).toBe(false);
    expect(selection.selected.map((s) => s.faq.id)).toEqual(faqs.map((f) => f.id));
    expect(selection.selected.every((s) => s.score === null)).toBe(true);
    expect(selection.faqTokens).toBe(countTokens(formatFaqBlock(faqs)));
  });

  it("ranks and never exceeds the token budget when the FAQs do not all fit", async () => {
    const faqs = manyFaqs(200);
    const source = createInMemoryFaqSource(faqs);
    for (const budget of [300, 1000, 2500]) {
      const selection = await selectFaqsWithinBudget({
        text: "how does shipping work",
        faqs: source,
        tokenBudget: budget,
        hardCap: 50,
      });
      expect(selection.ranked).toBe(true);
      expect(selection.selected.length).toBeGreaterThan(0);
      expect(selection.faqTokens).toBeLessThanOrEqual(budget);
      expect(countTokens(formatFaqBlock(selection.selected.map((s) => s.faq)))).toBe(selection.faqTokens);
      expect(selection.selected[0]!.faq.category).toBe("shipping");
    }
  });

  it("never exceeds the hard cap, even when tokens would allow more", async () => {
    const faqs = manyFaqs(30, 2);
    const source: FaqSource = { listActive: async () => faqs };
    const selection = await selectFaqsWithinBudget({
      text: "question about refunds",
      faqs: source,
      tokenBudget: 100_000,
      hardCap: 10,
    });
    expect(selection.ranked).toBe(true);
    expect(selection.selected).toHaveLength(10);
  });

  it("skips a ranked entry that does not fit and lets smaller ones fill the room", async () => {
    const big: FaqEntry = { id: "big", question: "Big question?", answer: "word ".repeat(400), category: "x" };
    const small = manyFaqs(3, 3);
    const all = [big, ...small];
    const source: FaqSource = { listActive: async () => all };
    // "big" ranks first, the small ones share "question" with the message.
    const selection = await selectFaqsWithinBudget({
      text: "big question",
      faqs: source,
      tokenBudget: 200,
      hardCap: 50,
    });
    expect(selection.selected.map((s) => s.faq.id)).toEqual(small.map((f) => f.id));
    // Scores are the fused rank scores: best first.
    const scores = selection.selected.map((s) => s.score!);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(new Set(scores).size).toBe(3);
  });

  it("uses only ranked entries (no top-up) and copes with an empty ranking", async () => {
    const faqs = manyFaqs(100);
    const source: FaqSource = { listActive: async () => faqs };
    const selection = await selectFaqsWithinBudget({ text: "zzz", faqs: source, tokenBudget: 500, hardCap: 50 });
    expect(selection).toMatchObject({ ranked: true, selected: [] });
  });

  it("budgets with the counts the source stored and asks the counter for none of them", async () => {
    const faqs = manyFaqs(6, 5).map((f) => ({ ...f, promptTokens: countTokens(faqEntryTokenText(f)) }));
    const tokens = spyCounter();
    const selection = await select({
      text: "refund",
      faqs: createInMemoryFaqSource(faqs),
      tokenBudget: 2500,
      hardCap: 50,
      tokens,
    });
    expect(tokens.batches).toEqual([]);
    expect(selection.selected).toHaveLength(6);
    expect(selection.faqTokens).toBe(countTokens(formatFaqBlock(faqs)));

    // The stored number is what counts: an entry stored as huge no longer fits.
    const inflated = faqs.map((f, i) => (i === 0 ? { ...f, promptTokens: 5000 } : f));
    const ranked = await select({
      text: "refund",
      faqs: createInMemoryFaqSource(inflated),
      tokenBudget: 2500,
      hardCap: 50,
      tokens,
    });
    expect(tokens.batches).toEqual([]);
    expect(ranked.selected.map((s) => s.faq.id)).not.toContain(faqs[0]!.id);
  });

  it("counts only the entries without a stored count, in one batch, and remembers them", async () => {
    const faqs = manyFaqs(5, 5).map((f, i) =>
      i < 2
        ? { ...f, id: `${f.id}-spy`, promptTokens: null }
        : { ...f, promptTokens: countTokens(faqEntryTokenText(f)) },
    );
    const tokens = spyCounter();
    const first = await select({
      text: "refund",
      faqs: createInMemoryFaqSource(faqs),
      tokenBudget: 2500,
      hardCap: 50,
      tokens,
    });
    expect(tokens.batches).toEqual([faqs.slice(0, 2).map(faqEntryTokenText)]);
    expect(first.faqTokens).toBe(countTokens(formatFaqBlock(faqs)));
    await select({ text: "refund", faqs: createInMemoryFaqSource(faqs), tokenBudget: 2500, hardCap: 50, tokens });
    expect(tokens.batches).toHaveLength(1);
  });
});

describe("selectFaqsWithinBudget with embeddings", () => {
  // Long questions: a short message asks little of each, so the words' confidence stays low.
  const plain: FaqEntry[] = [
    {
      id: "cancel",
      question: "How do I cancel an order I placed yesterday with express shipping to another country?",
      answer: "From My Orders.",
      category: "orders",
    },
    {
      id: "change",
      question: "Can I change the size or colour of an item in my order before it is packed?",
      answer: "Until it ships.",
      category: "orders",
    },
    {
      id: "where",
      question: "Where is my order if the tracking page has not changed for a week?",
      answer: "See the tracking link.",
      category: "orders",
    },
    { id: "gift", question: "Do you sell gift cards?", answer: "Yes, online.", category: "shop" },
    { id: "hours", question: "When are you open?", answer: "9 to 5.", category: "shop" },
  ];
  // And words the FAQs don't know: the words explain little of the message, so the meaning weighs a lot.
  const text = "order cancel blorp zzyx";
  const query = normalise([1, 0, 0, 0]);
  const byWords = rankFaqs(text, plain).map((r) => r.faq.id);
  // The embedding's order: the words' third choice first, then the two FAQs without a shared word,
  // the words' first, and their second last.
  const meaningOrder = [byWords[2], "gift", "hours", byWords[0], byWords[1]];
  const faqs = plain.map((f) => ({ ...f, vectors: [normalise([5 - meaningOrder.indexOf(f.id), 0, 4, 0])] }));
  const source: FaqSource = { listActive: async () => faqs, embedQuery: async () => query };

  it("keeps what the words rank first even where the fused ranking would not", async () => {
    expect(byWords).toHaveLength(3);
    const fused = rankFaqs(text, faqs, 2, query).map((r) => r.faq.id);
    expect(fused).not.toContain(byWords[1]);
    const selection = await selectFaqsWithinBudget({ text, faqs: source, tokenBudget: 2500, hardCap: 2 });
    expect(selection.selected.map((s) => s.faq.id)).toEqual(byWords.slice(0, 2));
  });

  it("takes the words' and the fused ranking's choices in turn, so the meaning's finds get in too", async () => {
    const fused = rankFaqs(text, faqs, Infinity, query).map((r) => r.faq.id);
    const selection = await selectFaqsWithinBudget({ text, faqs: source, tokenBudget: 2500, hardCap: 4 });
    const ids = selection.selected.map((s) => s.faq.id);
    expect(ids).toHaveLength(4);
    expect(ids.slice(0, 2)).toEqual(expect.arrayContaining([byWords[0], fused[0]]));
    expect(ids).toEqual(expect.arrayContaining([byWords[1], fused[1], "gift"]));
  });
});
