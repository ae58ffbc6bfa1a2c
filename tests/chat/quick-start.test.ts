// Quick start: the questions the widget's welcome screen offers. By default the most-asked FAQs
// (active FAQs most cited by bot replies over the last 30 days, topped up with the first active
// FAQs); an admin's own list (at most 4, each up to 120 characters) replaces them. Real database,
// injected clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createContextInner } from "@support/api";
import { callerFor, codeOf, makeClock, makeStaff, PASSWORDS, signIn } from "../console/helpers.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { RELAXED_LIMITS } from "../harness/limits.ts";

let db: TestDatabase;
let adminCookie: string;
let agentCookie: string;
const clock = makeClock(new Date("2026-03-02T10:00:00Z"));
const DAY = 86_400_000;
const faqs: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  await makeStaff(db);
  adminCookie = await signIn(db, "ada@example.com", PASSWORDS.admin, { clock });
  agentCookie = await signIn(db, "bob@example.com", PASSWORDS.agent, { clock });
  // Added in this order, a second apart.
  const questions = [
    "Do you ship abroad?",
    "What is your return policy?",
    "How long do refunds take?",
    "Do you sell gift cards?",
    "Is shipping free?",
    "Where is my order?",
  ];
  for (const [i, question] of questions.entries()) {
    const faq = await db.prisma.faq.create({
      data: {
        question,
        answer: "See our policy page.",
        createdAt: new Date(clock.now().getTime() - 100 * DAY + i * 1_000),
      },
    });
    faqs[question] = faq.id;
  }
  await db.prisma.faq.update({ where: { id: faqs["Do you sell gift cards?"] }, data: { isActive: false } });
  // Bot replies citing FAQs: refunds 3 times, returns twice, the inactive gift cards 5 times (not
  // offered), and "Where is my order?" 9 times but 31 days ago (outside the window).
  const session = await db.prisma.session.create({ data: { tokenHash: "quick-start-test" } });
  const cite = async (question: string, times: number, daysAgo: number) => {
    for (let i = 0; i < times; i++) {
      await db.prisma.message.create({
        data: {
          sessionId: session.id,
          role: "assistant",
          content: "…",
          sources: [faqs[question]!],
          createdAt: new Date(clock.now().getTime() - daysAgo * DAY),
        },
      });
    }
  };
  await cite("How long do refunds take?", 3, 2);
  await cite("What is your return policy?", 2, 29);
  await cite("Do you sell gift cards?", 5, 1);
  await cite("Where is my order?", 9, 31);
});
afterAll(async () => db?.drop());

const customer = () => createCaller(createContextInner({ db, clock, config: { rateLimits: RELAXED_LIMITS } }));
const admin = () => callerFor(db, { cookie: adminCookie, clock });
const agent = () => callerFor(db, { cookie: agentCookie, clock });

describe("quick start", () => {
  it("by default offers the most-asked active FAQs of the last 30 days, topped up with the first active FAQs", async () => {
    const expected = [
      "How long do refunds take?",
      "What is your return policy?",
      "Do you ship abroad?",
      "Is shipping free?",
    ];
    expect((await customer().widget.config()).suggestedQuestions).toEqual(expected);
    expect(await admin().settings.suggestedQuestions()).toEqual({ questions: [], defaults: expected });
  });

  it("an admin's questions replace the defaults, and clearing them brings the defaults back", async () => {
    const mine = ["Where is my order?", "  Can I change my delivery address?  "];
    expect(await admin().settings.updateSuggestedQuestions({ questions: mine })).toMatchObject({
      questions: ["Where is my order?", "Can I change my delivery address?"],
    });
    expect((await customer().widget.config()).suggestedQuestions).toEqual([
      "Where is my order?",
      "Can I change my delivery address?",
    ]);

    await admin().settings.updateSuggestedQuestions({ questions: [] });
    expect((await customer().widget.config()).suggestedQuestions).toEqual([
      "How long do refunds take?",
      "What is your return policy?",
      "Do you ship abroad?",
      "Is shipping free?",
    ]);
  });

  it("refuses more than four, over-long, empty or repeated questions with BAD_REQUEST, and non-admins", async () => {
    const bad = [
      ["a?", "b?", "c?", "d?", "e?"],
      ["x".repeat(121)],
      ["   "],
      ["Is shipping free?", "is shipping free?"],
      ["Bad\u0000byte"],
    ];
    for (const questions of bad)
      expect(await codeOf(admin().settings.updateSuggestedQuestions({ questions }))).toBe("BAD_REQUEST");
    expect(
      await codeOf(admin().settings.updateSuggestedQuestions({ questions: ["x".repeat(120), "a?", "b?", "c?"] })),
    ).toBe("OK");
    expect(await codeOf(agent().settings.updateSuggestedQuestions({ questions: [] }))).toBe("FORBIDDEN");
    expect(await codeOf(agent().settings.suggestedQuestions())).toBe("FORBIDDEN");
    expect((await customer().widget.config()).suggestedQuestions).toHaveLength(4);
  });
});
