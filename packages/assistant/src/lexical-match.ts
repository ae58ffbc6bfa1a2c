// In-package text similarity between a customer message and FAQ entries, so FAQ-only mode works without the database's search.

// Words that say nothing about which FAQ is meant (English; other languages still match on content words).
const STOPWORDS = new Set(
  (
    "a about above after again all am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers him his " +
    "how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours " +
    "out over own same she should so some such than that the their theirs them then there these they this those through " +
    "to too under until up very was we were what when where which while who whom why will with would you your yours " +
    "hi hello hey thanks thank please pls ok okay yes yeah hmm want wanted like know tell get got need im ive dont cant " +
    "s t d ll m re ve"
  ).split(" "),
);

/** Crude suffix stripping: consistent on both sides matters more than linguistic accuracy. */
export function stemLite(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  // "shipping" -> "shipp" -> "ship", so it meets "ships" and "shipped".
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  return w;
}

export function matchTerms(text: string): string[] {
  const words = text.toLowerCase().normalize("NFKC").replace(/['’]/g, "").match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => !STOPWORDS.has(w)).map(stemLite);
}

export type LexicalDocument = { id: string; question: string; answer: string };

// A query word found only in the answer is weaker evidence than one in the question.
const ANSWER_ONLY_MATCH_WEIGHT = 0.6;

/**
 * Scores each document in [0, 1]: the IDF-weighted share of the query's distinct terms that the
 * document contains. Query words the corpus never uses get the highest weight, so an off-topic
 * message ("weather in Paris") scores low even if it shares one common word with an FAQ.
 */
export function scoreLexically<T extends LexicalDocument>(
  query: string,
  documents: readonly T[],
  corpus: readonly LexicalDocument[] = documents,
): Array<{ doc: T; score: number }> {
  const queryTerms = [...new Set(matchTerms(query))];
  if (queryTerms.length === 0) return documents.map((doc) => ({ doc, score: 0 }));

  const termSets = (doc: LexicalDocument) => {
    const question = new Set(matchTerms(doc.question));
    const answer = new Set(matchTerms(doc.answer));
    return { question, answer };
  };
  const corpusSets = corpus.map(termSets);
  const n = corpusSets.length;
  const weight = new Map<string, number>();
  for (const term of queryTerms) {
    const df = corpusSets.filter((s) => s.question.has(term) || s.answer.has(term)).length;
    weight.set(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  const totalWeight = queryTerms.reduce((sum, t) => sum + (weight.get(t) ?? 0), 0);

  return documents.map((doc) => {
    const sets = termSets(doc);
    let matched = 0;
    for (const term of queryTerms) {
      const w = weight.get(term) ?? 0;
      if (sets.question.has(term)) matched += w;
      else if (sets.answer.has(term)) matched += w * ANSWER_ONLY_MATCH_WEIGHT;
    }
    return { doc, score: totalWeight > 0 ? matched / totalWeight : 0 };
  });
}
