import { describe, expect, it } from "vitest";
import { DEFAULT_ASSISTANT_SETTINGS } from "./default-settings.ts";
import { FAQ_ONLY_NOT_COVERED, faqOnlyReply } from "./faq-only-answer.ts";
import { createInMemoryFaqSource } from "./in-memory-faq-source.ts";
import { createOpenAiProvider } from "./openai-provider.ts";
import { runTurn } from "./run-turn.ts";
import { SHOP_FAQS, shopFaqSource, useFakeOpenAi } from "./test-fixtures.ts";
import type { AssistantSettings, StoredMessage, TurnEvent, TurnResult } from "./types.ts";

const settings: AssistantSettings = { ...DEFAULT_ASSISTANT_SETTINGS, businessName: "Acme", persona: "Warm and brief." };

const fakeServer = useFakeOpenAi();

function provider(opts: { timeoutMs?: number } = {}) {
  return createOpenAiProvider({ apiKey: "test-key", baseURL: fakeServer().url, ...opts });
}

async function collect(
  events: AsyncIterable<TurnEvent>,
): Promise<{ deltas: string[]; result: TurnResult; order: string[] }> {
  const deltas: string[] = [];
  const order: string[] = [];
  let result: TurnResult | undefined;
  for await (const event of events) {
    order.push(event.type);
    if (event.type === "delta") deltas.push(event.text);
    else result = event.result;
  }
  if (!result) throw new Error("turn ended without a done event");
  return { deltas, result, order };
}

function turn(text: string, extra: Partial<Parameters<typeof runTurn>[0]> = {}) {
  return collect(runTurn({ text, history: [], settings, faqs: shopFaqSource, llm: provider(), ...extra }));
}

