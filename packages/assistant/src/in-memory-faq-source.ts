// A FaqSource over an array: for tests, benchmarks and the no-database path.
import type { FaqLanguage } from "./faq-language.ts";
import type { FaqEntry, FaqSource } from "./types.ts";

export function createInMemoryFaqSource(faqs: readonly FaqEntry[], language: FaqLanguage = "english"): FaqSource {
  // One copy, handed out on every call, so the ranking index is built once (faq-ranking.ts).
  const active = Object.freeze([...faqs]);
  return {
    language,
    async listActive() {
      return active;
    },
  };
}
