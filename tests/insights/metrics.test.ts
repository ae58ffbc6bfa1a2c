// Insights figures against a stored history whose expected values were worked out by hand
// (history.ts): resolution, grouping of unanswered questions, FAQ performance and cost, in the
// business's time zone (America/New_York) and in UTC.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { bearer, callerFor, makeApiToken, makeStaff, signedInCaller } from "../console/helpers.ts";
import { FAQS, seedHistory } from "./history.ts";

let db: TestDatabase;
let agent: Awaited<ReturnType<typeof signedInCaller>>;
let admin: Awaited<ReturnType<typeof signedInCaller>>;
const range = { from: "2026-03-02", to: "2026-03-03", grouping: "day" as const };

beforeAll(async () => {
  db = await createTestDatabase();
  await makeStaff(db);
  agent = await signedInCaller(db, "agent");
  admin = await signedInCaller(db, "admin");
  await seedHistory(db);
  await admin.insights.updateConfig({ timeZone: "America/New_York" });
});
afterAll(async () => db?.drop());

describe("resolution", () => {
  it("counts conversations on the business's day they started, once, with the resolved ones by the definition", async () => {
    const r = await agent.insights.resolution(range);
    expect(r.timeZone).toBe("America/New_York");
    expect(r.definition).toMatch(/resolved by the bot when/);
    // Mar 2: A (resolved), B (23:50, spans midnight; resolved), E (came back), F1 (don't know).
    // Mar 3: F2, F3 (don't know), F4 (FAQ-only miss), C (handed off), D (thumbs down), J, K (resolved).
    expect(r.buckets).toEqual([
      {
        bucket: "2026-03-02",
        conversations: 4,
        botResolved: 2,
        handedOff: 0,
        medianFirstHumanReplyMs: null,
        thumbsUp: 1,
        thumbsDown: 0,
      },
      {
        bucket: "2026-03-03",
        conversations: 7,
        botResolved: 2,
        handedOff: 1,
        medianFirstHumanReplyMs: 600_000,
        thumbsUp: 0,
        thumbsDown: 1,
      },
    ]);
    expect(r.totals).toEqual({
      conversations: 11,
      botResolved: 4,
      handedOff: 1,
      medianFirstHumanReplyMs: 600_000,
      thumbsUp: 1,
      thumbsDown: 1,
    });
  });

  it("groups by week (weeks start on Monday) with the same totals", async () => {
    const r = await agent.insights.resolution({ ...range, grouping: "week" });
    expect(r.buckets).toEqual([{ bucket: "2026-03-02", ...r.totals }]);
    expect(r.totals.conversations).toBe(11);
  });

  it("in UTC the days are UTC days: the 23:50 conversation moves to Mar 3, the 04:30 UTC one joins Mar 2", async () => {
    await admin.insights.updateConfig({ timeZone: "UTC" });
    try {
      const r = await agent.insights.resolution(range);
      expect(r.buckets.map((b) => [b.bucket, b.conversations, b.botResolved])).toEqual([
        ["2026-03-02", 4, 2],
        ["2026-03-03", 8, 3],
      ]);
    } finally {
      await admin.insights.updateConfig({ timeZone: "America/New_York" });
    }
  });
});

describe("ratings after a hand-off", () => {
  it("averages and counts the customers' stars on the day their conversation started; a reopened ticket keeps its rating", async () => {
    const r = await agent.insights.resolution(range);
    // Only C's ticket was rated (4 stars, given before it was reopened); C started on Mar 3.
    expect(r.ratings.buckets).toEqual([
      { bucket: "2026-03-02", count: 0, average: null, distribution: [0, 0, 0, 0, 0] },
      { bucket: "2026-03-03", count: 1, average: 4, distribution: [0, 0, 0, 1, 0] },
    ]);
    expect(r.ratings.totals).toEqual({ count: 1, average: 4, distribution: [0, 0, 0, 1, 0] });
    const csv = await agent.insights.exportCsv({ table: "ratings", range });
    expect(csv.content.split("\r\n")).toEqual([
      "day,ratings,average stars,1 star,2 stars,3 stars,4 stars,5 stars",
      "2026-03-02,0,,0,0,0,0,0",
      "2026-03-03,1,4,0,0,0,1,0",
      "",
    ]);
  });
});

