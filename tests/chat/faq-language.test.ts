// The knowledge base's language (settings.faqLanguage) as a business uses it: an admin sets it,
// and the next customer turn reads the FAQs and the message with that language's stemmer and stop
// words, accents ignored. FAQ-only mode (no API key) shows it plainly: confident or not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { callerFor, codeOf, makeStaff, signedInCaller } from "../console/helpers.ts";
import { newCustomer, send } from "./chat-client.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ llm: "none" });
  await makeStaff(server.db);
});
afterAll(async () => server?.close());

describe("FAQ language setting", () => {
  it("is english until an admin changes it; agents and anonymous callers can't; unknown languages are a 400", async () => {
    const admin = await signedInCaller(server.db, "admin");
    const agent = await signedInCaller(server.db, "agent");
    expect(await admin.settings.faqLanguage()).toEqual({ language: "english" });
    expect(await codeOf(agent.settings.updateFaqLanguage({ language: "french" }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(server.db).settings.faqLanguage())).toBe("UNAUTHORIZED");
    expect(await codeOf(admin.settings.updateFaqLanguage({ language: "klingon" as "french" }))).toBe("BAD_REQUEST");
    expect(await admin.settings.faqLanguage()).toEqual({ language: "english" });
  });

  it("a French knowledge base answers French word forms once the language is french", async () => {
    const admin = await signedInCaller(server.db, "admin");
    await server.db.prisma.faq.updateMany({ data: { isActive: false } });
    const delivery = await server.db.prisma.faq.create({
      data: {
        question: "Quels sont les délais de livraison ?",
        answer: "Les commandes sont livrées en 3 à 5 jours ouvrés.",
        category: "livraison",
      },
    });
    const refund = await server.db.prisma.faq.create({
      data: {
        question: "Quand serai-je remboursé ?",
        answer: "Le remboursement arrive sous 10 jours après réception du retour.",
        category: "retours",
      },
    });
    for (const [question, answer] of [
      ["Comment retourner un article ?", "Vous avez 30 jours pour nous renvoyer un article non porté."],
      ["Puis-je retirer ma commande en magasin ?", "Oui, choisissez le retrait en magasin au paiement."],
    ]) {
      await server.db.prisma.faq.create({ data: { question: question!, answer: answer!, category: "commandes" } });
    }
    const c = await newCustomer(server.url);

    // Read as English, "livrée" is not "livrées" and "remboursements" not "remboursement": no confident answer.
    for (const message of ["les délais pour être livrée", "remboursements"]) {
      const { done } = await send(c, message);
      expect(done!.mode).toBe("faq-only");
      expect(done!.sources).toEqual([]);
    }

    expect(await admin.settings.updateFaqLanguage({ language: "french" })).toEqual({ language: "french" });
    const delivered = await send(c, "les délais pour être livrée");
    expect(delivered.done!).toMatchObject({
      mode: "faq-only",
      content: delivery.answer,
      sources: [{ faqId: delivery.id, question: delivery.question }],
    });
    const refunded = await send(c, "remboursements");
    expect(refunded.done!).toMatchObject({
      content: refund.answer,
      sources: [{ faqId: refund.id, question: refund.question }],
    });
    expect(await admin.settings.faqLanguage()).toEqual({ language: "french" });
  });
});
