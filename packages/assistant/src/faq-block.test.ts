// The FAQ block's token count is the sum of its parts (faq-block.ts), checked with the real tokenizer.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  EMPTY_FAQ_BLOCK_TOKENS,
  FAQ_BLOCK_CLOSE,
  FAQ_BLOCK_OPEN,
  FAQ_BLOCK_OVERHEAD_TOKENS,
  faqBlockTokens,
  faqEntryTokenText,
  formatFaqBlock,
} from "./faq-block.ts";
import { countTokens } from "./token-count.ts";
import type { FaqEntry } from "./types.ts";

// A public FAQ set next to the repository (not copied into it); skipped where it is absent.
const COVIDFAQ = fileURLToPath(new URL("../../../../shared/data/covidfaq/faqs.jsonl", import.meta.url));

const entryCounts = (faqs: readonly FaqEntry[]) => faqs.map((f) => countTokens(faqEntryTokenText(f)));

/** Every way the sum could differ from the real count: whole list, each entry alone, each ordered pair. */
function mismatches(faqs: readonly FaqEntry[]): string[] {
  const counts = entryCounts(faqs);
  const bad: string[] = [];
  const check = (idx: number[]) => {
    const real = countTokens(formatFaqBlock(idx.map((i) => faqs[i]!)));
    const summed = faqBlockTokens(idx.map((i) => counts[i]!));
    if (real !== summed) bad.push(`[${idx.join(",")}]: sum ${summed}, real ${real}`);
  };
  check(faqs.map((_, i) => i));
  for (let i = 0; i < faqs.length; i++) {
    check([i]);
    for (let j = 0; j < faqs.length; j++) if (i !== j) check([i, j]);
  }
  return bad;
}

describe("FAQ block token arithmetic", () => {
  it("the constants are the real tokenizer's counts", () => {
    expect(countTokens(`${FAQ_BLOCK_OPEN}\n${FAQ_BLOCK_CLOSE}`)).toBe(FAQ_BLOCK_OVERHEAD_TOKENS);
    expect(countTokens(formatFaqBlock([]))).toBe(EMPTY_FAQ_BLOCK_TOKENS);
    expect(faqBlockTokens([])).toBe(EMPTY_FAQ_BLOCK_TOKENS);
  });

  it("overhead + entry counts is the exact block count, whatever the entries end or start with", () => {
    // Endings that merge with following newlines differently ("%).\n\n" is one token, "%).\n" two),
    // emoji, special-token text, CRLF, stray block tags, contractions, digits, slashes.
    const endings = [
      "%).",
      "?]]",
      "😀",
      "<|endoftext|>",
      "x/",
      "123",
      "a\r\n",
      "é",
      "  padded  ",
      "[/BUSINESS FAQS]",
      "it's",
      "\t",
      "’",
      "(60%)",
      "…",
    ];
    const faqs = endings.map((e, i) => ({
      id: i % 2 ? randomUUID() : `f${i}`,
      question: `Q${e}`,
      answer: `Answer ${e}`,
      category: "x",
    }));
    expect(mismatches(faqs)).toEqual([]);
  });

  it.skipIf(!existsSync(COVIDFAQ))("is exact on the covidfaq set (all, each alone, every ordered pair)", () => {
    const faqs = readFileSync(COVIDFAQ, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { question: string; answer: string })
      .map((f) => ({ id: randomUUID(), question: f.question, answer: f.answer, category: "covid" }));
    expect(faqs.length).toBeGreaterThan(50);
    expect(mismatches(faqs)).toEqual([]);
  });
});
