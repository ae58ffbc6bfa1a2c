// "After staff added past messages as phrasings": k-fold cross-validation of a labelled set, shared
// by `npm run eval:faq` and tests/eval/*.test.ts. For each fold, the in-scope messages of the other
// folds (the past) become alternate phrasings of their FAQ, as staff add a missed question in one
// click, within the product's limits (FAQ_PHRASINGS_MAX per FAQ, repeats once, the earliest kept);
// the fold's messages are then ranked. No message is ranked against a phrasing identical to itself.
import { FAQ_PHRASINGS_MAX, FAQ_QUESTION_MAX, ZFaqAlternatePhrasings } from "@support/schemas";

export type LabelledMessage = { query: string; relevant: string[] };

/** Text as compared for identical twins: case, accents, punctuation and spacing ignored. */
export const twinKey = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/** Deterministic pseudo-random numbers (the same folds on every run). */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export type Folds = {
  count: number;
  /** Fold of each message, stratified by its FAQ (out-of-scope messages are one more stratum). */
  of: number[];
  /** Message positions in a fixed "arrival" order: the past is read in this order. */
  arrival: number[];
};

export function makeFolds(messages: readonly LabelledMessage[], count = 5, seed = 20261126): Folds {
  const random = seeded(seed);
  const byStratum = new Map<string, number[]>();
  messages.forEach((q, i) => {
    const key = q.relevant[0] ?? "";
    byStratum.set(key, [...(byStratum.get(key) ?? []), i]);
  });
  const of = new Array<number>(messages.length).fill(0);
  let next = 0;
  for (const members of byStratum.values()) for (const i of shuffled(members, random)) of[i] = next++ % count;
  const arrival = shuffled(
    messages.map((_, i) => i),
    random,
  );
  return { count, of, arrival };
}

export type FoldPhrasings = {
  /** Positions of the fold's messages (the ones to rank). */
  test: number[];
  /** The fold's messages that had an identical twin among the past messages used. */
  twins: Set<number>;
  /** Per FAQ id: its alternate phrasings as stored (existing ones first, then learned ones). */
  phrasings: Map<string, string[]>;
};

/**
 * Phrasings for ranking fold `fold`: the first `share` of the other folds' in-scope messages in
 * arrival order, each added to its (first) relevant FAQ as addFaqPhrasing does (equal to the
 * question or already there: nothing; full at FAQ_PHRASINGS_MAX: nothing). A past message identical
 * (twinKey) to one of the fold's messages is withheld.
 */
export function phrasingsForFold(
  messages: readonly LabelledMessage[],
  folds: Folds,
  fold: number,
  faqs: ReadonlyArray<{ id: string; question: string; alternatePhrasings?: readonly string[] | undefined }>,
  share = 1,
): FoldPhrasings {
  const test = messages.map((_, i) => i).filter((i) => folds.of[i] === fold);
  const testKeys = new Set(test.map((i) => twinKey(messages[i]!.query)));
  const pool = folds.arrival.filter((i) => folds.of[i] !== fold && messages[i]!.relevant.length > 0);
  const past = pool.slice(0, Math.round(pool.length * share));
  const pastKeys = new Set(past.map((i) => twinKey(messages[i]!.query)));
  const twins = new Set(test.filter((i) => pastKeys.has(twinKey(messages[i]!.query))));
  const learned = new Map<string, string[]>();
  for (const i of past) {
    const q = messages[i]!;
    if (testKeys.has(twinKey(q.query)) || q.query.trim().length > FAQ_QUESTION_MAX) continue;
    learned.set(q.relevant[0]!, [...(learned.get(q.relevant[0]!) ?? []), q.query]);
  }
  const phrasings = new Map<string, string[]>();
  for (const faq of faqs) {
    const questionKey = faq.question.trim().replace(/\s+/g, " ").toLowerCase();
    const seen = new Set<string>([questionKey]);
    const kept = [...(faq.alternatePhrasings ?? []), ...(learned.get(faq.id) ?? [])]
      .map((p) => p.trim().replace(/\s+/g, " "))
      .filter((p) => !seen.has(p.toLowerCase()) && seen.add(p.toLowerCase()))
      .slice(0, FAQ_PHRASINGS_MAX);
    phrasings.set(faq.id, ZFaqAlternatePhrasings.parse(kept));
  }
  return { test, twins, phrasings };
}
