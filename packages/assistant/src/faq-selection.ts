// Chooses which FAQ entries go into the prompt: all of them while they fit (cache-friendly), else the best-ranked ones.
import { FAQ_BLOCK_CLOSE, FAQ_BLOCK_OPEN, FAQ_ENTRY_SEPARATOR, formatFaqBlock, formatFaqEntry } from "./faq-block.ts";
import { countTokens } from "./token-count.ts";
import { scoreLexically } from "./lexical-match.ts";
import type { FaqEntry, FaqSource } from "./types.ts";

export type SelectedFaq = { faq: FaqEntry; score: number | null };

export type FaqSelection = {
  /** In prompt order. `score` is the FaqSource's rank score, null when every active FAQ was included. */
  selected: SelectedFaq[];
  /** Tokens of the whole `[BUSINESS FAQS]` block as it will be sent (wrapper tags included). */
  faqTokens: number;
  /** True when not everything fitted and the entries were chosen by `FaqSource.rank`. */
  ranked: boolean;
};

// Entry counts are recomputed on every turn for the same few FAQs; remembering them keeps a turn cheap.
const ENTRY_TOKEN_CACHE_LIMIT = 5000;
const entryTokenCache = new Map<string, number>();

function entryTokens(faq: FaqEntry): number {
  const text = formatFaqEntry(faq) + FAQ_ENTRY_SEPARATOR;
  const cached = entryTokenCache.get(text);
  if (cached !== undefined) return cached;
  const tokens = countTokens(text);
  if (entryTokenCache.size >= ENTRY_TOKEN_CACHE_LIMIT) entryTokenCache.clear();
  entryTokenCache.set(text, tokens);
  return tokens;
}

// The whole block is counted twice per turn (budget re-check, reported size) and is usually the
// same text turn after turn; remembering the last few counts keeps the tokenizer off the hot path.
const BLOCK_TOKEN_CACHE_LIMIT = 32;
const blockTokenCache = new Map<string, number>();

function blockTokens(faqs: readonly FaqEntry[]): number {
  const text = formatFaqBlock(faqs);
  const cached = blockTokenCache.get(text);
  if (cached !== undefined) return cached;
  const tokens = countTokens(text);
  if (blockTokenCache.size >= BLOCK_TOKEN_CACHE_LIMIT) blockTokenCache.clear();
  blockTokenCache.set(text, tokens);
  return tokens;
}

const blockOverheadTokens = countTokens(`${FAQ_BLOCK_OPEN}\n\n${FAQ_BLOCK_CLOSE}`);

/**
 * Greedy fill in the given order: an entry that does not fit is skipped so smaller ones after it
 * may still use the room. Sums per-entry counts, then re-checks the real block because BPE merges
 * at entry boundaries could differ from the sum by a token or two.
 */
function fillWithinBudget(candidates: SelectedFaq[], tokenBudget: number, hardCap: number): SelectedFaq[] {
  const chosen: SelectedFaq[] = [];
  let used = blockOverheadTokens;
  for (const candidate of candidates) {
    if (chosen.length >= hardCap) break;
    const cost = entryTokens(candidate.faq);
    if (used + cost > tokenBudget) continue;
    chosen.push(candidate);
    used += cost;
  }
  while (chosen.length > 0 && blockTokens(chosen.map((c) => c.faq)) > tokenBudget) chosen.pop();
  return chosen;
}

export async function selectFaqsWithinBudget(input: {
  text: string;
  faqs: FaqSource;
  tokenBudget: number;
  hardCap: number;
}): Promise<FaqSelection> {
  const hardCap = Math.max(0, Math.floor(input.hardCap));
  const active = await input.faqs.listActive();

  if (active.length <= hardCap) {
    const all = active.map((faq) => ({ faq, score: null }));
    const fitted = fillWithinBudget(all, input.tokenBudget, hardCap);
    // Everything fits: keep the stable order so the system prompt is byte-identical across turns.
    if (fitted.length === all.length) return toSelection(fitted, false);
  }

  const candidates = hardCap > 0 ? await rankFaqsForMessage(input.text, input.faqs, active, hardCap * 2) : [];
  return toSelection(fillWithinBudget(candidates, input.tokenBudget, hardCap), true);
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

function toSelection(selected: SelectedFaq[], ranked: boolean): FaqSelection {
  return { selected, faqTokens: blockTokens(selected.map((s) => s.faq)), ranked };
}