describe("unanswered questions", () => {
  it("groups rewordings into one row with a count and examples, most asked first", async () => {
    const { groups } = await agent.insights.unanswered(range);
    expect(groups.map((g) => ({ count: g.count, examples: g.examples, reasons: g.reasons }))).toEqual([
      {
        count: 3,
        examples: ["Do you sell gift cards?", "Are gift cards available?"],
        reasons: { dont_know: 3, faq_only_miss: 0, thumbs_down: 0, handoff: 0 },
      },
      {
        count: 1,
        examples: ["Can I return worn shoes?"],
        reasons: { dont_know: 0, faq_only_miss: 0, thumbs_down: 1, handoff: 0 },
      },
      {
        count: 1,
        examples: ["My tent leaks at the seams"],
        reasons: { dont_know: 0, faq_only_miss: 1, thumbs_down: 0, handoff: 1 },
      },
      {
        count: 1,
        examples: ["Can I pay with bitcoin?"],
        reasons: { dont_know: 0, faq_only_miss: 1, thumbs_down: 0, handoff: 0 },
      },
    ]);
    expect(groups[0]!.signatures).toHaveLength(2);
  });

  it("a dismissed group stays dismissed, and so do new askings of it", async () => {
    const before = await agent.insights.unanswered(range);
    const bitcoin = before.groups.find((g) => g.examples[0] === "Can I pay with bitcoin?")!;
    await agent.insights.dismiss({
      group: { signatures: bitcoin.signatures, example: bitcoin.examples[0]!, messageIds: bitcoin.messageIds },
    });
    const after = await agent.insights.unanswered(range);
    expect(after.groups.map((g) => g.examples[0])).not.toContain("Can I pay with bitcoin?");
    expect(after.groups).toHaveLength(3);
  });

  it("drafts an FAQ from staff's reply in the hand-off (no model configured: quoted)", async () => {
    const { groups } = await agent.insights.unanswered(range);
    const tent = groups.find((g) => g.examples[0] === "My tent leaks at the seams")!;
    const draft = await agent.insights.draftFaq({
      signatures: tent.signatures,
      example: tent.examples[0]!,
      messageIds: tent.messageIds,
    });
    expect(draft).toEqual({
      question: "My tent leaks at the seams?",
      answer: "So sorry! Send us a photo of the seam and we replace the tent free of charge.",
      answerSource: "staff_reply",
      staffReplies: ["So sorry! Send us a photo of the seam and we replace the tent free of charge."],
    });
    const gift = groups[0]!;
    const none = await agent.insights.draftFaq({
      signatures: gift.signatures,
      example: gift.examples[0]!,
      messageIds: gift.messageIds,
    });
    expect(none).toMatchObject({ question: "Do you sell gift cards?", answer: "", answerSource: "none" });
  });
});

describe("fixing a group", () => {
  it("'add as phrasing' adds the customer's wording to the FAQ and closes the group; 'Create FAQ' publishes and closes", async () => {
    const { groups } = await agent.insights.unanswered(range);
    const shoes = groups.find((g) => g.examples[0] === "Can I return worn shoes?")!;
    const ref = { signatures: shoes.signatures, example: shoes.examples[0]!, messageIds: shoes.messageIds };
    const { faq } = await agent.insights.addPhrasing({ group: ref, faqId: FAQS.returns });
    expect(faq.alternatePhrasings).toEqual(["Can I return worn shoes?"]);
    const tent = groups.find((g) => g.examples[0] === "My tent leaks at the seams")!;
    const created = await agent.insights.createFaq({
      group: { signatures: tent.signatures, example: tent.examples[0]!, messageIds: tent.messageIds },
      faq: {
        question: "My tent leaks at the seams: what now?",
        answer: "Send us a photo; we replace it free of charge.",
      },
    });
    expect(created.faq).toMatchObject({ question: "My tent leaks at the seams: what now?", isActive: true });
    expect((await agent.faq.get({ id: created.faq.id })).answer).toBe("Send us a photo; we replace it free of charge.");
    const after = await agent.insights.unanswered(range);
    expect(after.groups.map((g) => g.examples[0])).toEqual(["Do you sell gift cards?"]);
  });
});

