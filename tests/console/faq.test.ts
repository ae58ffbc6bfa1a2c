// FAQ procedures: permissions (anonymous, agent, admin, API tokens), validation, table queries,
// deactivate/restore/delete, import dry run and apply, export; and assistant.preview.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import {
  bearer,
  callerFor,
  codeOf,
  JSON_HEADERS,
  makeApiToken,
  makeStaff,
  PASSWORDS,
  signIn,
  signedInCaller,
} from "./helpers.ts";

let db: TestDatabase;
let agent: ReturnType<typeof callerFor>;
let admin: ReturnType<typeof callerFor>;
beforeAll(async () => {
  db = await createTestDatabase();
  await makeStaff(db);
  agent = await signedInCaller(db, "agent");
  admin = await signedInCaller(db, "admin");
});
afterAll(async () => db?.drop());

describe("faq permissions", () => {
  it("anonymous callers get UNAUTHORIZED on every procedure", async () => {
    const anon = callerFor(db);
    const id = "00000000-0000-4000-8000-000000000001";
    // One at a time: a call started early could reject before anything awaits it.
    for (const call of [
      () => anon.faq.list({}),
      () => anon.faq.get({ id }),
      () => anon.faq.categories(),
      () => anon.faq.create({ question: "Q?", answer: "A" }),
      () => anon.faq.update({ id, answer: "B" }),
      () => anon.faq.setActive({ id, isActive: false }),
      () => anon.faq.delete({ id }),
      () => anon.faq.import({ format: "csv", content: "question,answer\nq,a", dryRun: true }),
      () => anon.faq.export({ format: "csv" }),
      () => anon.assistant.preview({ question: "shipping?" }),
    ]) {
      expect(await codeOf(call())).toBe("UNAUTHORIZED");
    }
  });

  it("agents and admins both manage FAQs", async () => {
    const a = await agent.faq.create({
      question: "Do you price match?",
      answer: "Yes, within 14 days.",
      category: "Pricing",
    });
    expect(a.category).toBe("pricing");
    const b = await admin.faq.update({ id: a.id, answer: "Yes, within **14 days** of purchase." });
    expect(b.answer).toContain("**14 days**");
    await agent.faq.delete({ id: a.id });
  });

  it("API tokens need the right scope", async () => {
    const read = await makeApiToken(db, ["faq:read"]);
    const write = await makeApiToken(db, ["faq:write", "faq:read"]);
    const asRead = callerFor(db, { headers: bearer(read) });
    expect(await codeOf(asRead.faq.list({}))).toBe("OK");
    expect(await codeOf(asRead.faq.create({ question: "Token Q?", answer: "A" }))).toBe("FORBIDDEN");
    expect(await codeOf(asRead.assistant.preview({ question: "x" }))).toBe("FORBIDDEN");
    const created = await callerFor(db, { headers: bearer(write) }).faq.create({ question: "Token Q?", answer: "A" });
    await callerFor(db, { headers: bearer(write) }).faq.delete({ id: created.id });
    expect(await codeOf(callerFor(db, { headers: bearer("sbt_unknown") }).faq.list({}))).toBe("UNAUTHORIZED");
  });

  it("cookie mutations must be JSON: a text/plain post is refused", async () => {
    const cookie = await signIn(db, "bob@example.com", PASSWORDS.agent);
    const plain = callerFor(db, { cookie, headers: { ...JSON_HEADERS, "content-type": "text/plain" } });
    expect(await codeOf(plain.faq.create({ question: "Plain?", answer: "A" }))).toBe("FORBIDDEN");
    expect(await codeOf(plain.faq.list({}))).toBe("OK"); // reads are fine
  });
});

