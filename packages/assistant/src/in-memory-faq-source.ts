// A FaqSource over an array, ranked with the in-package lexical scorer: for tests, benchmarks and the no-database path.
import { scoreLexically } from "./lexical-match.ts";
import type { FaqEntry, FaqSource } from "./types.ts";

export function createInMemoryFaqSource(faqs: readonly FaqEntry[]): FaqSource {
  return {
    async listActive() {
      return [...faqs];
    },
    async rank(query, limit) {
      return scoreLexically(query, faqs)
        .filter((r) => r.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit)
        .map(({ doc, score }) => ({ faq: doc, score }));
    },
  };
}
