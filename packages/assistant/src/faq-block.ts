// How FAQ entries are written into the system prompt: `[FAQ <id>]` entries inside a `[BUSINESS FAQS]` block.
//
// The block's size in tokens is the sum of its parts, exactly: FAQ_BLOCK_OVERHEAD_TOKENS + each
// entry's count of faqEntryTokenText(). Every entry is followed by the same separator wherever it
// stands (the last one too), and o200k's pre-tokenizer always splits before the `[` that follows
// those newlines (`[FAQ ...]` of the next entry, or the closing tag), so no token spans two parts.
// That lets an entry's count be stored with the FAQ (Faq.promptTokens) and a turn add numbers
// instead of tokenizing (faq-block.test.ts checks it against the real tokenizer). Changing the entry
// format means stored counts are stale: a migration must set Faq.promptTokens to NULL (recounted).
import type { FaqEntry } from "./types.ts";

export const FAQ_BLOCK_OPEN = "[BUSINESS FAQS]";
export const FAQ_BLOCK_CLOSE = "[/BUSINESS FAQS]";
export const FAQ_ENTRY_SEPARATOR = "\n\n";
const EMPTY_FAQ_BLOCK_BODY = "(no FAQ entries available)";

/** o200k tokens of `${FAQ_BLOCK_OPEN}\n${FAQ_BLOCK_CLOSE}`: the block's own share when it holds entries. */
export const FAQ_BLOCK_OVERHEAD_TOKENS = 12;
/** o200k tokens of the block without entries (formatFaqBlock([])). */
export const EMPTY_FAQ_BLOCK_TOKENS = 17;

// FAQ text is written by staff, but a stray block tag inside it would let one entry end the block early.
function neutraliseBlockTags(text: string): string {
  return text.replace(/\[(\/?)BUSINESS FAQS\]/gi, "($1BUSINESS FAQS)");
}

function cleanFaqText(text: string): string {
  return neutraliseBlockTags(text.replace(/\r\n?/g, "\n").trim());
}

export function formatFaqEntry(faq: Pick<FaqEntry, "id" | "question" | "answer">): string {
  return `[FAQ ${faq.id}]\nQ: ${cleanFaqText(faq.question)}\nA: ${cleanFaqText(faq.answer)}`;
}

/** The text whose token count is an entry's share of the block (and what Faq.promptTokens stores). */
export function faqEntryTokenText(faq: Pick<FaqEntry, "id" | "question" | "answer">): string {
  return formatFaqEntry(faq) + FAQ_ENTRY_SEPARATOR;
}

export function formatFaqBlock(faqs: readonly FaqEntry[]): string {
  const body = faqs.length > 0 ? faqs.map(faqEntryTokenText).join("") : `${EMPTY_FAQ_BLOCK_BODY}\n`;
  return `${FAQ_BLOCK_OPEN}\n${body}${FAQ_BLOCK_CLOSE}`;
}

/** Tokens of formatFaqBlock(entries) from the entries' counts (faqEntryTokenText), without a tokenizer. */
export function faqBlockTokens(entryTokens: readonly number[]): number {
  if (entryTokens.length === 0) return EMPTY_FAQ_BLOCK_TOKENS;
  return entryTokens.reduce((sum, n) => sum + n, FAQ_BLOCK_OVERHEAD_TOKENS);
}