describe("runTurn with the OpenAI SDK against the fake server", () => {
  it("sends exactly [system with FAQ block] + capped alternating history + the new message", async () => {
    const history: StoredMessage[] = [];
    for (let i = 0; i < 20; i++) {
      history.push({ role: "user", content: `question ${i}` });
      history.push(
        i === 19
          ? { role: "agent", content: "Dana here.", authorName: "Dana" }
          : { role: "assistant", content: `answer ${i}` },
      );
    }
    history.push({ role: "system", content: "Agent joined" });
    const { result } = await turn("How do refunds work?", { history });

    expect(fakeServer().requests).toHaveLength(1);
    const body = fakeServer().requests[0]!.body;
    expect(body).toMatchObject({
      model: "gpt-4o-mini",
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 600,
    });
    expect(fakeServer().requests[0]!.headers.authorization).toBe("Bearer test-key");
    expect(body.messages).toEqual(result.promptMessages);

    const [system, ...rest] = result.promptMessages;
    expect(system!.role).toBe("system");
    expect(system!.content).toContain("[BUSINESS FAQS]\n[FAQ refunds]\nQ: How do refunds work?");
    expect(result.selectedFaqIds).toEqual(["refunds", "shipping", "password", "hours"]);
    // 15 stored messages: a leading assistant turn is dropped, leaving 14, then the new message.
    expect(rest).toHaveLength(15);
    rest.forEach((m, i) => expect(m.role).toBe(i % 2 === 0 ? "user" : "assistant"));
    expect(rest.at(-2)).toEqual({ role: "assistant", name: "staff", content: "[Staff: Dana] Dana here." });
    expect(rest.at(-1)).toEqual({ role: "user", content: "How do refunds work?" });
    expect(rest[0]).toEqual({ role: "user", content: "question 13" });
  });

  it("streams deltas, then one done with the cited FAQ, usage and model", async () => {
    const { deltas, result, order } = await turn("how do refunds work?");
    expect(order.at(-1)).toBe("done");
    expect(order.filter((t) => t === "done")).toHaveLength(1);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe(result.content);
    expect(result).toMatchObject({
      content: "Happy to help with that. We refund within 14 days of receiving the item.",
      mode: "llm",
      fallbackReason: null,
      handoffSuggested: false,
      model: "gpt-4o-mini",
    });
    expect(result.sources.map((f) => f.id)).toEqual(["refunds"]);
    expect(result.usage!.promptTokens).toBeGreaterThan(100);
    expect(result.usage!.completionTokens).toBeGreaterThan(5);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("keeps the system prompt byte-identical across turns, so the provider's prompt cache hits", async () => {
    // Enough FAQ text for a >1024-token prefix (OpenAI's caching minimum), still inside the budget.
    const bigFaqs = Array.from({ length: 30 }, (_, i) => ({
      id: `f${i}`,
      question: `Topic ${i}: how does policy number ${i} work?`,
      answer: `Policy ${i} says customers may do thing ${i} within ${i + 3} days, subject to the usual conditions of item ${i}.`,
      category: "general",
    }));
    const bigSource = createInMemoryFaqSource(bigFaqs);
    const first = await turn("how does policy 3 work?", { faqs: bigSource });
    const second = await turn("and policy 7?", {
      faqs: bigSource,
      history: [
        { role: "user", content: "how does policy 3 work?" },
        { role: "assistant", content: first.result.content },
      ],
    });
    const [s1, s2] = fakeServer().requests.map((r) => r.body.messages[0].content as string);
    expect(s2).toBe(s1);
    expect(first.result.promptMessages[0]).toEqual(second.result.promptMessages[0]);
    expect(first.result.usage!.promptTokens).toBeGreaterThan(1024);
    expect(second.result.usage!.cachedTokens).toBeGreaterThanOrEqual(1024);
    expect(second.result.usage!.cachedTokens % 128).toBe(0);
  });

  it("drops cited ids that were not in the prompt and strips every marker", async () => {
    fakeServer().setBehavior({ reply: "Refunds take 14 days [FAQ refunds] [FAQ ghost-99]. Anything else?" });
    const { deltas, result } = await turn("refund?");
    expect(result.content).toBe("Refunds take 14 days. Anything else?");
    expect(deltas.join("")).toBe(result.content);
    expect(result.sources.map((f) => f.id)).toEqual(["refunds"]);
  });

  it("suggests a handoff when the model uses the [HANDOFF] marker", async () => {
    const { result } = await turn("Can I pay with bitcoin?");
    expect(result.mode).toBe("llm");
    expect(result.handoffSuggested).toBe(true);
    expect(result.content).not.toContain("[HANDOFF]");
    expect(result.sources).toEqual([]);
  });
});

describe("runTurn fallbacks (FAQ-only)", () => {
  it("answers from FAQs without calling anything when there is no API key", async () => {
    const { deltas, result } = await turn("how do refunds work", { llm: null });
    expect(fakeServer().requests).toHaveLength(0);
    expect(deltas).toEqual([result.content]);
    expect(result).toMatchObject({
      mode: "faq-only",
      fallbackReason: "no_api_key",
      model: null,
      usage: null,
      handoffSuggested: false,
    });
    expect(result.content).toBe(faqOnlyReply(SHOP_FAQS[0]!));
    expect(result.sources.map((f) => f.id)).toEqual(["refunds"]);
    expect(result.promptMessages).toHaveLength(2);
  });

  it("offers a human in FAQ-only mode when no FAQ matches", async () => {
    const { result } = await turn("what's the weather like in Paris", { llm: null });
    expect(result).toMatchObject({ content: FAQ_ONLY_NOT_COVERED, sources: [], handoffSuggested: true });
  });

  it("falls back with rate_limited after a 429 and the SDK's single retry", async () => {
    fakeServer().setBehavior({ fail: 429, retryAfterMs: 1 });
    const { deltas, result } = await turn("how do refunds work");
    expect(fakeServer().requests).toHaveLength(2);
    expect(result).toMatchObject({ mode: "faq-only", fallbackReason: "rate_limited" });
    expect(deltas).toEqual([result.content]);
    expect(result.content).not.toMatch(/rate limit/i);
  });

  it("recovers from one 500 with one retry", async () => {
    fakeServer().setBehavior({ fail: 500, times: 1, retryAfterMs: 1 });
    const { result } = await turn("how do refunds work");
    expect(fakeServer().requests).toHaveLength(2);
    expect(result).toMatchObject({ mode: "llm", fallbackReason: null });
  });

  it("falls back with model_error after two 500s, never exposing the error text", async () => {
    fakeServer().setBehavior({ fail: 500, retryAfterMs: 1 });
    const logs: Array<{ level: string; msg: string }> = [];
    const { result } = await turn("how do refunds work", { log: (level, msg) => logs.push({ level, msg }) });
    expect(fakeServer().requests).toHaveLength(2);
    expect(result).toMatchObject({ mode: "faq-only", fallbackReason: "model_error", model: null });
    expect(result.content).not.toMatch(/server had an error/);
    expect(logs.some((l) => l.level === "warn")).toBe(true);
  });

  it("gives up at the turn deadline when the model hangs", async () => {
    fakeServer().setBehavior({ hangMs: 10_000 });
    const started = Date.now();
    const { result } = await turn("how do refunds work", { deadlineMs: 300 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result).toMatchObject({ mode: "faq-only", fallbackReason: "timeout" });
    expect(fakeServer().requests).toHaveLength(1);
  });

  it("replaces a half-streamed answer when the stream is cut mid-way, without retrying", async () => {
    fakeServer().setBehavior({ cutAfterChunks: 5 });
    const { deltas, result, order } = await turn("how do refunds work");
    expect(fakeServer().requests).toHaveLength(1);
    // Partial model text was streamed; no fallback delta is appended to it.
    expect(deltas.join("")).toBe("Happy to help with");
    expect(order.at(-1)).toBe("done");
    expect(result).toMatchObject({ mode: "faq-only", fallbackReason: "stream_interrupted" });
    expect(result.content).toBe(faqOnlyReply(SHOP_FAQS[0]!));
  });

  it("retries once when the stream is cut before any text arrived", async () => {
    fakeServer().setBehavior({ cutAfterChunks: 1, times: 1 });
    const { deltas, result } = await turn("how do refunds work");
    expect(fakeServer().requests).toHaveLength(2);
    expect(result.mode).toBe("llm");
    expect(deltas.join("")).toBe(result.content);
  });

  it("falls back with empty_answer when the model says nothing visible", async () => {
    fakeServer().setBehavior({ reply: "  [HANDOFF] " });
    const { deltas, result } = await turn("how do refunds work");
    expect(result).toMatchObject({ mode: "faq-only", fallbackReason: "empty_answer" });
    expect(deltas).toEqual([result.content]);
  });

  it("aborts the model request when the consumer stops listening", async () => {
    fakeServer().setBehavior({ delayMsPerChunk: 30 });
    const callsBefore = fakeServer().usage.calls;
    const generator = runTurn({
      text: "how do refunds work",
      history: [],
      settings,
      faqs: shopFaqSource,
      llm: provider(),
    });
    const first = await generator.next();
    expect(first.value).toMatchObject({ type: "delta" });
    await generator.return(undefined);
    // The fake sees the connection closed before the reply's end (which takes ~500 ms), and counts no call.
    expect(await fakeServer().requests.at(-1)!.finished).toEqual({ complete: false });
    expect(fakeServer().usage.calls).toBe(callsBefore);
  });
});
