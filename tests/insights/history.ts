// A small stored history with hand-computed Insights figures (see metrics.test.ts for the sums).
// Times are UTC; the business is in America/New_York (UTC-5 in early March 2026), so some
// conversations fall on a different business day than their UTC date.
import { randomUUID } from "node:crypto";
import type { TestDatabase } from "../harness/db.ts";

type Msg = {
  at: string;
  role: "user" | "assistant" | "agent" | "system";
  content: string;
  mode?: "llm" | "faq_only";
  sources?: string[];
  model?: string;
  tokens?: [prompt: number, cached: number, completion: number];
  feedback?: "up" | "down";
  handoffSuggested?: boolean;
  fallbackReason?: string;
};

export const FAQS = {
  shipping: randomUUID(),
  sizes: randomUUID(),
  returns: randomUUID(),
  paris: randomUUID(),
  unused: randomUUID(),
  tents: randomUUID(),
};

async function conversation(
  db: TestDatabase,
  createdAt: string,
  msgs: Msg[],
  extra: { handoffAt?: string; status?: "bot" | "handoff" | "closed" } = {},
) {
  const session = await db.prisma.session.create({
    data: {
      tokenHash: randomUUID(),
      createdAt: new Date(createdAt),
      lastSeenAt: new Date(createdAt),
      status: extra.status ?? "bot",
      handoffAt: extra.handoffAt ? new Date(extra.handoffAt) : null,
    },
  });
  let lastUserId: string | null = null;
  const ids: string[] = [];
  for (const m of msgs) {
    const id = randomUUID();
    await db.prisma.message.create({
      data: {
        id,
        sessionId: session.id,
        role: m.role,
        content: m.content,
        createdAt: new Date(m.at),
        replyToId: m.role === "assistant" ? lastUserId : null,
        mode: m.role === "assistant" ? (m.mode ?? "llm") : null,
        sources: m.sources ?? [],
        model: m.tokens ? (m.model ?? "gpt-4o-mini") : null,
        promptTokens: m.tokens?.[0] ?? null,
        cachedTokens: m.tokens?.[1] ?? null,
        completionTokens: m.tokens?.[2] ?? null,
        feedback: m.feedback ?? null,
        handoffSuggested: m.handoffSuggested ?? false,
        fallbackReason: m.fallbackReason ?? null,
        authorName: m.role === "agent" ? "Bob Agent" : null,
      },
    });
    if (m.role === "user") lastUserId = id;
    if (m.role === "assistant") lastUserId = null;
    ids.push(id);
  }
  return { sessionId: session.id, messageIds: ids };
}

