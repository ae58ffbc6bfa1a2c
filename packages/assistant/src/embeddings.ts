// Embeddings (optional): an OpenAI-compatible /embeddings endpoint turns FAQ texts and customer
// messages into vectors; the ranking fuses their cosine similarity with the lexical ranking.
import OpenAI from "openai";
import type { FaqEntry } from "./types.ts";

export interface EmbeddingsProvider {
  readonly model: string;
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

export function normalise(vector: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  const norm = Math.sqrt(sum) || 1;
  const out = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i]! / norm;
  return out;
}

export function createOpenAiEmbeddings(opts: {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs?: number;
}): EmbeddingsProvider {
  // No SDK retries: a query embedding must fit in the turn, and FAQ backfills simply run again later.
  const client = new OpenAI({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL,
    timeout: opts.timeoutMs ?? 10_000,
    maxRetries: 0,
  });
  return {
    model: opts.model,
    async embed(texts, signal) {
      if (texts.length === 0) return [];
      const response = await client.embeddings.create(
        { model: opts.model, input: [...texts], encoding_format: "float" },
        { signal },
      );
      const byIndex = [...response.data].sort((a, b) => a.index - b.index);
      if (byIndex.length !== texts.length)
        throw new Error(`embeddings: asked for ${texts.length} vectors, got ${byIndex.length}`);
      return byIndex.map((d) => normalise(d.embedding));
    },
  };
}

/** The texts embedded for one FAQ, in the order its stored vectors follow: question with answer, then each phrasing. */
export function faqEmbeddingTexts(faq: Pick<FaqEntry, "question" | "answer" | "alternatePhrasings">): string[] {
  return [`${faq.question.trim()}\n${faq.answer.trim()}`, ...(faq.alternatePhrasings ?? []).map((p) => p.trim())];
}
