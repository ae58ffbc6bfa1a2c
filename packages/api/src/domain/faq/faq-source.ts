// The assistant's FAQ port over PostgreSQL: active entries in a stable order, each with its stored
// prompt token count and alternate phrasings. Ranking happens in process over this list
// (@support/assistant faq-ranking.ts), its index built once per cached list. With embeddings
// configured, each entry also carries its current vectors (faq-embeddings.ts).
import {
  preloadDictionary,
  type EmbeddingsProvider,
  type FaqEntry,
  type FaqLanguage,
  type FaqSource,
  type TokenCounter,
} from "@support/assistant";
import type { Database, PrismaClient } from "@support/db";
import { sql } from "../../lib/raw-sql.ts";
import type { Logger } from "../../lib/logger.ts";
import { backfillFaqPromptTokens } from "./prompt-tokens.ts";
import { createQueryEmbedder, storedVectors, syncFaqEmbeddings } from "./faq-embeddings.ts";

// The ranking's word list (for telling misspellings from real words) is read once, in the
// background at start, rather than by the first customer turn.
preloadDictionary().catch(() => undefined);

/** The configured embeddings model and where its failures are logged; null = lexical ranking only. */
export type FaqEmbeddings = { provider: EmbeddingsProvider; log: Logger } | null;

/** For the staff preview and scripts: reads the active FAQs on every call. */
export function createFaqSource(
  prisma: PrismaClient,
  tokens: TokenCounter,
  embeddings: FaqEmbeddings = null,
  language: FaqLanguage = "english",
): FaqSource {
  return {
    language,
    async listActive() {
      return listActiveFaqs(prisma, tokens, embeddings);
    },
    ...(embeddings && { embedQuery: createQueryEmbedder(embeddings.provider, embeddings.log) }),
  };
}

async function readActiveFaqs(prisma: PrismaClient, embeddings: FaqEmbeddings): Promise<FaqEntry[]> {
  const rows = await prisma.faq.findMany({
    where: { isActive: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      question: true,
      answer: true,
      category: true,
      alternatePhrasings: true,
      promptTokens: true,
      ...(embeddings && { embedding: true, embeddingKey: true }),
    },
  });
  if (!embeddings) return rows;
  return rows.map(({ embedding, embeddingKey, ...faq }) => ({
    ...faq,
    vectors: storedVectors(embeddings.provider.model, faq, {
      embedding: embedding ?? null,
      embeddingKey: embeddingKey ?? null,
    }),
  }));
}

/**
 * The active FAQs with their token counts. Rows not counted yet (stored before counts existed, or
 * written by hand) are counted and stored first, so this happens once per row, not once per turn.
 * FAQs without current vectors are embedded in the background (the list is lexical for them now).
 */
async function listActiveFaqs(
  prisma: PrismaClient,
  tokens: TokenCounter,
  embeddings: FaqEmbeddings,
): Promise<FaqEntry[]> {
  let faqs = await readActiveFaqs(prisma, embeddings);
  if (!faqs.every((faq) => faq.promptTokens != null)) {
    await backfillFaqPromptTokens(prisma, tokens);
    // Any row still without a count (edited meanwhile) is counted by the assistant for this turn.
    faqs = await readActiveFaqs(prisma, embeddings);
  }
  if (embeddings && faqs.some((faq) => !faq.vectors))
    void syncFaqEmbeddings(prisma, embeddings.provider, embeddings.log);
  return faqs;
}

/**
 * SQL for a fingerprint of the active FAQs: any insert, update (each writes a new row version, so
 * a new `xmin`), delete, (de)activation or reorder changes it. Cheap next to reading every entry:
 * nothing but ids and row versions leaves the database. Meant to be folded into a query a turn
 * makes anyway (see domain/turn/turn.sql.ts), so checking the cache costs no round trip.
 */
export const ACTIVE_FAQS_VERSION_SQL = sql`(SELECT md5(coalesce(string_agg(f.id::text || ':' || f.xmin::text, ',' ORDER BY f.id), ''))
     FROM "Faq" f WHERE f."isActive")`;

// One entry per database (tests run several in one process); several server instances each keep
// their own and validate it on every turn against the fingerprint read from the shared database.
// The list is kept as a promise so turns arriving together share one read.
// The embeddings model is part of the key: the vectors in the list are that model's.
const activeFaqCache = new WeakMap<Database, { version: string; model: string | null; faqs: Promise<FaqEntry[]> }>();

/**
 * The FAQ source for one customer turn: `listActive` reuses this process's copy of the active FAQs
 * while `version` (read by the turn from the database, see ACTIVE_FAQS_VERSION_SQL) still matches,
 * so an edit made through any instance applies from the next turn on. The returned list is shared
 * between turns: callers must not mutate it.
 */
export function createTurnFaqSource(
  db: Database,
  version: string,
  tokens: TokenCounter,
  embeddings: FaqEmbeddings = null,
  language: FaqLanguage = "english",
): FaqSource {
  return {
    language,
    ...(embeddings && { embedQuery: createQueryEmbedder(embeddings.provider, embeddings.log) }),
    async listActive() {
      const cached = activeFaqCache.get(db);
      const model = embeddings?.provider.model ?? null;
      if (cached?.version === version && cached.model === model) return cached.faqs;
      // Read after `version` was taken, so this list is at least that new: storing it under that
      // version can only cause one extra read later, never serve an outdated list. (Storing
      // backfilled counts changes the fingerprint too: the next turn reads the list once more.)
      const faqs = listActiveFaqs(db.prisma, tokens, embeddings);
      const entry = { version, model, faqs };
      activeFaqCache.set(db, entry);
      faqs.catch(() => {
        if (activeFaqCache.get(db) === entry) activeFaqCache.delete(db);
      });
      return faqs;
    },
  };
}
