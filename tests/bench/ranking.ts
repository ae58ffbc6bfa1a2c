// npm run bench -- ranking: the cost of FAQ ranking per customer turn with a 5,000-FAQ knowledge
// base (BENCH_FAQS to change it), in process, as a turn does it: the index is built once per FAQ
// version (reported separately), then every turn ranks the whole base twice (prompt selection and
// the FAQ-only answer). Baseline: plain BM25 over question + answer on the same data. Target:
// < 20 ms per turn on this machine.
import { readFileSync } from "node:fs";
import {
  answerFromFaqs,
  createInMemoryFaqSource,
  faqIndexFor,
  rankFaqs,
  selectFaqsWithinBudget,
  type FaqEntry,
} from "@support/assistant";
import { inProcessTokenCounter } from "@support/assistant/token-count";
import wordListPath from "word-list";
import { createPlainBm25 } from "../eval/plain-bm25.ts";

const FAQS = Number(process.env.BENCH_FAQS ?? 5000);
const TURNS = Number(process.env.BENCH_TURNS ?? 300);
const TARGET_MS = 20;

// Deterministic pseudo-random numbers, so every run ranks the same texts.
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

function knowledgeBase(): { faqs: FaqEntry[]; queries: string[] } {
  // A vocabulary the size of a real shop's: 6,000 English words, plus the words every FAQ uses.
  const dictionary = readFileSync(wordListPath, "utf8")
    .split("\n")
    .filter((w) => w.length >= 4 && w.length <= 10);
  const vocabulary = Array.from({ length: 6000 }, () => pick(dictionary));
  const common = "how do i can you my the order is a to for what when does of in".split(" ");
  const sentence = (n: number) =>
    Array.from({ length: n }, () => (random() < 0.4 ? pick(common) : pick(vocabulary))).join(" ");
  const faqs = Array.from({ length: FAQS }, (_, i) => ({
    id: `faq-${i}`,
    question: `${sentence(8 + Math.floor(random() * 6))}?`,
    answer: `${sentence(35 + Math.floor(random() * 40))}.`,
    category: "general",
    alternatePhrasings: random() < 0.2 ? [sentence(7)] : [],
    promptTokens: 60,
  }));
  // Customer messages: half of a question with a word misspelt and a few unrelated words.
  const queries = Array.from({ length: TURNS }, () => {
    const words = pick(faqs).question.replace("?", "").split(" ");
    const kept = words.filter(() => random() < 0.6);
    const i = Math.floor(random() * kept.length);
    if (kept[i] && kept[i]!.length > 5) kept[i] = kept[i]!.slice(0, 2) + kept[i]!.slice(3);
    return [...kept, pick(vocabulary), pick(common)].join(" ");
  });
  return { faqs, queries };
}

const ms = (ns: bigint) => Number(ns) / 1e6;
function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(label: string, turn: (q: string) => unknown | Promise<unknown>, queries: string[]) {
  for (const q of queries.slice(0, 20)) await turn(q); // warm-up: JIT, dictionary load
  const times: number[] = [];
  for (const q of queries) {
    const start = process.hrtime.bigint();
    await turn(q);
    times.push(ms(process.hrtime.bigint() - start));
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  const ok = percentile(times, 50) < TARGET_MS;
  console.log(
    `${label.padEnd(58)} mean ${mean.toFixed(2).padStart(6)} ms  p50 ${percentile(times, 50).toFixed(2).padStart(6)} ms  p99 ${percentile(times, 99).toFixed(2).padStart(6)} ms  ${ok ? "meets" : "MISSES"} < ${TARGET_MS} ms`,
  );
}

export async function run(): Promise<void> {
  const { faqs, queries } = knowledgeBase();
  console.log(`Ranking ${FAQS} FAQs for ${queries.length} customer messages (target < ${TARGET_MS} ms per turn)`);

  let start = process.hrtime.bigint();
  faqIndexFor(faqs);
  console.log(`index build, once per FAQ version: ${ms(process.hrtime.bigint() - start).toFixed(0)} ms`);
  start = process.hrtime.bigint();
  const plain = createPlainBm25(faqs);
  console.log(`plain BM25 index build: ${ms(process.hrtime.bigint() - start).toFixed(0)} ms`);

  const source = createInMemoryFaqSource(faqs);
  const active = await source.listActive();
  faqIndexFor(active);
  await time("ours: rankFaqs (one ranking)", (q) => rankFaqs(q, active), queries);
  await time("baseline: plain BM25 (one ranking)", (q) => plain(q), queries);
  await time(
    "ours: a turn (prompt selection + FAQ-only answer)",
    (q) =>
      Promise.all([
        selectFaqsWithinBudget({
          text: q,
          faqs: source,
          tokenBudget: 2500,
          hardCap: 50,
          tokens: inProcessTokenCounter,
        }),
        answerFromFaqs({ text: q, faqs: source }),
      ]),
    queries,
  );
}
