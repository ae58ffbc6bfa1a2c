// How the FAQ ranking reads words in the knowledge base's language (Settings.faqLanguage, named as
// PostgreSQL's text-search configurations): the language's Snowball stemmer and stop words, with
// accents ignored (dropped as PostgreSQL's `unaccent` does) after stemming, since Snowball's rules
// need them (Spanish "-ción"); a query word typed without accents is matched to the FAQs' own
// spelling by the ranking (faq-ranking.ts). Measured on tests/eval/data/covidfaq-fr: unaccenting
// before stemming scored the same within noise there but splits Spanish singulars from plurals. English keeps the Porter stemmer and the
// hand-made function-word list the ranking was measured with (tests/eval); its misspelling
// tolerance also checks an English word list, which other languages have none of here.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { FaqLanguage } from "@support/schemas";
import snowball from "snowball-stemmers";
import { stemmer as porter } from "stemmer";
import * as stopwordLists from "stopword";
import wordListPath from "word-list";

export { FAQ_LANGUAGES, type FaqLanguage } from "@support/schemas";

// Words that say nothing about which FAQ is meant (English).
const ENGLISH_STOPWORDS =
  "a about above after again all am an and any are as at be because been before being below between both but by " +
  "can could did do does doing down during each few for from further had has have having he her here hers him his " +
  "how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours " +
  "out over own same she should so some such than that the their theirs them then there these they this those through " +
  "to too under until up very was we were what when where which while who whom why will with would you your yours " +
  "hi hello hey thanks thank please pls ok okay yes yeah hmm want wanted like know tell get got need im ive dont cant " +
  "also still possible really something anything u ur " +
  "s t d ll m re ve don doesn didn isn aren wasn won couldn wouldn shouldn";

/** The `stopword` package's list (ISO 639-3) for each language; Tamil has none there. */
const STOPWORD_LIST: Partial<Record<FaqLanguage, keyof typeof stopwordLists>> = {
  arabic: "ara",
  armenian: "hye",
  basque: "eus",
  catalan: "cat",
  danish: "dan",
  dutch: "nld",
  finnish: "fin",
  french: "fra",
  german: "deu",
  hungarian: "hun",
  irish: "gle",
  italian: "ita",
  norwegian: "nob",
  portuguese: "por",
  romanian: "ron",
  russian: "rus",
  spanish: "spa",
  swedish: "swe",
  turkish: "tur",
};

const ASCII = /^\p{ASCII}*$/u;

// Letters unaccent maps that are not a base letter plus combining marks (its unaccent.rules).
const UNACCENT_LETTERS: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ё: "е",
};

/**
 * Lower-cased text without accents, as PostgreSQL's `unaccent` reads it: "Crème brûlée" ->
 * "creme brulee", "Straße" -> "strasse", "ёлка" -> "елка". Marks are dropped from Latin letters
 * only, so Cyrillic "й" (a letter of its own that stemmers rely on) stays.
 */
export function unaccent(text: string): string {
  // Most words of most knowledge bases are plain ASCII: nothing to normalise (the index build
  // calls this for every word of every FAQ).
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/([a-z])\p{M}+/gu, "$1")
    .normalize("NFC")
    .replace(/[ßæœøłđðþıё]/g, (c) => UNACCENT_LETTERS[c]!);
}

/** What the ranking needs to know about words in one language. */
export type TextAnalyzer = {
  readonly language: FaqLanguage;
  /** Lower-cased words of a text, apostrophes dropped ("don't" -> "don", "t"; "l'été" -> "l", "été"), stop words kept. */
  words(text: string): string[];
  /**
   * The stem of a word from words(), without accents: stemmed as written ("devoluciones" and
   * "devolución" -> "devolu": Snowball's rules know the accents), then unaccented.
   */
  stem(word: string): string;
  /** A word from words() without accents: how the ranking's vocabulary and misspelling search compare words. */
  fold(word: string): string;
  /** A function word of the language ("how", "comment", "wie"), accents aside. */
  isStopword(word: string): boolean;
  /** Whether a word is known to be spelt right; null when there is no word list for the language. */
  isDictionaryWord(word: string): boolean | null;
};

let dictionary: Set<string> | null = null;
/**
 * Whether a word is English (a 274k-word list): only other words are taken for misspellings, so
 * "late" is never read as "date". Loaded on first need (~3 MB of text, once per process) unless
 * preloadDictionary() already did.
 */
export function isDictionaryWord(word: string): boolean {
  dictionary ??= new Set(readFileSync(wordListPath, "utf8").split("\n"));
  return dictionary.has(word);
}

/** Reads the English word list ahead of the first customer message (servers call it at start). */
export async function preloadDictionary(): Promise<void> {
  if (dictionary) return;
  const text = await readFile(wordListPath, "utf8");
  dictionary ??= new Set(text.split("\n"));
}

function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize("NFKC")
      .replace(/['’]/g, " ")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** A stemmer with a cache: the vocabulary of a support bot is small, and Snowball in JS is ~20 µs a word. */
function cachedStemmer(stemWord: (word: string) => string): (word: string) => string {
  const cache = new Map<string, string>();
  return (word) => {
    let s = cache.get(word);
    if (s === undefined) {
      s = /^\p{N}+$/u.test(word) ? word : unaccent(stemWord(word));
      if (cache.size > 50_000) cache.clear();
      cache.set(word, s);
    }
    return s;
  };
}

function createAnalyzer(language: FaqLanguage): TextAnalyzer {
  if (language === "english") {
    const stop = new Set(ENGLISH_STOPWORDS.split(" "));
    return {
      language,
      words,
      stem: cachedStemmer(porter),
      fold: unaccent,
      isStopword: (w) => stop.has(unaccent(w)),
      isDictionaryWord,
    };
  }
  const listName = STOPWORD_LIST[language];
  // Compared without accents: customers write "a" for "à", "etes" for "êtes".
  const stop = new Set(listName ? (stopwordLists[listName] as string[]).flatMap(words).map(unaccent) : []);
  const snowballStemmer = language === "simple" ? null : snowball.newStemmer(language);
  const stemWord = snowballStemmer ? (w: string) => snowballStemmer.stem(w) : (w: string) => w;
  return {
    language,
    words,
    stem: cachedStemmer(stemWord),
    fold: unaccent,
    isStopword: (w) => stop.has(unaccent(w)),
    isDictionaryWord: () => null,
  };
}

const analyzers = new Map<FaqLanguage, TextAnalyzer>();

/** The analyzer of a knowledge-base language (built once per language and process). */
export function textAnalyzer(language: FaqLanguage = "english"): TextAnalyzer {
  let analyzer = analyzers.get(language);
  if (!analyzer) {
    analyzer = createAnalyzer(language);
    analyzers.set(language, analyzer);
  }
  return analyzer;
}
