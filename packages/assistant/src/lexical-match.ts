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
    "long take much many work way also still possible really something anything " +
    "s t d ll m re ve don doesn didn isn aren wasn won can couldn wouldn shouldn"
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
  const words = text.toLowerCase().normalize("NFKC").replace(/['’]/g, " ").match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => !STOPWORDS.has(w)).map(stemLite);
}

export type LexicalDocument = { id: string; question: string; answer: string };

// A query word found only in the answer is weaker evidence than one in the question.
const ANSWER_ONLY_MATCH_WEIGHT = 0.6;

/**
 * Scores each document in [0, 1] as the mean of two IDF-weighted shares: how much of the message
 * the document explains, and how much of the document's question the message asks. Words the
 * corpus never uses weigh as much as its rarest words, so an off-topic message ("weather in
 * Paris") scores 0 and a message with one extra unknown word is not drowned by it.
 */
export function scoreLexically<T extends LexicalDocument>(
  query: string,
  documents: readonly T[],
  corpus: readonly LexicalDocument[] = documents,
): Array<{ doc: T; score: number }> {
  const queryTerms = new Set(matchTerms(query));
  if (queryTerms.size === 0) return documents.map((doc) => ({ doc, score: 0 }));

  const termSets = (doc: LexicalDocument) => ({ question: new Set(matchTerms(doc.question)), answer: new Set(matchTerms(doc.answer)) });
  const corpusSets = corpus.map(termSets);
  const n = corpusSets.length;
  const idfCache = new Map<string, number>();
  const idf = (term: string): number => {
    let w = idfCache.get(term);
    if (w === undefined) {
      const df = Math.max(1, corpusSets.filter((s) => s.question.has(term) || s.answer.has(term)).length);
      w = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      idfCache.set(term, w);
    }
    return w;
  };
  const weightOf = (terms: Iterable<string>) => {
    let sum = 0;
    for (const t of terms) sum += idf(t);
    return sum;
  };
  const queryWeight = weightOf(queryTerms);

  return documents.map((doc) => {
    const sets = termSets(doc);
    let explained = 0;
    for (const term of queryTerms) {
      if (sets.question.has(term)) explained += idf(term);
      else if (sets.answer.has(term)) explained += idf(term) * ANSWER_ONLY_MATCH_WEIGHT;
    }
    const questionWeight = weightOf(sets.question);
    const asked = weightOf([...sets.question].filter((t) => queryTerms.has(t)));
    const messageShare = queryWeight > 0 ? explained / queryWeight : 0;
    const questionShare = questionWeight > 0 ? asked / questionWeight : 0;
    return { doc, score: (messageShare + questionShare) / 2 };
  });
}
