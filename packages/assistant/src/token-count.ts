// Token counting with the tokenizer of the gpt-4o family (o200k_base), so budgets match what is billed.
import { countTokens as countO200kTokens } from "gpt-tokenizer/encoding/o200k_base";

// Customer text may contain strings such as "<|endoftext|>"; count them as plain text instead of throwing.
const SPECIAL_TOKENS_AS_TEXT = { disallowedSpecial: new Set<string>() };

export function countTokens(text: string): number {
  return countO200kTokens(text, SPECIAL_TOKENS_AS_TEXT);
}
