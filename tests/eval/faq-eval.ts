// npm run eval:faq -- --faqs F --queries Q [--budget 2500] [--cap 50] [--inflate 500]
// Measures FAQ selection on a labelled set (JSONL in the format of ../shared/data/covidfaq):
// recall@budget (a relevant FAQ made it into the prompt), MRR of the ranking, FAQ tokens per turn,
// and the FAQ-only answer's top-1 accuracy, for our selection (PostgreSQL full-text ranking fused
// with a word match, filled best-first within the token budget) next to the naive method (all active FAQs, first 50). Then the same with the
// knowledge base inflated to 500+ entries with unrelated FAQs. Runs on an in-memory PGlite, so it
// uses the same SQL ranking as the server.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { answerFromFaqs, formatFaqBlock, rankFaqsForMessage, selectFaqsWithinBudget, type FaqEntry } from "@support/assistant";
import { countTokens, inProcessTokenCounter } from "@support/assistant/token-count";
import { applyMigrations, createDatabase, type Database } from "@support/db";
import { createFaqSource } from "../../packages/api/src/routers/chat/faq-source.ts";

type Query = { query: string; relevant: string[] };

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    faqs: { type: "string" },
    queries: { type: "string" },
    budget: { type: "string", default: "2500" },
    cap: { type: "string", default: "50" },
    inflate: { type: "string", default: "500" },
    limit: { type: "string" },
  },
});
if (!values.faqs || !values.queries) {
  console.error("Usage: npm run eval:faq -- --faqs faqs.jsonl --queries queries.jsonl [--budget 2500] [--cap 50] [--inflate 500]");
  process.exit(2);
}
const budget = Number(values.budget);
const cap = Number(values.cap);

// npm runs this from tests/; paths on the command line are meant from where npm was called.
const readJsonl = <T>(file: string): T[] =>
  readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

const rawFaqs = readJsonl<{ id: string; question: string; answer: string; category?: string }>(values.faqs);
let queries = readJsonl<Query>(values.queries).filter((q) => q.query.trim() && q.relevant.length);
if (values.limit) queries = queries.slice(0, Number(values.limit));

