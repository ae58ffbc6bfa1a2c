// Unanswered questions grouped by meaning when an embeddings model is configured (the fake OpenAI
// server's /v1/embeddings gives "parcel", "delivery" and "arrive" one meaning): two rewordings with
// no word in common become one group. Without embeddings, or when the server fails, the grouping is
// by words and the report says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createContextInner } from "@support/api";
import { startFakeOpenAi, type FakeOpenAi } from "../fakes/openai-server.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { RELAXED_LIMITS } from "../harness/limits.ts";
import { bearer, makeApiToken } from "../console/helpers.ts";

let db: TestDatabase;
let fake: FakeOpenAi;
let token: string;
const range = { from: "2026-03-02", to: "2026-03-03", grouping: "day" as const };

/** A customer question the bot said it couldn't answer. */
async function dontKnow(at: string, question: string) {
  const session = await db.prisma.session.create({ data: { tokenHash: `${at}:${question}`, createdAt: new Date(at) } });
  const q = await db.prisma.message.create({
    data: { sessionId: session.id, role: "user", content: question, createdAt: new Date(at) },
  });
  await db.prisma.message.create({
    data: {
      sessionId: session.id,
      role: "assistant",
      content: "Sorry, I don't know that. Would you like to talk to a person?",
      replyToId: q.id,
      mode: "llm",
      handoffSuggested: true,
      createdAt: new Date(new Date(at).getTime() + 3000),
    },
  });
}

function reader(embeddingsModel: string | null) {
  const ctx = createContextInner({
    db,
    config: {
      rateLimits: RELAXED_LIMITS,
      embeddings: embeddingsModel ? { model: embeddingsModel, baseURL: fake.url, apiKey: "sk-test" } : null,
    },
    req: { ip: "203.0.113.7", headers: bearer(token) },
  });
  return createCaller(ctx);
}

beforeAll(async () => {
  fake = await startFakeOpenAi();
  db = await createTestDatabase();
  token = await makeApiToken(db, ["insights:read"]);
  await dontKnow("2026-03-02T10:00:00Z", "Where is my parcel?");
  await dontKnow("2026-03-02T11:00:00Z", "Where is my parcel?");
  await dontKnow("2026-03-03T09:00:00Z", "When will the delivery arrive?");
  await dontKnow("2026-03-03T12:00:00Z", "Can I pay with bitcoin?");
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

const summary = (groups: Array<{ count: number; examples: string[] }>) =>
  groups.map((g) => ({ count: g.count, examples: g.examples }));

describe("grouping unanswered questions", () => {
  it("without embeddings: by words, so rewordings without a shared word stay apart", async () => {
    const report = await reader(null).insights.unanswered(range);
    expect(report.groupedBy).toBe("words");
    expect(summary(report.groups)).toEqual([
      { count: 2, examples: ["Where is my parcel?"] },
      { count: 1, examples: ["Can I pay with bitcoin?"] },
      { count: 1, examples: ["When will the delivery arrive?"] },
    ]);
  });

  it("with embeddings: rewordings that mean the same are one group; other questions stay apart", async () => {
    const before = fake.embeddingRequests.length;
    const report = await reader("fake-embedding-1").insights.unanswered(range);
    expect(report.groupedBy).toBe("meaning");
    expect(summary(report.groups)).toEqual([
      { count: 3, examples: ["When will the delivery arrive?", "Where is my parcel?"] },
      { count: 1, examples: ["Can I pay with bitcoin?"] },
    ]);
    // One request for the three distinct wordings; a reload asks for nothing new.
    expect(fake.embeddingRequests.length - before).toBe(1);
    await reader("fake-embedding-1").insights.unanswered(range);
    expect(fake.embeddingRequests.length - before).toBe(1);
    // The CSV export groups the same way.
    const csv = await reader("fake-embedding-1").insights.exportCsv({ table: "unanswered", range });
    expect(csv.rows).toBe(2);
  });

  it("a failing embeddings server: the report still answers, grouped by words, and says so", async () => {
    fake.setEmbeddingsFailure(503);
    try {
      const report = await reader("fake-embedding-2").insights.unanswered(range);
      expect(report.groupedBy).toBe("words");
      expect(report.groups).toHaveLength(3);
    } finally {
      fake.setEmbeddingsFailure(null);
    }
  });
});
