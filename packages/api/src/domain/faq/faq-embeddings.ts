// FAQ embeddings when EMBEDDINGS_MODEL is configured: every FAQ's vectors are kept current in the
// background (after FAQ writes, at the first turn after a start, and after a model change, since
// the stored key covers the model and the texts), and each turn embeds the customer's message
// once, within a short time limit. Any failure leaves the ranking lexical; it is logged once, not
// per turn, until embeddings work again.
import { createHash } from "node:crypto";
import { createOpenAiEmbeddings, faqEmbeddingTexts, type EmbeddingsProvider, type FaqEntry } from "@support/assistant";
import type { PrismaClient } from "@support/db";
import type { Logger } from "../../lib/logger.ts";

export type EmbeddingsConfig = { model: string; baseURL?: string; apiKey: string };

/** Longest wait for a message's embedding; the rest of the turn deadline belongs to the model. */
export const QUERY_EMBEDDING_TIMEOUT_MS = 2_000;
// Texts per embeddings request while backfilling.
const EMBED_BATCH = 64;

const providers = new Map<string, EmbeddingsProvider>();

/** One provider per configuration in this process. */
export function embeddingsProviderFor(config: EmbeddingsConfig | null): EmbeddingsProvider | null {
  if (!config) return null;
  const key = JSON.stringify([config.model, config.baseURL ?? "", config.apiKey]);
  let provider = providers.get(key);
  if (!provider) {
    provider = createOpenAiEmbeddings({ apiKey: config.apiKey, baseURL: config.baseURL, model: config.model });
    providers.set(key, provider);
  }
  return provider;
}

/** What the stored vectors of a FAQ were computed from; a different model or text makes them stale. */
export function embeddingKey(model: string, faq: Pick<FaqEntry, "question" | "answer" | "alternatePhrasings">): string {
  return createHash("sha256")
    .update(JSON.stringify([model, faqEmbeddingTexts(faq)]))
    .digest("hex");
}

/** The stored vectors of a FAQ, split, when they are current for this model and text; else null. */
export function storedVectors(
  model: string,
  faq: Pick<FaqEntry, "question" | "answer" | "alternatePhrasings">,
  stored: { embedding: number[] | null; embeddingKey: string | null },
): Float32Array[] | null {
  if (!stored.embeddingKey || !stored.embedding?.length || stored.embeddingKey !== embeddingKey(model, faq))
    return null;
  const count = faqEmbeddingTexts(faq).length;
  const dimensions = stored.embedding.length / count;
  if (!Number.isInteger(dimensions)) return null;
  return Array.from({ length: count }, (_, i) =>
    Float32Array.from(stored.embedding!.slice(i * dimensions, (i + 1) * dimensions)),
  );
}

// Failures are logged once per provider until a call succeeds again.
const failing = new WeakSet<EmbeddingsProvider>();
function reportFailure(provider: EmbeddingsProvider, log: Logger, what: string, err: unknown) {
  if (failing.has(provider)) return;
  failing.add(provider);
  log.warn(
    { err, model: provider.model },
    `embeddings ${what} failed: ranking FAQs by words only until embeddings work again`,
  );
}
function reportSuccess(provider: EmbeddingsProvider, log: Logger) {
  if (failing.delete(provider)) log.info({ model: provider.model }, "embeddings work again");
}

/** The message's embedding, or null (failure, time limit): one call per turn, shared by its callers. */
export function createQueryEmbedder(
  provider: EmbeddingsProvider,
  log: Logger,
): (text: string) => Promise<Float32Array | null> {
  const calls = new Map<string, Promise<Float32Array | null>>();
  return (text) => {
    let call = calls.get(text);
    if (!call) {
      call = provider.embed([text], AbortSignal.timeout(QUERY_EMBEDDING_TIMEOUT_MS)).then(
        ([vector]) => {
          reportSuccess(provider, log);
          return vector ?? null;
        },
        (err: unknown) => {
          reportFailure(provider, log, "of a customer message", err);
          return null;
        },
      );
      calls.set(text, call);
    }
    return call;
  };
}

const syncs = new WeakMap<PrismaClient, Promise<number>>();

/**
 * Computes and stores the vectors of every FAQ whose stored ones are missing or stale, in batches;
 * resolves to how many FAQs were embedded. One run at a time per database client; never rejects.
 * A FAQ edited while its vectors were computed keeps its new key mismatched and is done next run.
 */
export function syncFaqEmbeddings(prisma: PrismaClient, provider: EmbeddingsProvider, log: Logger): Promise<number> {
  const running = syncs.get(prisma);
  if (running) return running;
  const run = embedStale(prisma, provider, log)
    .catch((err: unknown) => {
      reportFailure(provider, log, "of FAQs", err);
      return 0;
    })
    .finally(() => syncs.delete(prisma));
  syncs.set(prisma, run);
  return run;
}

async function embedStale(prisma: PrismaClient, provider: EmbeddingsProvider, log: Logger): Promise<number> {
  const faqs = await prisma.faq.findMany({
    select: { id: true, question: true, answer: true, alternatePhrasings: true, embeddingKey: true },
  });
  const stale = faqs.filter((f) => f.embeddingKey !== embeddingKey(provider.model, f));
  let done = 0;
  for (let start = 0; start < stale.length;) {
    // Whole FAQs per request, about EMBED_BATCH texts.
    const batch: typeof stale = [];
    let texts = 0;
    while (
      start < stale.length &&
      (batch.length === 0 || texts + faqEmbeddingTexts(stale[start]!).length <= EMBED_BATCH)
    ) {
      texts += faqEmbeddingTexts(stale[start]!).length;
      batch.push(stale[start++]!);
    }
    const vectors = await provider.embed(batch.flatMap((f) => faqEmbeddingTexts(f)));
    let offset = 0;
    for (const faq of batch) {
      const count = faqEmbeddingTexts(faq).length;
      const flat = vectors.slice(offset, offset + count).flatMap((v) => Array.from(v));
      offset += count;
      // Only if the text is still what was embedded.
      await prisma.faq.updateMany({
        where: {
          id: faq.id,
          question: faq.question,
          answer: faq.answer,
          alternatePhrasings: { equals: faq.alternatePhrasings },
        },
        data: { embedding: flat, embeddingKey: embeddingKey(provider.model, faq) },
      });
      done++;
    }
  }
  if (done > 0) {
    reportSuccess(provider, log);
    log.info({ faqs: done, model: provider.model }, "faq embeddings stored");
  }
  return done;
}
