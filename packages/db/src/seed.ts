// Demo data for a fresh install: ten FAQs of a fictional outdoor shop and the default settings.
// Fixed ids make it idempotent: seeding twice updates the same ten rows. Each FAQ's promptTokens is
// its o200k count as a prompt entry (see Faq.promptTokens), fixed here so seeding needs no
// tokenizer; tests/chat/faq-prompt-tokens.test.ts checks them against the real one.
import type { PrismaClient } from "./generated/prisma/client.ts";

export const DEMO_FAQS = [
  {
    id: "00000000-0000-4000-8000-000000000001",
    category: "products",
    question: "Are your tents waterproof?",
    answer:
      "Yes. Every tent we sell has a fly rated to at least 3,000 mm hydrostatic head and factory-taped seams. Our Summit 2 tent is rated 5,000 mm for alpine storms.",
    promptTokens: 73,
  },
  {
    id: "00000000-0000-4000-8000-000000000002",
    category: "products",
    question: "How do I choose the right sleeping bag temperature rating?",
    answer:
      "Pick a bag whose comfort rating is at least 5 °C below the coldest night you expect. The comfort rating (not the limit rating) is printed on each product page.",
    promptTokens: 73,
  },
  {
    id: "00000000-0000-4000-8000-000000000003",
    category: "products",
    question: "Do your products come with a warranty?",
    answer:
      "All Acme Outfitters gear has a 2-year warranty against manufacturing defects. Backpacks and tents have a lifetime warranty on zips and seams. Keep your order number as proof of purchase.",
    promptTokens: 72,
  },
  {
    id: "00000000-0000-4000-8000-000000000004",
    category: "products",
    question: "Do you sell gift cards?",
    answer:
      "Yes, digital gift cards from $25 to $500 are emailed instantly and never expire. They can be used online and in our stores.",
    promptTokens: 59,
  },
  {
    id: "00000000-0000-4000-8000-000000000005",
    category: "shipping",
    question: "How long does shipping take?",
    answer:
      "Standard shipping takes 3-5 business days within the continental US. Express shipping takes 1-2 business days. Orders placed before 2 pm Eastern ship the same day.",
    promptTokens: 67,
  },
  {
    id: "00000000-0000-4000-8000-000000000006",
    category: "shipping",
    question: "Is shipping free?",
    answer:
      "Standard shipping is free on orders over $75. Below that it costs a flat $6.95. Express shipping costs $19.95.",
    promptTokens: 58,
  },
  {
    id: "00000000-0000-4000-8000-000000000007",
    category: "shipping",
    question: "Do you ship internationally?",
    answer:
      "We ship to Canada, the UK, the EU and Australia. International delivery takes 7-14 business days; duties and taxes are calculated at checkout.",
    promptTokens: 61,
  },
  {
    id: "00000000-0000-4000-8000-000000000008",
    category: "returns",
    question: "What is your return policy?",
    answer:
      "You can return unused items within 30 days of delivery for a full refund. Items must be in their original packaging. Start a return from the Orders page of your account.",
    promptTokens: 66,
  },
  {
    id: "00000000-0000-4000-8000-000000000009",
    category: "returns",
    question: "How long do refunds take?",
    answer:
      "Refunds are issued to the original payment method within 5 business days of the return reaching our warehouse. You get an email when it is processed.",
    promptTokens: 61,
  },
  {
    id: "00000000-0000-4000-8000-000000000010",
    category: "returns",
    question: "Can I exchange an item for a different size?",
    answer:
      'Yes. Exchanges for a different size or colour are free within 30 days. Choose "Exchange" when you start a return and we ship the replacement as soon as the original is scanned by the carrier.',
    promptTokens: 76,
  },
] as const;

export type SeedReport = { faqs: number; settingsCreated: boolean };

export async function seedDemoData(prisma: PrismaClient): Promise<SeedReport> {
  for (const faq of DEMO_FAQS) {
    await prisma.faq.upsert({ where: { id: faq.id }, create: { ...faq }, update: { ...faq } });
  }
  // Two instances may start on an empty database at once: an insert that skips an existing row
  // (ON CONFLICT DO NOTHING) instead of read-then-create, which could race into a duplicate key.
  const { count } = await prisma.settings.createMany({ data: [{ id: 1 }], skipDuplicates: true });
  return { faqs: DEMO_FAQS.length, settingsCreated: count > 0 };
}

/** Seeds only an empty database, so a restart never overwrites what staff changed. */
export async function seedIfEmpty(prisma: PrismaClient): Promise<SeedReport | null> {
  const [faqs, settings] = await Promise.all([prisma.faq.count(), prisma.settings.count()]);
  if (faqs > 0 || settings > 0) return null;
  return seedDemoData(prisma);
}
