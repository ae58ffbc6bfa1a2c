// How FAQ entries are written into the system prompt: `[FAQ <id>]` entries inside a `[BUSINESS FAQS]` block.
import type { FaqEntry } from "./types.ts";

export const FAQ_BLOCK_OPEN = "[BUSINESS FAQS]";
export const FAQ_BLOCK_CLOSE = "[/BUSINESS FAQS]";
export const FAQ_ENTRY_SEPARATOR = "\n\n";
const EMPTY_FAQ_BLOCK_BODY = "(no FAQ entries available)";

// FAQ text is written by staff, but a stray block tag inside it would let one entry end the block early.
function neutraliseBlockTags(text: string): string {
  return text.replace(/\[(\/?)BUSINESS FAQS\]/gi, "($1BUSINESS FAQS)");
}

function cleanFaqText(text: string): string {
  return neutraliseBlockTags(text.replace(/\r\n?/g, "\n").trim());
}

export function formatFaqEntry(faq: FaqEntry): string {
  return `[FAQ ${faq.id}]\nQ: ${cleanFaqText(faq.question)}\nA: ${cleanFaqText(faq.answer)}`;
}

export function formatFaqBlock(faqs: readonly FaqEntry[]): string {
  const body = faqs.length > 0 ? faqs.map(formatFaqEntry).join(FAQ_ENTRY_SEPARATOR) : EMPTY_FAQ_BLOCK_BODY;
  return `${FAQ_BLOCK_OPEN}\n${body}\n${FAQ_BLOCK_CLOSE}`;
}