describe("FAQ performance", () => {
  it("counts citations, FAQ-only answers, thumbs and hand-offs per FAQ; deleted and unused FAQs flagged", async () => {
    const { rows } = await agent.insights.faqPerformance(range);
    const byId = new Map(rows.map((r) => [r.faqId, r]));
    expect(byId.get(FAQS.sizes)).toMatchObject({
      cited: 2,
      faqOnly: 1,
      thumbsUp: 0,
      thumbsDown: 0,
      handoffsAfter: 0,
      unused: false,
    });
    expect(byId.get(FAQS.shipping)).toMatchObject({ cited: 1, faqOnly: 0, thumbsUp: 1, unused: false });
    expect(byId.get(FAQS.returns)).toMatchObject({ cited: 1, thumbsDown: 1, handoffsAfter: 0 });
    expect(byId.get(FAQS.tents)).toMatchObject({ cited: 1, handoffsAfter: 1 });
    expect(byId.get(FAQS.paris)).toMatchObject({ question: null, deleted: true, cited: 1 });
    expect(byId.get(FAQS.unused)).toMatchObject({
      question: "Do you offer student discounts?",
      isActive: true,
      unused: true,
      cited: 0,
      faqOnly: 0,
    });
    // Six stored FAQs (one created from a group above, never used yet) plus the deleted one.
    expect(rows).toHaveLength(7);
  });
});

describe("cost", () => {
  it("tokens per business day priced by model, cost per resolved conversation, token-cap days", async () => {
    const c = await agent.insights.cost(range);
    // Mar 2: A 195 + B1 105 + E1 63 + F1 42 micro-dollars. Mar 3: B2 105 + C1 126 + D 2800 (gpt-4o) + F2 42 + F3 42 + J 76.5.
    expect(c.buckets).toEqual([
      {
        bucket: "2026-03-02",
        replies: 4,
        promptTokens: 2000,
        cachedTokens: 200,
        completionTokens: 200,
        costUsd: 0.000405,
      },
      {
        bucket: "2026-03-03",
        replies: 7,
        promptTokens: 3000,
        cachedTokens: 100,
        completionTokens: 300,
        costUsd: 0.0031915,
      },
    ]);
    expect(c.totals.costUsd).toBeCloseTo(0.0035965, 9);
    expect(c.botResolved).toBe(4);
    expect(c.costPerResolvedConversationUsd).toBe(0.000899125);
    expect(c.unpricedModels).toEqual(["mystery-model"]);
    expect(c.capHitDays).toEqual(["2026-03-03"]);
    expect(c.byModel.find((m) => m.model === "gpt-4o")).toMatchObject({ replies: 1, costUsd: 0.0028, priced: true });
  });

  it("an admin's price change applies to the next report", async () => {
    const { prices } = await agent.insights.config();
    expect(prices.find((p) => p.model === "gpt-4o-mini")).toEqual({
      model: "gpt-4o-mini",
      promptPerMillion: 0.15,
      cachedPerMillion: 0.075,
      completionPerMillion: 0.6,
    });
    await admin.insights.updateConfig({
      prices: [
        ...prices,
        { model: "mystery-model", promptPerMillion: 1, cachedPerMillion: 1, completionPerMillion: 1 },
      ],
    });
    const c = await agent.insights.cost(range);
    expect(c.unpricedModels).toEqual([]);
    expect(c.buckets[1]!.costUsd).toBeCloseTo(0.0031915 + 0.00033, 9);
    await admin.insights.updateConfig({ prices });
  });
});

describe("CSV export and access", () => {
  it("exports each table as CSV with a header and one row per line of the page", async () => {
    const csv = await agent.insights.exportCsv({ table: "resolution", range });
    expect(csv.content.split("\r\n")[0]).toBe(
      "day,conversations,resolved by bot,handed to a person,median first human reply (s),thumbs up,thumbs down",
    );
    expect(csv.content.split("\r\n")[2]).toBe("2026-03-03,7,2,1,600,0,1");
    expect(csv.rows).toBe(2);
    for (const table of ["ratings", "unanswered", "faqPerformance", "cost"] as const) {
      const out = await agent.insights.exportCsv({ table, range });
      expect(out.rows).toBeGreaterThan(0);
      expect(out.filename).toBe(`insights-${table}-2026-03-02-to-2026-03-03.csv`);
    }
  });

  it("API tokens need insights:read; agents can't change settings; bad input is a 400", async () => {
    const reader = callerFor(db, { headers: bearer(await makeApiToken(db, ["insights:read"])) });
    expect((await reader.insights.resolution(range)).totals.conversations).toBe(11);
    const faqOnly = callerFor(db, { headers: bearer(await makeApiToken(db, ["faq:read"])) });
    await expect(faqOnly.insights.resolution(range)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(db).insights.cost(range)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(agent.insights.updateConfig({ timeZone: "UTC" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.insights.updateConfig({ timeZone: "Mars/Olympus" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(agent.insights.resolution({ from: "2026-03-05", to: "2026-03-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(agent.insights.resolution({ from: "2026-02-30", to: "2026-03-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(agent.insights.resolution({ from: "2024-01-01", to: "2026-03-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
