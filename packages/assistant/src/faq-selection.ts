// Chooses which FAQ entries go into the prompt: all of them while they fit (cache-friendly), else the best-ranked ones.
// Budgets are sums of per-entry token counts (exact, see faq-block.ts); counts come with the FAQs
// from the source (stored in the database) and only missing ones go to the TokenCounter.
import { faqBlockTokens, faqEntryTokenText, FAQ_BLOCK_OVERHEAD_TOKENS } from "./faq-block.ts";
import { scoreLexically } from "./lexical-match.ts";
import { sharedTokenCounter } from "./token-counter.ts";
import type { FaqEntry, FaqSource, TokenCounter } from "./types.ts";

export type SelectedFaq = { faq: FaqEntry; score: number | null };

export type FaqSelection = {
  /** In prompt order. `score` is the FaqSource's rank score, null when every active FAQ was included. */
  selected: SelectedFaq[];
  /** Tokens of the whole `[BUSINESS FAQS]` block as it will be sent (wrapper tags included). */
  faqTokens: number;
  /** True when not everything fitted and the entries were chosen by `FaqSource.rank`. */
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
async function entryTokenCounts(faqs: readonly FaqEntry[], known: readonly FaqEntry[], counter: TokenCounter): Promise<Map<string, number>> {
  const knownById = new Map(known.map((faq) => [faq.id, faq]));
  const counts = new Map<string, number>();
  const missing: Array<{ id: string; text: string }> = [];
  for (const faq of faqs) {
    const same = knownById.get(faq.id);
    const stored = faq.promptTokens ?? (same && same.question === faq.question && same.answer === faq.answer ? same.promptTokens : null);
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
function fillWithinBudget(candidates: SelectedFaq[], counts: Map<string, number>, tokenBudget: number, hardCap: number): SelectedFaq[] {
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

  const candidates = hardCap > 0 ? await rankFaqsForMessage(input.text, input.faqs, active, hardCap * 2) : [];
  const counts = await entryTokenCounts(candidates.map((c) => c.faq), active, counter);
  return toSelection(fillWithinBudget(candidates, counts, input.tokenBudget, hardCap), counts, true);
}

// Reciprocal rank fusion constant (the usual 60): rank agreement matters, raw scores don't.
const RRF_K = 60;

/**
 * The FAQs most likely to answer a message, best first: the database's full-text ranking fused
 * (reciprocal rank fusion) with an IDF-weighted word match over the active entries. Each catches
 * what the other misses: full-text search weights the question and handles stemming and phrases;
 * the word match needs no exact lexeme and favours entries whose question the message asks.
 */
export async function rankFaqsForMessage(text: string, faqs: FaqSource, active: readonly FaqEntry[], limit: number): Promise<SelectedFaq[]> {
  return fuseRankings(text, await faqs.rank(text, limit), active, limit);
}

/** Reciprocal rank fusion of the database's ranking (already fetched) with the word match. */
export function fuseRankings(
  text: string,
  database: ReadonlyArray<{ faq: FaqEntry; score: number }>,
  active: readonly FaqEntry[],
  limit: number,
): SelectedFaq[] {
  const lexical = scoreLexically(text, active)
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
  const fused = new Map<string, { faq: FaqEntry; score: number }>();
  const add = (faq: FaqEntry, position: number) => {
    const entry = fused.get(faq.id) ?? { faq, score: 0 };
    entry.score += 1 / (RRF_K + position + 1);
    fused.set(faq.id, entry);
  };
  database.forEach((r, i) => add(r.faq, i));
  lexical.forEach((r, i) => add(r.doc, i));
  return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}

function toSelection(selected: SelectedFaq[], counts: Map<string, number>, ranked: boolean): FaqSelection {
  return { selected, faqTokens: faqBlockTokens(selected.map((s) => counts.get(s.faq.id)!)), ranked };
}
