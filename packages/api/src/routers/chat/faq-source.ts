// The assistant's FAQ port over PostgreSQL: active entries in a stable order, and full-text ranking
// (question weighted above answer above category) for when they don't all fit the budget.
import type { FaqEntry, FaqSource } from "@support/assistant";
import type { PrismaClient } from "@support/db";

export function createFaqSource(prisma: PrismaClient): FaqSource {
  return {
    async listActive() {
      return prisma.faq.findMany({
        where: { isActive: true },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, question: true, answer: true, category: true },
      });
    },
    async rank(query, limit) {
      return rankFaqs(prisma, query, limit);
    },
  };
}

/**
 * Any-word match (plainto_tsquery's AND turned into OR), ranked by ts_rank_cd with length
 * normalisation, plus a bonus when the message names the FAQ's category.
 */
export async function rankFaqs(prisma: PrismaClient, query: string, limit: number): Promise<Array<{ faq: FaqEntry; score: number }>> {
  const rows = await prisma.$queryRaw<Array<FaqEntry & { score: number }>>`
    WITH q AS (
      SELECT NULLIF(replace(plainto_tsquery('english', ${query})::text, '&', '|'), '')::tsquery AS query
    )
    SELECT f.id, f.question, f.answer, f.category,
           (ts_rank_cd(f."searchVector", q.query, 1)
             + CASE WHEN to_tsvector('english', f.category) @@ q.query THEN 0.1 ELSE 0 END)::float8 AS score
    FROM "Faq" f, q
    WHERE f."isActive" AND q.query IS NOT NULL AND f."searchVector" @@ q.query
    ORDER BY score DESC, f."createdAt" ASC, f.id ASC
    LIMIT ${limit}`;
  return rows.map(({ score, ...faq }) => ({ faq, score: Number(score) }));
}
