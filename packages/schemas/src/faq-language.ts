// The knowledge base's language: chooses the FAQ ranking's stemmer and stop words. The names are
// PostgreSQL's text-search configurations (so the same value works as a regconfig); `simple` only
// lower-cases and drops accents, for languages without a stemmer here.
import { z } from "zod";

/** PostgreSQL's shipped text-search configurations that the in-process ranking can stem, and `simple`. */
export const FAQ_LANGUAGES = [
  "arabic",
  "armenian",
  "basque",
  "catalan",
  "danish",
  "dutch",
  "english",
  "finnish",
  "french",
  "german",
  "hungarian",
  "irish",
  "italian",
  "norwegian",
  "portuguese",
  "romanian",
  "russian",
  "spanish",
  "swedish",
  "tamil",
  "turkish",
  "simple",
] as const;

export type FaqLanguage = (typeof FAQ_LANGUAGES)[number];

export const ZFaqLanguage = z.enum(FAQ_LANGUAGES, { message: `Choose one of: ${FAQ_LANGUAGES.join(", ")}` });

export const ZFaqLanguageInput = z.object({ language: ZFaqLanguage });
export type FaqLanguageInput = z.infer<typeof ZFaqLanguageInput>;