describe("faq validation and table", () => {
  it("rejects empty or oversized fields and duplicate questions", async () => {
    expect(await codeOf(agent.faq.create({ question: "  ", answer: "A" }))).toBe("BAD_REQUEST");
    expect(await codeOf(agent.faq.create({ question: "Q", answer: "" }))).toBe("BAD_REQUEST");
    expect(await codeOf(agent.faq.create({ question: "x".repeat(501), answer: "A" }))).toBe("BAD_REQUEST");
    expect(await codeOf(agent.faq.update({ id: "not-a-uuid", answer: "A" }))).toBe("BAD_REQUEST");
    expect(await codeOf(agent.faq.update({ id: "00000000-0000-4000-8000-00000000ffff", answer: "A" }))).toBe(
      "NOT_FOUND",
    );
    const f = await agent.faq.create({ question: "Where are you based?", answer: "Denver." });
    await expect(agent.faq.create({ question: "  where are YOU based? ", answer: "x" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await agent.faq.delete({ id: f.id });
  });

  it("searches for % and _ literally, not as wildcards", async () => {
    const percent = await agent.faq.create({
      question: "Is there 10% off for students?",
      answer: "Yes, with a student card.",
    });
    const underscore = await agent.faq.create({
      question: "What is a gift_card code?",
      answer: "The code printed on the card.",
    });
    expect((await agent.faq.list({ search: "%" })).items.map((f) => f.id)).toEqual([percent.id]);
    expect((await agent.faq.list({ search: "_" })).items.map((f) => f.id)).toEqual([underscore.id]);
    expect((await agent.faq.list({ search: "10%" })).items.map((f) => f.id)).toEqual([percent.id]);
    await agent.faq.delete({ id: percent.id });
    await agent.faq.delete({ id: underscore.id });
  });

  it("searches question and answer, filters by category and status, sorts and paginates, with counts", async () => {
    const made = [];
    for (let i = 1; i <= 12; i++) {
      made.push(
        await agent.faq.create({
          question: `Table question ${String(i).padStart(2, "0")}`,
          answer: i % 3 === 0 ? "Mentions the zebra keyword." : "Plain answer.",
          category: i % 2 ? "odd" : "even",
          isActive: i !== 12,
        }),
      );
    }
    const zebra = await agent.faq.list({ search: "ZEBRA" });
    expect(zebra.items.map((f) => f.question).sort()).toEqual([
      "Table question 03",
      "Table question 06",
      "Table question 09",
      "Table question 12",
    ]);
    expect(zebra.counts).toEqual({ all: 4, active: 3, inactive: 1 });
    const odd = await agent.faq.list({
      search: "table question",
      category: "odd",
      sortBy: "question",
      sortDir: "asc",
      page: 2,
      pageSize: 4,
    });
    expect(odd.total).toBe(6);
    expect(odd.items.map((f) => f.question)).toEqual(["Table question 09", "Table question 11"]);
    const inactive = await agent.faq.list({ search: "table question", status: "inactive" });
    expect(inactive.items.map((f) => f.question)).toEqual(["Table question 12"]);
    const cats = await agent.faq.categories();
    expect(cats).toEqual(
      expect.arrayContaining([
        { category: "odd", count: 6 },
        { category: "even", count: 6 },
      ]),
    );
    expect(await codeOf(agent.faq.list({ pageSize: 1000 }))).toBe("BAD_REQUEST");

    // Deactivate and restore keep the entry; delete removes it.
    const first = made[0]!;
    expect((await agent.faq.setActive({ id: first.id, isActive: false })).isActive).toBe(false);
    expect((await agent.faq.get({ id: first.id })).isActive).toBe(false);
    expect((await agent.faq.setActive({ id: first.id, isActive: true })).isActive).toBe(true);
    for (const f of made) await agent.faq.delete({ id: f.id });
    expect(await codeOf(agent.faq.get({ id: first.id }))).toBe("NOT_FOUND");
  });
});

describe("faq import and export", () => {
  it("a dry run reports added, updated and invalid rows with reasons, and writes nothing", async () => {
    await agent.faq.create({ question: "Do you ship to Mars?", answer: "Not yet.", category: "shipping" });
    const csv = [
      "question,answer,category,active",
      '"do you ship to mars?  ","Yes, from 2030.",shipping,yes',
      '"How do I care for down jackets?","Wash cold, tumble dry low with tennis balls.",care,',
      ',"An answer without a question",care,yes',
      '"A question without an answer","",care,yes',
      '"Quoted, with a comma","Line one\nline two",care,maybe',
      '"How do I care for down jackets?","Duplicate in the same file",care,yes',
      "",
    ].join("\n");
    const before = await db.prisma.faq.count();
    const report = await agent.faq.import({ format: "csv", content: csv, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, rows: 6, added: 1, updated: 1, unchanged: 0, fileError: null });
    expect(report.invalid).toEqual([
      { row: 4, question: null, reason: "Enter a question" },
      { row: 5, question: "A question without an answer", reason: "Enter an answer" },
      { row: 6, question: "Quoted, with a comma", reason: expect.stringMatching(/active/) },
      // Rows count as a spreadsheet shows them: the quoted line break above stays inside row 6.
      { row: 7, question: "How do I care for down jackets?", reason: "Same question as row 3" },
    ]);
    expect(await db.prisma.faq.count()).toBe(before);

    const applied = await agent.faq.import({ format: "csv", content: csv, dryRun: false });
    expect(applied).toMatchObject({ dryRun: false, added: 1, updated: 1 });
    expect(await db.prisma.faq.count()).toBe(before + 1);
    const mars = await db.prisma.faq.findFirstOrThrow({ where: { question: { equals: "do you ship to mars?" } } });
    expect(mars.answer).toBe("Yes, from 2030.");
    // Same file again: nothing new.
    expect(await agent.faq.import({ format: "csv", content: csv, dryRun: true })).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: 2,
    });
  });

  it("reports unreadable files as a whole", async () => {
    expect((await agent.faq.import({ format: "csv", content: "title,body\nx,y", dryRun: true })).fileError).toMatch(
      /question.*answer/,
    );
    expect((await agent.faq.import({ format: "json", content: "{not json", dryRun: true })).fileError).toMatch(/JSON/);
    expect((await agent.faq.import({ format: "json", content: '{"a":1}', dryRun: true })).fileError).toMatch(
      /list of FAQs/,
    );
    expect(await codeOf(agent.faq.import({ format: "csv", content: "", dryRun: true }))).toBe("BAD_REQUEST");
  });

  it("exports CSV and JSON that import back unchanged", async () => {
    await agent.faq.create({
      question: "=SUM(A1) looks like a formula?",
      answer: 'Quotes " and, commas\nand newlines.',
      category: "edge",
      alternatePhrasings: ["=1+1 as a formula?", 'With "quotes", and commas'],
    });
    for (const format of ["csv", "json"] as const) {
      const out = await agent.faq.export({ format });
      expect(out.filename).toMatch(new RegExp(`^faqs-\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
      expect(out.count).toBe(await db.prisma.faq.count());
      if (format === "csv") expect(out.content).toContain(`"'=SUM(A1) looks like a formula?"`.replace(/"/g, "")); // formula guard
      const back = await agent.faq.import({ format, content: out.content, dryRun: true });
      expect(back).toMatchObject({ added: 0, updated: 0, unchanged: out.count, invalid: [], fileError: null });
    }
    const csv = await agent.faq.import({
      format: "csv",
      content: 'question,answer,also asked as\nCSV phrasings?,Yes,"first way\nsecond way"',
      dryRun: false,
    });
    expect(csv.added).toBe(1);
    expect(
      (await db.prisma.faq.findFirstOrThrow({ where: { question: "CSV phrasings?" } })).alternatePhrasings,
    ).toEqual(["first way", "second way"]);
    const json = await agent.faq.import({
      format: "json",
      content: JSON.stringify([{ question: "JSON only?", answer: "Yes", isActive: false }]),
      dryRun: false,
    });
    expect(json.added).toBe(1);
    expect((await db.prisma.faq.findFirstOrThrow({ where: { question: "JSON only?" } })).isActive).toBe(false);
  });
});

describe("assistant.preview", () => {
  it("shows selected FAQs, the FAQ-only answer and token counts without creating a conversation", async () => {
    const f = await agent.faq.create({
      question: "What is the warranty on kayaks?",
      answer: "Kayaks have a 5-year hull warranty.",
      category: "kayaks",
    });
    const sessions = await db.prisma.session.count();
    const out = await agent.assistant.preview({ question: "warranty on my kayak?" });
    expect(out.selected.map((s) => s.id)).toContain(f.id);
    expect(out.faqOnly.content).toContain("5-year hull warranty");
    expect(out.faqOnly.sources[0]?.id).toBe(f.id);
    expect(out.systemPromptTokens).toBeGreaterThan(out.faqTokens);
    expect(out.activeFaqs).toBe(await db.prisma.faq.count({ where: { isActive: true } }));
    expect(await db.prisma.session.count()).toBe(sessions);

    await agent.faq.setActive({ id: f.id, isActive: false });
    const after = await admin.assistant.preview({ question: "warranty on my kayak?" });
    expect(after.selected.map((s) => s.id)).not.toContain(f.id);
    expect(await codeOf(agent.assistant.preview({ question: "   " }))).toBe("BAD_REQUEST");
    const token = await makeApiToken(db, ["assistant:preview"]);
    expect(await codeOf(callerFor(db, { headers: bearer(token) }).assistant.preview({ question: "kayak" }))).toBe("OK");
  });
});

describe("alternate phrasings", () => {
  it("are saved with the FAQ, added in one call, kept once, and answer in FAQ-only mode from the next question on", async () => {
    const f = await agent.faq.create({
      question: "What are your opening hours?",
      answer: "Our shop is open Monday to Friday, 9:00 to 17:00.",
      alternatePhrasings: ["  When are you open?  ", "when are you   OPEN?", ""],
    });
    expect(f.alternatePhrasings).toEqual(["When are you open?"]);

    const missed = "do you close early on fridays";
    expect((await agent.assistant.preview({ question: missed })).faqOnly.sources).toEqual([]);
    const added = await agent.faq.addPhrasing({ faqId: f.id, text: "Do you close early on Fridays?" });
    expect(added.alternatePhrasings).toEqual(["When are you open?", "Do you close early on Fridays?"]);
    // Adding it again (or the question itself) changes nothing.
    expect(
      (await admin.faq.addPhrasing({ faqId: f.id, text: " do you close early on FRIDAYS? " })).alternatePhrasings,
    ).toHaveLength(2);
    expect(
      (await admin.faq.addPhrasing({ faqId: f.id, text: "What are your opening hours?" })).alternatePhrasings,
    ).toHaveLength(2);
    const preview = await agent.assistant.preview({ question: missed });
    expect(preview.faqOnly.sources.map((s) => s.id)).toEqual([f.id]);
    expect(preview.faqOnly.content).toBe(f.answer);

    // Phrasings rank, they are not sent: the stored prompt token count stays that of question + answer.
    const row = await db.prisma.faq.findUniqueOrThrow({ where: { id: f.id } });
    const { countTokens } = await import("@support/assistant/token-count");
    const { faqEntryTokenText } = await import("@support/assistant");
    expect(row.promptTokens).toBe(countTokens(faqEntryTokenText(row)));

    const edited = await agent.faq.update({ id: f.id, alternatePhrasings: ["Are you open on Saturdays?"] });
    expect(edited.alternatePhrasings).toEqual(["Are you open on Saturdays?"]);
    expect(await codeOf(agent.faq.addPhrasing({ faqId: f.id, text: "   " }))).toBe("BAD_REQUEST");
    expect(await codeOf(agent.faq.addPhrasing({ faqId: "00000000-0000-4000-8000-00000000ffff", text: "x" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(agent.faq.update({ id: f.id, alternatePhrasings: ["x".repeat(501)] }))).toBe("BAD_REQUEST");
    const read = await makeApiToken(db, ["faq:read"]);
    expect(await codeOf(callerFor(db, { headers: bearer(read) }).faq.addPhrasing({ faqId: f.id, text: "y" }))).toBe(
      "FORBIDDEN",
    );
    await agent.faq.delete({ id: f.id });
  });
});
