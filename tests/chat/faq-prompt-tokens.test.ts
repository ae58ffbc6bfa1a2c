// Faq.promptTokens: every write path stores the FAQ's real o200k count as a prompt entry, the
// stored counts add up to the real size of the FAQ block, and rows without a count are counted and
// stored (backfill) by the first turn, after which turns never count. Tests count in process to check.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createContextInner } from "@support/api";
import { faqBlockTokens, faqEntryTokenText, formatFaqBlock, type TokenCounter } from "@support/assistant";
import { countTokens } from "@support/assistant/token-count";
import { DEMO_FAQS, seedDemoData } from "@support/db";
import { backfillFaqPromptTokens } from "../../packages/api/src/domain/faq/prompt-tokens.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { callerFor, makeStaff, PASSWORDS, signIn, signedInCaller } from "../console/helpers.ts";

const COVIDFAQ = new URL("../../../shared/data/covidfaq/faqs.jsonl", import.meta.url);

let db: TestDatabase;
let agent: ReturnType<typeof callerFor>;
beforeAll(async () => {
  db = await createTestDatabase();
  await makeStaff(db);
  agent = await signedInCaller(db, "agent");
});
afterAll(async () => db?.drop());

const realCount = (faq: { id: string; question: string; answer: string }) => countTokens(faqEntryTokenText(faq));

/** Active FAQs in prompt order, as the turn reads them. */
const activeFaqs = () =>
  db.prisma.faq.findMany({
    where: { isActive: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, question: true, answer: true, category: true, promptTokens: true },
  });

/** A counter that counts in process and records what it was asked. */
function spyCounter(): TokenCounter & { texts: string[] } {
  const texts: string[] = [];
  return { texts, count: async (batch) => (texts.push(...batch), batch.map(countTokens)) };
}

async function customerTurn(tokens: TokenCounter, text: string) {
  const customer = createCaller(createContextInner({ db, tokens }));
  const { sessionToken } = await customer.chat.start();
  const events = [];
  for await (const e of await customer.chat.send({ sessionToken, clientMessageId: randomUUID(), text })) events.push(e);
  return events;
}

describe("stored prompt token counts", () => {
  it("the demo seed stores the real counts, and they add up to the real size of the demo FAQ block", async () => {
    for (const faq of DEMO_FAQS) expect(faq.promptTokens, faq.question).toBe(realCount(faq));
    await seedDemoData(db.prisma);
    const rows = await activeFaqs();
    expect(rows.map((r) => r.promptTokens)).toEqual(rows.map(realCount));
    expect(faqBlockTokens(rows.map((r) => r.promptTokens!))).toBe(countTokens(formatFaqBlock(rows)));
  });

  it("faq.create and faq.update store the count of the text they write (through the worker thread)", async () => {
    const created = await agent.faq.create({
      question: "Do you rent canoes?",
      answer: "Yes, from $40 a day.",
      category: "rentals",
    });
    const row = () => db.prisma.faq.findUniqueOrThrow({ where: { id: created.id } });
    expect((await row()).promptTokens).toBe(realCount(created));

    await agent.faq.update({
      id: created.id,
      answer: "Yes, from $40 a day, paddles and life jackets included (100% refundable deposit).",
    });
    expect((await row()).promptTokens).toBe(realCount(await row()));
    await agent.faq.update({ id: created.id, question: "Can I rent a canoe or a kayak?" });
    expect((await row()).promptTokens).toBe(realCount(await row()));

    // Not part of the prompt entry: the count stays.
    const before = (await row()).promptTokens;
    await agent.faq.update({ id: created.id, category: "boats" });
    await agent.faq.setActive({ id: created.id, isActive: false });
    expect((await row()).promptTokens).toBe(before);
  });

  it("faq.import stores counts for the rows it adds and updates, and none on a dry run", async () => {
    const csv = `question,answer,category\n"Can I rent a canoe or a kayak?","Not anymore.",rentals\n"Do you sharpen ice axes?","Yes, for $12 (while you wait).",service\n`;
    await agent.faq.import({ format: "csv", content: csv, dryRun: true });
    expect(await db.prisma.faq.count({ where: { question: "Do you sharpen ice axes?" } })).toBe(0);
    const report = await agent.faq.import({ format: "csv", content: csv, dryRun: false });
    expect(report).toMatchObject({ added: 1, updated: 1 });
    const rows = await db.prisma.faq.findMany({
      where: { question: { in: ["Can I rent a canoe or a kayak?", "Do you sharpen ice axes?"] } },
    });
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.promptTokens, r.question).toBe(realCount(r));
  });

  it.skipIf(!existsSync(COVIDFAQ))(
    "covidfaq imported as JSON: stored counts + block overhead = the real count of the whole block",
    async () => {
      const local = await createTestDatabase();
      try {
        await makeStaff(local);
        const staff = callerFor(local, { cookie: await signIn(local, "bob@example.com", PASSWORDS.agent) });
        const faqs = readFileSync(COVIDFAQ, "utf8")
          .split("\n")
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as { question: string; answer: string });
        const report = await staff.faq.import({ format: "json", content: JSON.stringify(faqs), dryRun: false });
        expect(report.added + report.unchanged + report.invalid.length).toBe(faqs.length);
        const rows = await local.prisma.faq.findMany({
          where: { isActive: true },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        });
        expect(rows.length).toBeGreaterThan(50);
        expect(rows.every((r) => r.promptTokens !== null)).toBe(true);
        expect(faqBlockTokens(rows.map((r) => r.promptTokens!))).toBe(countTokens(formatFaqBlock(rows)));
        // Any subset in any order too (what a ranked turn sends): the reverse, and every third.
        const reversed = [...rows].reverse();
        expect(faqBlockTokens(reversed.map((r) => r.promptTokens!))).toBe(countTokens(formatFaqBlock(reversed)));
        const some = rows.filter((_, i) => i % 3 === 0);
        expect(faqBlockTokens(some.map((r) => r.promptTokens!))).toBe(countTokens(formatFaqBlock(some)));
      } finally {
        await local.drop();
      }
    },
  );
});

