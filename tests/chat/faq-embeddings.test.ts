// FAQ ranking with an embeddings model configured (the fake OpenAI server's /v1/embeddings, which
// gives words of one meaning the same dimension): FAQ vectors are stored in the background, a
// message is embedded once per turn, and the prompt gets the FAQ that means what the customer
// asked even without a word in common. A failing endpoint leaves the ranking lexical.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FAQS } from "@support/db";
import { startFakeOpenAi, type FakeOpenAi } from "../fakes/openai-server.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { newCustomer, send } from "./chat-client.ts";

const GIFT_CARDS = DEMO_FAQS.find((f) => f.question === "Do you sell gift cards?")!;
const MESSAGE = "Could I buy a voucher as a present?";

let embeddings: FakeOpenAi;
let db: TestDatabase;
beforeAll(async () => {
  embeddings = await startFakeOpenAi();
  db = await createTestDatabase();
});
afterAll(async () => {
  await embeddings?.close();
  await db?.drop();
});

async function serverWith(model: string): Promise<TestServer> {
  const server = await startTestServer({
    db,
    api: { embeddings: { model, baseURL: embeddings.url, apiKey: "sk-test" } },
  });
  // Only 2 FAQs fit, so the prompt holds the best ranked ones, not all 10 demo FAQs.
  await db.prisma.settings.update({ where: { id: 1 }, data: { faqHardCap: 2 } });
  return server;
}

const embeddedWith = async () => await db.prisma.faq.findMany({ select: { embeddingKey: true, embedding: true } });
const promptOf = (server: TestServer) => server.openai!.requests.at(-1)!.body.messages[0].content as string;

describe("embeddings configured", () => {
  it("stores FAQ vectors in the background, embeds each message once, and ranks by meaning", async () => {
    const server = await serverWith("fake-embedding-1");
    try {
      const c = await newCustomer(server.url);
      // The first turn finds no vectors yet: it answers lexically and starts the backfill.
      await send(c, "Is shipping free?");
      await expect
        .poll(async () => (await embeddedWith()).every((f) => f.embeddingKey && f.embedding.length === 64))
        .toBe(true);

      const before = embeddings.embeddingRequests.length;
      await send(c, MESSAGE);
      const asked = embeddings.embeddingRequests
        .slice(before)
        .filter((r) => JSON.stringify(r.body.input).includes("voucher"));
      expect(asked).toHaveLength(1);
      expect(promptOf(server)).toContain(`[FAQ ${GIFT_CARDS.id}]`);
    } finally {
      await server.close();
    }
  });

  it("a failing embeddings endpoint leaves the ranking lexical and the turn answers with the model", async () => {
    const server = await serverWith("fake-embedding-1");
    embeddings.setEmbeddingsFailure(503);
    try {
      const c = await newCustomer(server.url);
      const { done } = await send(c, MESSAGE);
      expect(done!.mode).toBe("llm");
      expect(promptOf(server)).not.toContain(`[FAQ ${GIFT_CARDS.id}]`);
      const refunds = await send(c, "How long do refunds take?");
      expect(refunds.done!.mode).toBe("llm");
      expect(promptOf(server)).toContain("[FAQ 00000000-0000-4000-8000-000000000009]");
    } finally {
      embeddings.setEmbeddingsFailure(null);
      await server.close();
    }
  });

  it("a change of embeddings model re-embeds every FAQ", async () => {
    const keys = new Set((await embeddedWith()).map((f) => f.embeddingKey));
    expect(keys.has(null)).toBe(false);
    const server = await serverWith("fake-embedding-2");
    try {
      const c = await newCustomer(server.url);
      await send(c, "Is shipping free?");
      await expect
        .poll(async () => (await embeddedWith()).every((f) => f.embeddingKey !== null && !keys.has(f.embeddingKey)))
        .toBe(true);
      await send(c, MESSAGE);
      expect(promptOf(server)).toContain(`[FAQ ${GIFT_CARDS.id}]`);
    } finally {
      await server.close();
    }
  });
});
