// FAQ-only mode: answers with the best-matching FAQ verbatim, or says the FAQs don't cover it and offers a human.
import { fuseRankings } from "./faq-selection.ts";
import { scoreLexically } from "./lexical-match.ts";
import type { FaqEntry, FaqSource } from "./types.ts";

/** Minimum combined score (0..1) to answer from an FAQ instead of offering a human. */
export const FAQ_ONLY_CONFIDENCE_THRESHOLD = 0.45;
/** How many of the FaqSource's ranked results are considered. */
export const FAQ_ONLY_RANK_CANDIDATES = 5;
// The database's full-text match is independent evidence (real stemming, categories), so it lifts a score.
const TOP_RANKED_BOOST = 0.15;
const RANKED_BOOST = 0.1;

export const FAQ_ONLY_LEAD_IN = "Here's what our FAQ says:";
export const FAQ_ONLY_NOT_COVERED =
  "I'm sorry, I couldn't find an answer to that in our FAQs. Would you like me to connect you with a member of our team?";

export type FaqMatch = { faq: FaqEntry; score: number };

export type FaqOnlyAnswer = {
  content: string;
  /** The FAQ answered from, or empty when not confident. */
  sources: FaqEntry[];
  confident: boolean;
  handoffSuggested: boolean;
  /** Best candidate even when below the threshold (for the staff preview). */
  bestMatch: FaqMatch | null;
};

/**
 * The candidate is the top of the same fused ranking that fills the prompt (full-text search and
 * word match agreeing); its confidence is how well it explains the message (IDF word match),
 * lifted when the database's full-text search also puts it first.
 */
export async function findBestFaqMatch(input: { text: string; faqs: FaqSource }): Promise<FaqMatch | null> {
  const [active, database] = await Promise.all([input.faqs.listActive(), input.faqs.rank(input.text, FAQ_ONLY_RANK_CANDIDATES)]);
  const [top] = fuseRankings(input.text, database, active, FAQ_ONLY_RANK_CANDIDATES);
  if (!top) return null;
  const [lexical] = scoreLexically(input.text, [top.faq], active);
  const position = database.findIndex((r) => r.faq.id === top.faq.id);
  const boost = position === 0 ? TOP_RANKED_BOOST : position > 0 ? RANKED_BOOST : 0;
  return { faq: top.faq, score: Math.min(1, (lexical?.score ?? 0) + boost) };
}

export async function answerFromFaqs(input: { text: string; faqs: FaqSource }): Promise<FaqOnlyAnswer> {
  const bestMatch = await findBestFaqMatch(input);
  if (bestMatch && bestMatch.score >= FAQ_ONLY_CONFIDENCE_THRESHOLD) {
    return {
      content: `${FAQ_ONLY_LEAD_IN}\n\n${bestMatch.faq.answer.trim()}`,
      sources: [bestMatch.faq],
      confident: true,
      handoffSuggested: false,
      bestMatch,
    };
  }
  return { content: FAQ_ONLY_NOT_COVERED, sources: [], confident: false, handoffSuggested: true, bestMatch };
}