describe("rows without a count (written before the column, or by hand)", () => {
  it("are counted and stored by the first customer turn; later turns count nothing", async () => {
    await db.prisma.faq.createMany({
      data: [
        { question: "Do you repair zippers?", answer: "Yes, most zippers in 3 days (free under warranty)." },
        {
          question: "Can I pick up orders in store?",
          answer: "Yes: choose click & collect at checkout; it's ready in 2 hours.",
        },
      ],
    });
    const uncounted = await db.prisma.faq.findMany({ where: { promptTokens: null } });
    expect(uncounted).toHaveLength(2);

    const first = spyCounter();
    const events = await customerTurn(first, "Do you repair zippers?");
    expect(events.at(-1)).toMatchObject({ type: "done" });
    expect(first.texts.sort()).toEqual(uncounted.map(faqEntryTokenText).sort());
    const rows = await activeFaqs();
    expect(rows.map((r) => r.promptTokens)).toEqual(rows.map(realCount));

    const later = spyCounter();
    await customerTurn(later, "Can I pick up orders in store?");
    await customerTurn(later, "Do you repair zippers?");
    expect(later.texts).toEqual([]);
  });

  it("the backfill does not store a count for text that changed while it was counting", async () => {
    const local = await createTestDatabase();
    try {
      const [a, b] = await Promise.all([
        local.prisma.faq.create({ data: { question: "Edited meanwhile?", answer: "Old answer." } }),
        local.prisma.faq.create({ data: { question: "Left alone?", answer: "Same answer." } }),
      ]);
      const editing: TokenCounter = {
        async count(texts) {
          await local.prisma.faq.update({
            where: { id: a.id },
            data: { answer: "A new, longer answer written while counting." },
          });
          return texts.map(countTokens);
        },
      };
      expect(await backfillFaqPromptTokens(local.prisma, editing)).toBe(1);
      expect((await local.prisma.faq.findUniqueOrThrow({ where: { id: a.id } })).promptTokens).toBeNull();
      expect((await local.prisma.faq.findUniqueOrThrow({ where: { id: b.id } })).promptTokens).toBe(realCount(b));
      // The next run counts the edited text.
      expect(await backfillFaqPromptTokens(local.prisma, spyCounter())).toBe(1);
      const edited = await local.prisma.faq.findUniqueOrThrow({ where: { id: a.id } });
      expect(edited.promptTokens).toBe(realCount(edited));
    } finally {
      await local.drop();
    }
  });
});
