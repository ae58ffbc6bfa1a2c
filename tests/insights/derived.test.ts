// The derived tables the reports read (InsightsConversation, InsightsUsageSlot, InsightsFaqSlot)
// against the definitions over the stored messages: on the hand-computed history plus a seeded one,
// in time zones whose days start on the hour, half hour and quarter hour, and after the changes a
// running support desk makes (thumbs, hand-offs, tickets, ratings, deleted conversations).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedConversationHistory } from "@support/db";
import {
  costAndResolvedReport,
  faqPerformance,
  resolutionReport,
  unansweredGroups,
  type InsightsRange,
} from "../../packages/api/src/domain/insights/index.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { seedHistory } from "./history.ts";

let db: TestDatabase;
const END = new Date("2026-03-12T10:07:00Z");
const ZONES = ["UTC", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu"];
const RANGES: InsightsRange[] = [
  { from: "2026-03-01", to: "2026-03-12", grouping: "day" },
  { from: "2026-02-20", to: "2026-03-13", grouping: "week" },
  { from: "2026-03-03", to: "2026-03-03", grouping: "day" },
];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedHistory(db);
  // 1,500 conversations over the 12 days before END: hand-offs, misses, thumbs, FAQ-only answers.
  await seedConversationHistory(db.prisma, { conversations: 1500, days: 12, endAt: END, batch: 500 });
});
afterAll(async () => db?.drop());

/** Every report both ways, for every zone and range: the derived tables must give the same figures. */
async function expectDerivedEqualsSource() {
  let compared = 0;
  for (const timeZone of ZONES) {
    for (const range of RANGES) {
      const [derived, source] = await Promise.all([
        Promise.all([
          resolutionReport(db.sql, range, timeZone),
          costAndResolvedReport(db.sql, range, timeZone),
          faqPerformance(db.sql, range, timeZone),
          unansweredGroups(db.sql, range, timeZone),
        ]),
        Promise.all([
          resolutionReport(db.sql, range, timeZone, { fromSource: true }),
          costAndResolvedReport(db.sql, range, timeZone, { fromSource: true }),
          faqPerformance(db.sql, range, timeZone, { fromSource: true }),
          unansweredGroups(db.sql, range, timeZone, { fromSource: true }),
        ]),
      ]);
      expect(derived, `${timeZone} ${range.from}..${range.to} by ${range.grouping}`).toEqual(source);
      compared += 1;
    }
  }
  return compared;
}

describe("derived tables", () => {
  it("give the same reports as the stored messages for the seeded history", async () => {
    const r = await resolutionReport(db.sql, RANGES[0]!, "UTC");
    // Not a vacuous comparison: the seeded history has every kind of conversation in range.
    expect(r.totals.conversations).toBeGreaterThan(1000);
    expect(r.totals.handedOff).toBeGreaterThan(50);
    expect(r.totals.botResolved).toBeGreaterThan(500);
    const { groups } = await unansweredGroups(db.sql, RANGES[0]!, "UTC");
    expect(groups.reduce((n, g) => n + g.reasons.handoff, 0)).toBeGreaterThan(50);
    expect(await expectDerivedEqualsSource()).toBe(ZONES.length * RANGES.length);
  });

  it("stay equal after thumbs, hand-offs, tickets, ratings and deletions", async () => {
    const sessions = await db.sql.query<{ id: string }>(
      `SELECT s.id FROM "Session" s WHERE s."createdAt" >= '2026-03-05' AND s."handoffAt" IS NULL
         AND EXISTS (SELECT 1 FROM "Message" m WHERE m."sessionId" = s.id AND cardinality(m.sources) > 0) ORDER BY s.id LIMIT 6`,
    );
    expect(sessions).toHaveLength(6);
    const [a, b, c, d, e, f] = sessions.map((s) => s.id) as [string, string, string, string, string, string];
    // A thumbs-down on the last reply of a resolved conversation.
    await db.sql.query(
      `UPDATE "Message" SET feedback = 'down' WHERE id = (SELECT id FROM "Message" WHERE "sessionId" = $1 AND role = 'assistant' ORDER BY seq DESC LIMIT 1)`,
      [a],
    );
    // A later hand-off with a staff reply (changes "hand-offs after" of the FAQs it cited).
    const [last] = await db.sql.query<{ at: Date }>(
      `SELECT max("createdAt") AS at FROM "Message" WHERE "sessionId" = $1`,
      [b],
    );
    const handoffAt = new Date(last!.at.getTime() + 60_000);
    await db.sql.query(`UPDATE "Session" SET "handoffAt" = $2, status = 'handoff' WHERE id = $1`, [b, handoffAt]);
    await db.prisma.message.create({
      data: {
        sessionId: b,
        role: "agent",
        content: "On it.",
        authorName: "Bob",
        createdAt: new Date(handoffAt.getTime() + 90_000),
      },
    });
    // A ticket, resolved and rated 4; another conversation's ticket rated 2, then re-rated 5.
    await db.prisma.ticket.create({
      data: {
        sessionId: c,
        issueSummary: "x",
        conversationSnapshot: [],
        status: "resolved",
        rating: 4,
        createdAt: handoffAt,
      },
    });
    const t = await db.prisma.ticket.create({
      data: { sessionId: d, issueSummary: "y", conversationSnapshot: [], rating: 2, createdAt: handoffAt },
    });
    await db.prisma.ticket.update({ where: { id: t.id }, data: { rating: 5, ratingComment: "Quick!" } });
    // The customer comes back a day later about the same thing.
    const [first] = await db.sql.query<{ content: string; at: Date }>(
      `SELECT content, "createdAt" AS at FROM "Message" WHERE "sessionId" = $1 AND role = 'user' ORDER BY seq DESC LIMIT 1`,
      [e],
    );
    await db.prisma.message.create({
      data: {
        sessionId: e,
        role: "user",
        content: `${first!.content} again`,
        createdAt: new Date(first!.at.getTime() + 3 * 3_600_000),
      },
    });
    // A reply's tokens corrected, and a whole conversation deleted.
    await db.sql.query(
      `UPDATE "Message" SET "promptTokens" = "promptTokens" + 1000, model = 'gpt-4o' WHERE "sessionId" = $1 AND role = 'assistant'`,
      [f],
    );
    await db.prisma.session.delete({ where: { id: a } });

    const ratings = (await resolutionReport(db.sql, RANGES[0]!, "UTC")).ratings.totals;
    // Two new ratings, and the 4 of the hand-computed history's ticket.
    expect(ratings).toEqual({ count: 3, average: 4.33, distribution: [0, 0, 0, 2, 1] });
    await expectDerivedEqualsSource();
  });
});
