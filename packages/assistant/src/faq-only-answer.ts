// FAQ-only mode: answers with the best-matching FAQ verbatim, or says the FAQs don't cover it and offers a human.
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

export async function findBestFaqMatch(input: { text: string; faqs: FaqSource }): Promise<FaqMatch | null> {
  const [active, ranked] = await Promise.all([
    input.faqs.listActive(),
    input.faqs.rank(input.text, FAQ_ONLY_RANK_CANDIDATES),
  ]);
  const candidates = new Map<string, FaqEntry>();
  for (const faq of active) candidates.set(faq.id, faq);
  for (const { faq } of ranked) if (!candidates.has(faq.id)) candidates.set(faq.id, faq);

  const rankPosition = new Map(ranked.map(({ faq }, index) => [faq.id, index]));
  let best: FaqMatch | null = null;
  for (const { doc, score } of scoreLexically(input.text, [...candidates.values()], active)) {
    const position = rankPosition.get(doc.id);
    const boost = position === undefined ? 0 : position === 0 ? TOP_RANKED_BOOST : RANKED_BOOST;
    const combined = Math.min(1, score + boost);
    if (!best || combined > best.score) best = { faq: doc, score: combined };
  }
  return best;
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