/** Unrelated entries of a plausible support knowledge base, so ranking has to find the needle. */
function distractors(n: number) {
  const items = ["tent", "sleeping bag", "backpack", "stove", "headlamp", "kayak", "rain jacket", "hiking boot", "water filter", "trekking pole", "gift card", "loyalty card"];
  const asks = [
    ["How do I clean my {x}?", "Wipe the {x} with a damp cloth and mild soap, rinse with clean water and let it dry fully in the shade before storing it."],
    ["What is the warranty on the {x}?", "The {x} has a two-year warranty against manufacturing defects. Keep your order number; we repair or replace it free of charge."],
    ["Can I return a used {x}?", "Used items can be returned within 30 days only if they are faulty. Start the return from your account and include photos of the {x}."],
    ["How much does shipping a {x} to Alaska cost?", "Shipping a {x} to Alaska or Hawaii costs a flat $24.95 and takes 5 to 9 business days with our partner carrier."],
    ["Is the {x} in stock at the Denver store?", "Store stock for the {x} updates every hour on the product page. Choose a store to reserve it for same-day pickup."],
    ["What size {x} should I buy?", "Our size guide on each {x} page lists measurements in inches and centimetres; between two sizes, pick the larger one."],
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
  // Interleave the added entries (deterministically) so "the first 50" of the naive method is a
  // realistic mix, as in a knowledge base that grew over time.
  const entries: Array<{ question: string; answer: string; category: string; labelled?: string }> = [
    ...rawFaqs.map((f) => ({ question: f.question, answer: f.answer, category: f.category ?? "general", labelled: f.id })),
    ...distractors(extra),
  ];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  if (extra > 0) {
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
  }
  const start = Date.UTC(2025, 0, 1);
  for (const [i, e] of entries.entries()) {
    const row = await db.prisma.faq.create({
      data: { question: e.question, answer: e.answer, category: e.category, createdAt: new Date(start + i * 60_000) },
    });
    if (e.labelled) idMap.set(row.id, e.labelled);
  }
  return { db, idMap };
}

type Figures = { recall: number; mrr: number; tokens: number; faqOnlyTop1: number | null; faqOnlyConfident: number | null; included: number };

async function evaluate(db: Database, idMap: Map<string, string>): Promise<{ ours: Figures; naive: Figures }> {
  // A script may count in process; the first listActive counts and stores every FAQ's tokens.
  const source = createFaqSource(db.prisma, inProcessTokenCounter);
  const active = await source.listActive();
  const naiveList = active.slice(0, 50);
  const naiveTokens = countTokens(formatFaqBlock(naiveList));
  const label = (f: FaqEntry) => idMap.get(f.id);
  const ours = { recall: 0, mrr: 0, tokens: 0, faqOnlyTop1: 0, faqOnlyConfident: 0, included: 0 };
  const naive = { recall: 0, mrr: 0, tokens: 0, included: 0 };
  for (const q of queries) {
    const relevant = new Set(q.relevant);
    const selection = await selectFaqsWithinBudget({ text: q.query, faqs: source, tokenBudget: budget, hardCap: cap, tokens: inProcessTokenCounter });
    if (selection.selected.some((s) => relevant.has(label(s.faq) ?? ""))) ours.recall++;
    ours.tokens += selection.faqTokens;
    ours.included += selection.selected.length;
    const ranking = await rankFaqsForMessage(q.query, source, active, active.length);
    const pos = ranking.findIndex((r) => relevant.has(label(r.faq) ?? ""));
    if (pos >= 0) ours.mrr += 1 / (pos + 1);
    const fallback = await answerFromFaqs({ text: q.query, faqs: source });
    if (fallback.confident) {
      ours.faqOnlyConfident++;
      if (relevant.has(label(fallback.sources[0]!) ?? "")) ours.faqOnlyTop1++;
    }
    if (naiveList.some((f) => relevant.has(label(f) ?? ""))) naive.recall++;
    const naivePos = naiveList.findIndex((f) => relevant.has(label(f) ?? ""));
    if (naivePos >= 0) naive.mrr += 1 / (naivePos + 1);
    naive.tokens += naiveTokens;
    naive.included += naiveList.length;
  }
  const n = queries.length;
  return {
    ours: { recall: ours.recall / n, mrr: ours.mrr / n, tokens: ours.tokens / n, faqOnlyTop1: ours.faqOnlyTop1 / n, faqOnlyConfident: ours.faqOnlyConfident / n, included: ours.included / n },
    naive: { recall: naive.recall / n, mrr: naive.mrr / n, tokens: naive.tokens / n, faqOnlyTop1: null, faqOnlyConfident: null, included: naive.included / n },
  };
}

const pct = (x: number | null) => (x === null ? "      -" : `${(x * 100).toFixed(1).padStart(6)}%`);
function print(title: string, r: { ours: Figures; naive: Figures }) {
  console.log(`\n${title}`);
  console.log(`${"method".padEnd(44)} ${"recall@budget".padStart(13)} ${"MRR".padStart(6)} ${"FAQs/turn".padStart(9)} ${"FAQ tokens/turn".padStart(15)} ${"FAQ-only top-1".padStart(14)} ${"confident".padStart(9)}`);
  for (const [name, f] of [
    [`ours (ranked, budget ${budget}, cap ${cap})`, r.ours],
    ["naive (all active FAQs, first 50)", r.naive],
  ] as const) {
    console.log(
      `${name.padEnd(44)} ${pct(f.recall).padStart(13)} ${f.mrr.toFixed(3).padStart(6)} ${f.included.toFixed(1).padStart(9)} ${f.tokens.toFixed(0).padStart(15)} ${pct(f.faqOnlyTop1).padStart(14)} ${pct(f.faqOnlyConfident).padStart(9)}`,
    );
  }
}

console.log(`FAQ selection on ${values.faqs}: ${rawFaqs.length} FAQs, ${queries.length} labelled queries`);
console.log("FAQ-only top-1: share of all queries answered confidently with a relevant FAQ; confident: share answered at all (the rest offer a human).");
for (const extra of [0, Math.max(0, Number(values.inflate) - rawFaqs.length)]) {
  const { db, idMap } = await loadKnowledgeBase(extra);
  try {
    print(extra ? `Knowledge base inflated to ${rawFaqs.length + extra} entries (${extra} unrelated shop FAQs added)` : `Knowledge base as given (${rawFaqs.length} entries)`, await evaluate(db, idMap));
  } finally {
    await db.close();
  }
}
