// "Try the bot" (assistant.preview) runs the turn a customer would get: against the fake OpenAI
// server through the real SDK, the reply is the model's, the model sees the same system prompt as
// in a real conversation, the tokens count against the daily cap, and nothing is stored as a
// conversation. Without a model, over the cap or when the model fails, the reply is FAQ-only and
// says why.
import { randomUUID } from "node:crypto";
import { createSupportClient, type SupportClient } from "@support/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { callerFor, makeApiToken } from "./helpers.ts";

let server: TestServer;
let script: SupportClient;

beforeAll(async () => {
  server = await startTestServer({ llm: "fake" });
  script = createSupportClient({ url: server.url, token: await makeApiToken(server.db, ["assistant:preview"]) });
});
afterAll(async () => server?.close());

const QUESTION = "How long does shipping take?";

async function stored() {
  const [sessions, messages] = await Promise.all([server.db.prisma.session.count(), server.db.prisma.message.count()]);
  return { sessions, messages };
}

async function usedToday() {
  const rows = await server.db.prisma.dailyUsage.findMany();
  return rows.reduce((n, r) => n + r.promptTokens + r.completionTokens, 0);
}

describe("assistant.preview: the reply a customer would get", () => {
  it("is the model's reply, from the same system prompt as a real turn, counted against the cap, with no conversation stored", async () => {
    const openai = server.openai!;
    const before = await stored();
    const tokensBefore = await usedToday();
    openai.setBehavior({ reply: "Orders ship within 2 business days (this text comes from the model)." });
    const out = await script.assistant.preview.query({ question: QUESTION });
    expect(out.reply).toMatchObject({
      mode: "llm",
      fallbackReason: null,
      content: "Orders ship within 2 business days (this text comes from the model).",
    });
    expect(out.reply.model).toBeTruthy();
    expect(await stored()).toEqual(before);
    const previewRequest = openai.requests.at(-1)!.body as { messages: Array<{ role: string; content: string }> };
    expect(previewRequest.messages.at(-1)).toMatchObject({ role: "user", content: QUESTION });
    expect(await usedToday()).toBe(tokensBefore + out.reply.usage!.promptTokens + out.reply.usage!.completionTokens);
    expect(out.reply.usage!.completionTokens).toBeGreaterThan(0);

    // The same question in a real (first) customer turn sends the model the same system prompt.
    const customer = createSupportClient({ url: server.url });
    const { sessionToken } = await customer.chat.start.mutate();
    for await (const _ of await customer.chat.send.mutate({
      sessionToken,
      clientMessageId: randomUUID(),
      text: QUESTION,
    }))
      void _;
    const turnRequest = openai.requests.at(-1)!.body as { messages: Array<{ role: string; content: string }> };
    expect(turnRequest.messages[0]!.role).toBe("system");
    expect(previewRequest.messages[0]).toEqual(turnRequest.messages[0]);
    openai.setBehavior({});
  });

  it("is the FAQ-only answer, labelled with why, over the daily cap, when the model fails, and without a model", async () => {
    const openai = server.openai!;
    await server.db.prisma.settings.update({ where: { id: 1 }, data: { dailyTokenCap: 0 } });
    const calls = openai.requests.length;
    const capped = await script.assistant.preview.query({ question: QUESTION });
    expect(capped.reply).toMatchObject({
      mode: "faq-only",
      fallbackReason: "daily_token_cap",
      model: null,
      content: capped.faqOnly.content,
    });
    expect(openai.requests.length).toBe(calls);
    await server.db.prisma.settings.update({ where: { id: 1 }, data: { dailyTokenCap: 2_000_000 } });

    openai.setBehavior({ fail: 500 });
    const failed = await script.assistant.preview.query({ question: QUESTION });
    expect(failed.reply).toMatchObject({
      mode: "faq-only",
      fallbackReason: "model_error",
      content: failed.faqOnly.content,
    });
    openai.setBehavior({});
    // No reservation is left behind by the failed call.
    expect((await server.db.prisma.dailyUsage.findMany()).every((r) => r.reservedTokens === 0)).toBe(true);

    // A server without a model (the API context's default).
    const noModel = callerFor(server.db, {
      headers: {
        authorization: `Bearer ${await makeApiToken(server.db, ["assistant:preview"])}`,
        "content-type": "application/json",
      },
    });
    const plain = await noModel.assistant.preview({ question: QUESTION });
    expect(plain.reply).toMatchObject({
      mode: "faq-only",
      fallbackReason: "no_api_key",
      content: plain.faqOnly.content,
    });
  });

  it("offers a person, as a real turn does, when the question asks for one", async () => {
    const out = await script.assistant.preview.query({ question: "Can I talk to a human please?" });
    expect(out.reply).toMatchObject({ mode: "offer", handoffSuggested: true });
  });
});
