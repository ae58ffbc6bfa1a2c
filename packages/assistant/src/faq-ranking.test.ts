import { describe, expect, it } from "vitest";
import { normalise } from "./embeddings.ts";
import { buildFaqIndex, queryTerms, rankFaqs } from "./faq-ranking.ts";
import type { FaqEntry } from "./types.ts";

const faq = (id: string, question: string, answer: string, alternatePhrasings: string[] = []): FaqEntry => ({
  id,
  question,
  answer,
  category: "general",
  alternatePhrasings,
});

const faqs = [
  faq("cancel", "How do I cancel my order?", "Open My Orders and choose Cancel until the order is packed."),
  faq("track", "How do I track my order?", "Use the tracking link in your shipping email to see where your order is."),
  faq(
    "pickup",
    "Do you offer in-store pickup?",
    "Choose Store pickup at checkout and collect your order at the store.",
  ),
  faq(
    "pincode",
    "Do you deliver to my pincode?",
    "Enter your pincode on a product page to see whether we deliver there.",
  ),
  faq("hours", "When is customer care available?", "Our team answers calls from 9 am to 9 pm, Monday to Saturday."),
];
const top = (text: string, list = faqs) => rankFaqs(text, list, 1)[0]?.faq.id;

describe("rankFaqs", () => {
  it("ranks the FAQ whose question the message asks first, across word forms", () => {
    expect(top("cancelling an order")).toBe("cancel");
    expect(top("where is my order? tracking please")).toBe("track");
    expect(top("is customer care available on saturday")).toBe("hours");
  });

  it("reads misspelt words as the FAQs' closest word, but never turns a real word into another", () => {
    expect(top("how to cancle my ordr")).toBe("cancel");
    const index = buildFaqIndex([...faqs, faq("expiry", "What is the expiry date?", "Printed on the label.")]);
    expect(queryTerms(index, "cancle").map((t) => t.term)).toEqual(["cancel"]);
    expect(queryTerms(index, "dat").map((t) => t.known)).toEqual([false]); // too short to guess
    expect(queryTerms(index, "expirry").map((t) => t.term)).toEqual(["expiri"]);
    // "late" is English, one letter from "date": it stays an unknown word.
    expect(queryTerms(index, "late")).toEqual([{ term: "late", weight: 1, known: false, stopword: false }]);
  });

  it("joins words the FAQs write as one ('pick up' -> 'pickup', 'pin code' -> 'pincode')", () => {
    expect(top("Can I pick up my order in store?")).toBe("pickup");
    expect(top("do you deliver to my pin code")).toBe("pincode");
  });

  it("ranks by alternate phrasings like by the question", () => {
    const phrased = faqs.map((f) =>
      f.id === "hours" ? { ...f, alternatePhrasings: ["What is your helpline number?"] } : f,
    );
    expect(top("helpline number", faqs)).toBeUndefined();
    expect(top("helpline number", phrased)).toBe("hours");
  });

  it("gives no confidence to a message sharing only function words with a FAQ", () => {
    const [first] = rankFaqs("how do I do it", faqs);
    expect(first?.coverage ?? 0).toBe(0);
  });

  it("fuses an embedding ranking when a query vector is given: meaning without shared words", () => {
    const axis = (i: number) => normalise(Array.from({ length: 4 }, (_, k) => (k === i ? 1 : 0.1)));
    const withVectors = faqs.map((f, i) => ({ ...f, vectors: [axis(i % 4)] }));
    expect(top("reimburse", withVectors)).toBeUndefined();
    expect(rankFaqs("reimburse", withVectors, 1, axis(1))[0]?.faq.id).toBe("track");
    // Words and meaning agreeing beat either alone.
    expect(rankFaqs("cancel my order", withVectors, 1, axis(0))[0]?.faq.id).toBe("cancel");
  });

  it("lets the words decide when they explain the message, whatever the embedding says", () => {
    const axis = (i: number) => normalise(Array.from({ length: 4 }, (_, k) => (k === i ? 1 : 0.1)));
    const withVectors = faqs.map((f, i) => ({ ...f, vectors: [axis(i % 4)] }));
    const lexical = rankFaqs("how do I cancel my order", withVectors)[0]!;
    expect(lexical.faq.id).toBe("cancel");
    expect(lexical.coverage).toBeGreaterThan(0.5);
    // An embedding that puts "track" first and "cancel" below it: with equal weight it would win
    // over the words ("track" is the words' second choice).
    const trackNotCancel = normalise([-1, 1, 0.5, 0.2]);
    expect(rankFaqs("how do I cancel my order", withVectors, 2).map((r) => r.faq.id)).toEqual(["cancel", "track"]);
    expect(rankFaqs("how do I cancel my order", withVectors, 1, trackNotCancel)[0]?.faq.id).toBe("cancel");
  });
});

describe("rankFaqs in the knowledge base's language", () => {
  const fr = [
    faq("livraison", "Quels sont les délais de livraison ?", "Les commandes sont livrées en 3 à 5 jours ouvrés."),
    faq("retour", "Comment retourner un article ?", "Vous avez 30 jours pour nous renvoyer un article non porté."),
    faq(
      "remboursement",
      "Quand serai-je remboursé ?",
      "Le remboursement arrive sous 10 jours après réception du retour.",
    ),
  ];
  const topFr = (text: string) => rankFaqs(text, fr, 1, null, "french")[0]?.faq.id;

  it("matches French word forms with the French stemmer", () => {
    expect(topFr("mes commandes livrées quand ?")).toBe("livraison");
    expect(topFr("je veux être remboursée")).toBe("remboursement");
  });

  it("ignores accents in FAQs and messages alike", () => {
    expect(topFr("delais de livraison")).toBe("livraison");
    expect(topFr("quand serai je rembourse")).toBe("remboursement");
    const index = buildFaqIndex(fr, undefined, "french");
    expect(queryTerms(index, "délais").map((t) => t.term)).toEqual(queryTerms(index, "DELAIS").map((t) => t.term));
    const es = [
      faq("devolucion", "¿Cómo pido una devolución?", "Desde Mis pedidos, en los 30 días siguientes a la entrega."),
      faq("envio", "¿Cuánto cuesta el envío?", "El envío es gratis desde 50 euros."),
    ];
    expect(rankFaqs("devoluciones de mi pedido", es, 1, null, "spanish")[0]?.faq.id).toBe("devolucion");
    // Typed without the accent its stemming rule needs: read as the FAQ's own word.
    const esIndex = buildFaqIndex(es, undefined, "spanish");
    expect(queryTerms(esIndex, "devolucion")).toEqual(queryTerms(esIndex, "devoluciones"));
    expect(rankFaqs("cuanto cuesta enviarlo", es, 1, null, "spanish")[0]?.faq.id).toBe("envio");
  });

  it("gives no confidence to French function words alone", () => {
    const [first] = rankFaqs("est-ce que vous les avez", fr, 1, null, "french");
    expect(first?.coverage ?? 0).toBe(0);
  });
});
