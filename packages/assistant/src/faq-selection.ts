// Chooses which FAQ entries go into the prompt: all of them while they fit (cache-friendly), else the best-ranked ones.
// Budgets are sums of per-entry token counts (exact, see faq-block.ts); counts come with the FAQs
// from the source (stored in the database) and only missing ones go to the TokenCounter.
import { faqBlockTokens, faqEntryTokenText, FAQ_BLOCK_OVERHEAD_TOKENS } from "./faq-block.ts";
import { rankFaqs } from "./faq-ranking.ts";
import { sharedTokenCounter } from "./token-counter.ts";
import type { FaqLanguage } from "./faq-language.ts";
import type { FaqEntry, FaqSource, TokenCounter } from "./types.ts";

export type SelectedFaq = { faq: FaqEntry; score: number | null };

export type FaqSelection = {
  /** In prompt order. `score` is the ranking's fused score, null when every active FAQ was included. */
  selected: SelectedFaq[];
  /** Tokens of the whole `[BUSINESS FAQS]` block as it will be sent (wrapper tags included). */
  faqTokens: number;
  /** True when not everything fitted and the entries were chosen by the ranking. */
  ranked: boolean;
};

// Counts of entries a source did not supply (in-memory sources, a FAQ ranked before the active list
// caught up), so the same text is sent to the counter once, not on every turn.
const ENTRY_TOKEN_CACHE_LIMIT = 5000;
const entryTokenCache = new Map<string, number>();

/**
 * Each FAQ's entry token count, by FAQ id: the count the FAQ carries (stored with it), else the
 * count of the same entry in `known` (the active list), else counted now, all missing in one batch.
 */
// The active list by id, per list object (sources hand out one array per FAQ version), so a turn
// over 5,000 FAQs does not rebuild the map.
const byIdCache = new WeakMap<readonly FaqEntry[], Map<string, FaqEntry>>();

async function entryTokenCounts(
  faqs: readonly FaqEntry[],
  known: readonly FaqEntry[],
  counter: TokenCounter,
): Promise<Map<string, number>> {
  let knownById = byIdCache.get(known);
  if (!knownById) {
    knownById = new Map(known.map((faq) => [faq.id, faq]));
    byIdCache.set(known, knownById);
  }
  const counts = new Map<string, number>();
  const missing: Array<{ id: string; text: string }> = [];
  for (const faq of faqs) {
    const same = knownById.get(faq.id);
    const stored =
      faq.promptTokens ??
      (same && same.question === faq.question && same.answer === faq.answer ? same.promptTokens : null);
    if (stored != null) {
      counts.set(faq.id, stored);
      continue;
    }
    const text = faqEntryTokenText(faq);
    const cached = entryTokenCache.get(text);
    if (cached !== undefined) counts.set(faq.id, cached);
    else missing.push({ id: faq.id, text });
  }
  if (missing.length > 0) {
    const counted = await counter.count(missing.map((m) => m.text));
    if (entryTokenCache.size + missing.length > ENTRY_TOKEN_CACHE_LIMIT) entryTokenCache.clear();
    missing.forEach(({ id, text }, i) => {
      counts.set(id, counted[i]!);
      entryTokenCache.set(text, counted[i]!);
    });
  }
  return counts;
}

/**
 * Greedy fill in the given order: an entry that does not fit is skipped so smaller ones after it
 * may still use the room. The sum is the block's exact size (faq-block.ts), so no re-check.
 */
function fillWithinBudget(
  candidates: SelectedFaq[],
  counts: Map<string, number>,
  tokenBudget: number,
  hardCap: number,
): SelectedFaq[] {
  const chosen: SelectedFaq[] = [];
  let used = FAQ_BLOCK_OVERHEAD_TOKENS;
  for (const candidate of candidates) {
    if (chosen.length >= hardCap) break;
    const cost = counts.get(candidate.faq.id)!;
    if (used + cost > tokenBudget) continue;
    chosen.push(candidate);
    used += cost;
  }
  return chosen;
}

export async function selectFaqsWithinBudget(input: {
  text: string;
  faqs: FaqSource;
  tokenBudget: number;
  hardCap: number;
  /** Counts entries the source has no stored count for; default: the shared worker thread. */
  tokens?: TokenCounter;
}): Promise<FaqSelection> {
  const hardCap = Math.max(0, Math.floor(input.hardCap));
  const counter = input.tokens ?? sharedTokenCounter();
  const active = await input.faqs.listActive();

  if (active.length <= hardCap) {
    const all = active.map((faq) => ({ faq, score: null }));
    const counts = await entryTokenCounts(active, active, counter);
    const fitted = fillWithinBudget(all, counts, input.tokenBudget, hardCap);
    // Everything fits: keep the stable order so the system prompt is byte-identical across turns.
    if (fitted.length === all.length) return toSelection(fitted, counts, false);
  }

  const queryVector = hardCap > 0 ? ((await input.faqs.embedQuery?.(input.text)) ?? null) : null;
  const candidates =
    hardCap > 0 ? rankFaqsForMessage(input.text, active, hardCap * 2, queryVector, input.faqs.language) : [];
  const counts = await entryTokenCounts(
    candidates.map((c) => c.faq),
    active,
    counter,
  );
  return toSelection(fillWithinBudget(candidates, counts, input.tokenBudget, hardCap), counts, true);
}

/**
 * The FAQs most likely to answer a message, best first: the in-process ranking (faq-ranking.ts)
 * that FAQ-only mode also uses, so the prompt holds what FAQ-only mode would answer from.
 *
 * With embeddings, the prompt (a set, not an answer) takes the words' ranking and the fused one in
 * turn, so adding an embeddings model never pushes out what the words found, while what only the
 * meaning finds still gets in. Measured with word vectors standing in for a weak model (npm run
 * eval:faq -- --word-vectors): covidfaq's recall@budget fell from 97.9 % to 92.1 % (plain BM25:
 * 92.6 %) with the fused ranking alone, and is 97.8 % taken in turn; MRR and FAQ-only mode read the
 * fused ranking.
 */
export function rankFaqsForMessage(
  text: string,
  active: readonly FaqEntry[],
  limit: number,
  queryVector: Float32Array | null = null,
  language: FaqLanguage = "english",
): SelectedFaq[] {
  if (!queryVector) return rankFaqs(text, active, limit, null, language).map(({ faq, score }) => ({ faq, score }));
  // The whole fused ranking: a word-ranked FAQ outside its top `limit` still reports its fused score.
  const fused = rankFaqs(text, active, Infinity, queryVector, language);
  const lexical = rankFaqs(text, active, limit, null, language);
  const scoreOf = new Map(fused.map((r) => [r.faq.id, r.score]));
  const out: SelectedFaq[] = [];
  const taken = new Set<string>();
  for (let i = 0; out.length < limit && (i < lexical.length || i < fused.length); i++)
    for (const faq of [lexical[i]?.faq, fused[i]?.faq])
      if (faq && out.length < limit && !taken.has(faq.id)) {
        taken.add(faq.id);
        out.push({ faq, score: scoreOf.get(faq.id) ?? 0 });
      }
  return out;
}

function toSelection(selected: SelectedFaq[], counts: Map<string, number>, ranked: boolean): FaqSelection {
  return { selected, faqTokens: faqBlockTokens(selected.map((s) => counts.get(s.faq.id)!)), ranked };
}
