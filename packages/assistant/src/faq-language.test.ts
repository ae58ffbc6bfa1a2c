import { describe, expect, it } from "vitest";
import { FAQ_LANGUAGES, textAnalyzer, unaccent } from "./faq-language.ts";

describe("unaccent", () => {
  it("drops accents as PostgreSQL's unaccent does, keeping Cyrillic й", () => {
    expect(unaccent("Crème Brûlée à Noël")).toBe("creme brulee a noel");
    expect(unaccent("Straße, Æble, Øl, Œuvre, Łódź")).toBe("strasse, aeble, ol, oeuvre, lodz");
    expect(unaccent("Ёлка новый")).toBe("елка новый");
  });
});

describe("textAnalyzer", () => {
  it("stems and knows the stop words of every offered language", () => {
    for (const language of FAQ_LANGUAGES) {
      const analyzer = textAnalyzer(language);
      expect(analyzer.words("Hello, World")).toEqual(["hello", "world"]);
      expect(typeof analyzer.stem("word")).toBe("string");
    }
    // Stemmed as written, then without accents: Snowball's rules need them (Spanish "-ción" but
    // "-ciones"), and stems compare accent-free.
    const stems = (language: "german" | "spanish" | "french", text: string) =>
      textAnalyzer(language).words(text).map(textAnalyzer(language).stem);
    expect(stems("german", "Rückerstattungen")).toEqual(stems("german", "Rückerstattung"));
    expect(stems("spanish", "devoluciones")).toEqual(stems("spanish", "devolución"));
    expect(stems("french", "remboursée")).toEqual(stems("french", "remboursement"));
    expect(textAnalyzer("french").isStopword("nous")).toBe(true);
    expect(textAnalyzer("german").isStopword("und")).toBe(true);
    expect(textAnalyzer("french").isStopword("livraison")).toBe(false);
    // simple: words as written (accents aside), no stems, no stop words.
    expect(textAnalyzer("simple").stem("livraisons")).toBe("livraisons");
    expect(textAnalyzer("simple").isStopword("the")).toBe(false);
  });
});