export async function seedHistory(db: TestDatabase) {
  await db.prisma.faq.createMany({
    data: [
      { id: FAQS.shipping, question: "Do you ship to Canada?", answer: "Yes, in 5-8 business days." },
      { id: FAQS.sizes, question: "What sizes do boots come in?", answer: "EU 36 to 48." },
      { id: FAQS.returns, question: "What is your return policy?", answer: "30 days, unworn." },
      { id: FAQS.paris, question: "Do you have a store in Paris?", answer: "Yes, rue de Rivoli." },
      { id: FAQS.unused, question: "Do you offer student discounts?", answer: "10% with a student card." },
      { id: FAQS.tents, question: "Are your tents waterproof?", answer: "Yes, 3000 mm." },
    ],
  });

  // G: 23:30 on Mar 1 in New York although Mar 2 in UTC: outside a Mar 2-3 range in New York.
  await conversation(db, "2026-03-02T04:30:00Z", [
    { at: "2026-03-02T04:30:00Z", role: "user", content: "Do you ship to Canada?" },
    { at: "2026-03-02T04:30:05Z", role: "assistant", content: "Yes.", sources: [FAQS.shipping], tokens: [100, 0, 10] },
  ]);
  // H: opened the widget, never wrote: not a conversation.
  await conversation(db, "2026-03-02T15:00:00Z", []);
  // A: resolved, thumbs up. Mar 2.
  await conversation(db, "2026-03-02T15:00:00Z", [
    { at: "2026-03-02T15:00:00Z", role: "user", content: "Do you ship to Canada?" },
    {
      at: "2026-03-02T15:00:04Z",
      role: "assistant",
      content: "Yes, 5-8 days.",
      sources: [FAQS.shipping],
      tokens: [1000, 200, 100],
      feedback: "up",
    },
  ]);
  // B: spans the business's midnight (23:50 -> 00:11): one conversation, on Mar 2; its second reply's tokens on Mar 3.
  await conversation(db, "2026-03-03T04:50:00Z", [
    { at: "2026-03-03T04:50:00Z", role: "user", content: "What sizes do boots come in?" },
    {
      at: "2026-03-03T04:51:00Z",
      role: "assistant",
      content: "EU 36 to 48.",
      sources: [FAQS.sizes],
      tokens: [500, 0, 50],
    },
    { at: "2026-03-03T05:10:00Z", role: "user", content: "And half sizes?" },
    {
      at: "2026-03-03T05:11:00Z",
      role: "assistant",
      content: "No half sizes.",
      sources: [FAQS.sizes],
      tokens: [500, 0, 50],
    },
  ]);
  // E: came back 15 h later about the same order: not resolved. The second reply's model has no price.
  await conversation(db, "2026-03-02T18:00:00Z", [
    { at: "2026-03-02T18:00:00Z", role: "user", content: "Where is my order 1234?" },
    { at: "2026-03-02T18:00:05Z", role: "assistant", content: "It ships tomorrow.", tokens: [300, 0, 30] },
    { at: "2026-03-03T09:00:00Z", role: "user", content: "My order still hasn't arrived" },
    {
      at: "2026-03-03T09:00:05Z",
      role: "assistant",
      content: "Sorry to hear that.",
      model: "mystery-model",
      tokens: [300, 0, 30],
    },
  ]);
  // F1-F3: three askings, two wordings, of one question the bot couldn't answer; F4 a FAQ-only miss.
  const dontKnow = (at: string, content: string) => [
    { at, role: "user" as const, content },
    {
      at: at.replace(":00Z", ":03Z"),
      role: "assistant" as const,
      content: "I don't know that.",
      tokens: [200, 0, 20] as [number, number, number],
      handoffSuggested: true,
    },
  ];
  await conversation(db, "2026-03-02T20:00:00Z", dontKnow("2026-03-02T20:00:00Z", "Do you sell gift cards?"));
  await conversation(db, "2026-03-03T12:00:00Z", dontKnow("2026-03-03T12:00:00Z", "Are gift cards available?"));
  await conversation(db, "2026-03-03T13:00:00Z", dontKnow("2026-03-03T13:00:00Z", "Do you sell gift cards?"));
  await conversation(db, "2026-03-03T13:30:00Z", [
    { at: "2026-03-03T13:30:00Z", role: "user", content: "Can I pay with bitcoin?" },
    {
      at: "2026-03-03T13:30:01Z",
      role: "assistant",
      content: "I couldn't find that.",
      mode: "faq_only",
      handoffSuggested: true,
      fallbackReason: "no_api_key",
    },
  ]);
  // C: handed to a person; the ticket was resolved and reopened since. First staff reply 10 minutes after the hand-off.
  const c = await conversation(
    db,
    "2026-03-03T13:59:00Z",
    [
      { at: "2026-03-03T13:59:00Z", role: "user", content: "Are your tents waterproof?" },
      {
        at: "2026-03-03T13:59:03Z",
        role: "assistant",
        content: "Yes, 3000 mm.",
        sources: [FAQS.tents],
        tokens: [600, 0, 60],
      },
      { at: "2026-03-03T14:00:00Z", role: "user", content: "My tent leaks at the seams" },
      {
        at: "2026-03-03T14:00:01Z",
        role: "assistant",
        content: "I couldn't find that.",
        mode: "faq_only",
        handoffSuggested: true,
        fallbackReason: "no_api_key",
      },
      { at: "2026-03-03T14:00:30Z", role: "user", content: "I want to talk to a person" },
      { at: "2026-03-03T14:01:00Z", role: "system", content: "We've passed this to our team (ticket #1001)." },
      {
        at: "2026-03-03T14:11:00Z",
        role: "agent",
        content: "So sorry! Send us a photo of the seam and we replace the tent free of charge.",
      },
      { at: "2026-03-03T15:00:00Z", role: "system", content: "Bob Agent marked this conversation as resolved." },
    ],
    { handoffAt: "2026-03-03T14:01:00Z", status: "handoff" },
  );
  await db.prisma.ticket.create({
    data: {
      sessionId: c.sessionId,
      issueSummary: "Tent leaks",
      conversationSnapshot: [],
      status: "open",
      resolvedAt: null,
      createdAt: new Date("2026-03-03T14:01:00Z"),
      // Rated when it was first resolved; reopened since, the rating stays.
      rating: 4,
      ratingComment: "Fast, thanks",
      ratedAt: new Date("2026-03-03T15:01:00Z"),
    },
  });
  // D: thumbs down on a model answer (gpt-4o).
  await conversation(db, "2026-03-03T16:00:00Z", [
    { at: "2026-03-03T16:00:00Z", role: "user", content: "Can I return worn shoes?" },
    {
      at: "2026-03-03T16:00:04Z",
      role: "assistant",
      content: "Yes.",
      sources: [FAQS.returns],
      model: "gpt-4o",
      tokens: [800, 0, 80],
      feedback: "down",
    },
  ]);
  // J: answered from an FAQ that was deleted afterwards.
  await conversation(db, "2026-03-03T17:00:00Z", [
    { at: "2026-03-03T17:00:00Z", role: "user", content: "Do you have a store in Paris?" },
    {
      at: "2026-03-03T17:00:04Z",
      role: "assistant",
      content: "Yes, rue de Rivoli.",
      sources: [FAQS.paris],
      tokens: [400, 100, 40],
    },
  ]);
  await db.prisma.faq.delete({ where: { id: FAQS.paris } });
  // K: the daily token cap was reached: answered from the FAQs.
  await conversation(db, "2026-03-03T18:00:00Z", [
    { at: "2026-03-03T18:00:00Z", role: "user", content: "What sizes do boots come in?" },
    {
      at: "2026-03-03T18:00:01Z",
      role: "assistant",
      content: "EU 36 to 48.",
      mode: "faq_only",
      sources: [FAQS.sizes],
      fallbackReason: "daily_token_cap",
    },
  ]);
  return { ticketConversationId: c.sessionId, staffReplyQuestionId: c.messageIds[2]! };
}
