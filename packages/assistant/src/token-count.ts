// Token counting in this thread with the tokenizer of the gpt-4o family (o200k_base), so budgets
// match what is billed. Importing this module loads the tokenizer's tables (~66 MB): it is only for
// scripts and tests (`@support/assistant/token-count`); the server counts in a worker thread
// (token-counter.ts), which must count exactly the same way.
import { countTokens as countO200kTokens } from "gpt-tokenizer/encoding/o200k_base";
import type { TokenCounter } from "./types.ts";

// Customer text may contain strings such as "<|endoftext|>"; count them as plain text instead of throwing.
const SPECIAL_TOKENS_AS_TEXT = { disallowedSpecial: new Set<string>() };

export function countTokens(text: string): number {
  return countO200kTokens(text, SPECIAL_TOKENS_AS_TEXT);
}

/** A TokenCounter over this thread's tokenizer. */
export const inProcessTokenCounter: TokenCounter = {
  async count(texts) {
    return texts.map(countTokens);
  },
};
