// Quick start: the questions the widget's welcome screen offers, one tap asking one. The admin's
// own list (Settings.suggestedQuestions) when set; otherwise the most-asked FAQs, meaning the
// active FAQs bot replies cited most over the last 30 days, topped up with the first active FAQs
// (in the order they were added) so a new shop with no conversations still gets suggestions.
import type { PrismaClient, Settings } from "@support/db";
import { MAX_SUGGESTED_QUESTIONS } from "@support/schemas";

export const MOST_ASKED_WINDOW_DAYS = 30;
/**
 * Every widget that opens asks for its config: the citation count behind the defaults is kept this
 * long per process (a derived value, so an instance's copy being a minute old is harmless).
 */
const MOST_ASKED_CACHE_MS = 60_000;

export async function mostAskedFaqQuestions(
  prisma: PrismaClient,
  now: Date,
  limit = MAX_SUGGESTED_QUESTIONS,
): Promise<string[]> {
  const since = new Date(now.getTime() - MOST_ASKED_WINDOW_DAYS * 86_400_000);
  // Reads only bot replies of the window (index on role, createdAt) and their source ids.
  const rows = await prisma.$queryRaw<Array<{ question: string }>>`
    WITH cited AS (
      SELECT source AS faq_id, count(*) AS n
      FROM "Message" m CROSS JOIN LATERAL unnest(m.sources) AS source
      WHERE m.role = 'assistant' AND m."createdAt" >= ${since} AND m."createdAt" <= ${now}
      GROUP BY source
    )
    SELECT f.question
    FROM "Faq" f LEFT JOIN cited c ON c.faq_id = f.id::text
    WHERE f."isActive"
    ORDER BY c.n DESC NULLS LAST, f."createdAt", f.id
    LIMIT ${limit}`;
  return rows.map((r) => r.question);
}

type Cached = { at: number; value: Promise<string[]> };
const cache = new WeakMap<PrismaClient, Cached>();

/** mostAskedFaqQuestions, computed at most once a minute per database client. */
export function cachedMostAskedFaqQuestions(prisma: PrismaClient, now: Date): Promise<string[]> {
  const hit = cache.get(prisma);
  if (hit && now.getTime() - hit.at < MOST_ASKED_CACHE_MS && now.getTime() >= hit.at) return hit.value;
  const value = mostAskedFaqQuestions(prisma, now);
  const entry = { at: now.getTime(), value };
  cache.set(prisma, entry);
  // A failed read is not kept: the next widget tries again.
  value.catch(() => {
    if (cache.get(prisma) === entry) cache.delete(prisma);
  });
  return value;
}

/** What the welcome screen offers: the admin's questions, else the most-asked FAQs. */
export async function suggestedQuestions(
  prisma: PrismaClient,
  settings: Pick<Settings, "suggestedQuestions">,
  now: Date,
): Promise<string[]> {
  if (settings.suggestedQuestions.length > 0) return settings.suggestedQuestions.slice(0, MAX_SUGGESTED_QUESTIONS);
  return cachedMostAskedFaqQuestions(prisma, now);
}
