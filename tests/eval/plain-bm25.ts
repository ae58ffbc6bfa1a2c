// Plain Okapi BM25 (k1 1.2, b 0.75) over question + answer as one text, with the same tokenisation
// as the bot's ranking (the knowledge base's language): the reference the eval compares our ranking against.
// A FAQ's alternate phrasings are part of its text (as more question text), so with phrasings
// learned from past messages both rankings see the same evidence.
import { matchTerms, type FaqEntry, type FaqLanguage } from "@support/assistant";

export function createPlainBm25(faqs: readonly FaqEntry[], language: FaqLanguage = "english", k1 = 1.2, b = 0.75) {
  const docs = faqs.map((faq) => {
    const terms = matchTerms([faq.question, ...(faq.alternatePhrasings ?? []), faq.answer].join(" "), language);
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { faq, tf, length: terms.length };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const avg = docs.reduce((s, d) => s + d.length, 0) / Math.max(1, docs.length);
  const n = docs.length;
  return (query: string): Array<{ faq: FaqEntry; score: number }> => {
    const terms = [...new Set(matchTerms(query, language))];
    const out: Array<{ faq: FaqEntry; score: number; order: number }> = [];
    docs.forEach((d, order) => {
      let score = 0;
      for (const t of terms) {
        const f = d.tf.get(t);
        if (!f) continue;
        const dfi = df.get(t)!;
        score +=
          Math.log(1 + (n - dfi + 0.5) / (dfi + 0.5)) * ((f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.length) / avg)));
      }
      if (score > 0) out.push({ faq: d.faq, score, order });
    });
    return out.sort((x, y) => y.score - x.score || x.order - y.order).map(({ faq, score }) => ({ faq, score }));
  };
}
