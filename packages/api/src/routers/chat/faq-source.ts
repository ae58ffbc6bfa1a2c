// The assistant's FAQ port over PostgreSQL: active entries in a stable order, each with its stored
// prompt token count and alternate phrasings. Ranking happens in process over this list
// (@support/assistant faq-ranking.ts), its index built once per cached list.
import type { FaqEntry, FaqSource, TokenCounter } from "@support/assistant";
import type { Database, PrismaClient } from "@support/db";
import { backfillFaqPromptTokens } from "../faq/prompt-tokens.ts";

/** For the staff preview and scripts: reads the active FAQs on every call. */
export function createFaqSource(prisma: PrismaClient, tokens: TokenCounter): FaqSource {
  return {
    async listActive() {
      return listActiveFaqs(prisma, tokens);
    },
  };
}

function readActiveFaqs(prisma: PrismaClient): Promise<FaqEntry[]> {
  return prisma.faq.findMany({
    where: { isActive: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, question: true, answer: true, category: true, alternatePhrasings: true, promptTokens: true },
  });
}

/**
 * The active FAQs with their token counts. Rows not counted yet (stored before counts existed, or
 * written by hand) are counted and stored first, so this happens once per row, not once per turn.
 */
async function listActiveFaqs(prisma: PrismaClient, tokens: TokenCounter): Promise<FaqEntry[]> {
  const faqs = await readActiveFaqs(prisma);
  if (faqs.every((faq) => faq.promptTokens != null)) return faqs;
  await backfillFaqPromptTokens(prisma, tokens);
  // Any row still without a count (edited meanwhile) is counted by the assistant for this turn.
  return readActiveFaqs(prisma);
}

/**
 * SQL for a fingerprint of the active FAQs: any insert, update (each writes a new row version, so
 * a new `xmin`), delete, (de)activation or reorder changes it. Cheap next to reading every entry:
 * nothing but ids and row versions leaves the database. Meant to be folded into a query a turn
 * makes anyway (see turn.service.ts), so checking the cache costs no round trip.
 */
export const ACTIVE_FAQS_VERSION_SQL = `(SELECT md5(coalesce(string_agg(f.id::text || ':' || f.xmin::text, ',' ORDER BY f.id), ''))
     FROM "Faq" f WHERE f."isActive")`;

// One entry per database (tests run several in one process); several server instances each keep
// their own and validate it on every turn against the fingerprint read from the shared database.
// The list is kept as a promise so turns arriving together share one read.
const activeFaqCache = new WeakMap<Database, { version: string; faqs: Promise<FaqEntry[]> }>();

/**
 * The FAQ source for one customer turn: `listActive` reuses this process's copy of the active FAQs
 * while `version` (read by the turn from the database, see ACTIVE_FAQS_VERSION_SQL) still matches,
 * so an edit made through any instance applies from the next turn on. The returned list is shared
 * between turns: callers must not mutate it.
 */
export function createTurnFaqSource(db: Database, version: string, tokens: TokenCounter): FaqSource {
  return {
    async listActive() {
      const cached = activeFaqCache.get(db);
      if (cached?.version === version) return cached.faqs;
      // Read after `version` was taken, so this list is at least that new: storing it under that
      // version can only cause one extra read later, never serve an outdated list. (Storing
      // backfilled counts changes the fingerprint too: the next turn reads the list once more.)
      const faqs = listActiveFaqs(db.prisma, tokens);
      const entry = { version, faqs };
      activeFaqCache.set(db, entry);
      faqs.catch(() => {
        if (activeFaqCache.get(db) === entry) activeFaqCache.delete(db);
      });
      return faqs;
    },
  };
}
