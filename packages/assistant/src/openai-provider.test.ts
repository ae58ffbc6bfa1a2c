import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { FAKE_NOT_COVERED_REPLY } from "../../../tests/fakes/openai-server.ts";
import { LlmError } from "./llm-error.ts";
import { createOpenAiProvider } from "./openai-provider.ts";
import { useFakeOpenAi } from "./test-fixtures.ts";
import type { ChatMessageParam, LlmStreamEvent } from "./types.ts";

const fakeServer = useFakeOpenAi();

const system = `You are a bot.\n\n[BUSINESS FAQS]\n[FAQ r1]\nQ: How do refunds work?\nA: Within 14 days.\n\n[FAQ s1]\nQ: Do you ship abroad?\nA: EU only.\n[/BUSINESS FAQS]`;
const messages = (text: string): ChatMessageParam[] => [
  { role: "system", content: system },
  { role: "user", content: text },
];

async function streamAll(events: AsyncIterable<LlmStreamEvent>) {
  let text = "";
  const usages = [];
  for await (const e of events) {
    if (e.type === "delta") text += e.text;
    else usages.push(e.usage);
  }
  return { text, usages };
}

describe("createOpenAiProvider + fake OpenAI server", () => {
  it("streams the grounded reply and maps usage", async () => {
    const llm = createOpenAiProvider({ apiKey: "k", baseURL: fakeServer().url, model: "gpt-test" });
    const { text, usages } = await streamAll(
      llm.stream(messages("Do you ship to Spain?"), { signal: new AbortController().signal, maxCompletionTokens: 50 }),
    );
    expect(llm.model).toBe("gpt-test");
    expect(text).toBe("Happy to help with that. EU only. [FAQ s1]");
    expect(usages).toHaveLength(1);
    expect(usages[0]).toMatchObject({ cachedTokens: 0 });
    expect(usages[0]!.promptTokens).toBeGreaterThan(20);
    expect(fakeServer().requests[0]!.body).toMatchObject({
      model: "gpt-test",
      max_completion_tokens: 50,
      stream: true,
    });
    expect(fakeServer().usage.calls).toBe(1);
  });

  it("replies with the not-covered phrase and [HANDOFF] when no FAQ overlaps", async () => {
    const llm = createOpenAiProvider({ apiKey: "k", baseURL: fakeServer().url });
    const { text } = await streamAll(
      llm.stream(messages("Tell me a joke"), { signal: new AbortController().signal, maxCompletionTokens: 50 }),
    );
    expect(text).toBe(FAKE_NOT_COVERED_REPLY);
  });

  it("reports cached tokens for a repeated long system prefix, in 128-token blocks from 1024", async () => {
    const longSystem = `${system}\n${"Policy text that repeats. ".repeat(400)}`;
    const llm = createOpenAiProvider({ apiKey: "k", baseURL: fakeServer().url });
    const run = (user: string) =>
      streamAll(
        llm.stream(
          [
            { role: "system", content: longSystem },
            { role: "user", content: user },
          ],
          { signal: new AbortController().signal, maxCompletionTokens: 50 },
        ),
      );
    const first = await run("refunds?");
    const second = await run("shipping?");
    expect(first.usages[0]!.cachedTokens).toBe(0);
    expect(second.usages[0]!.cachedTokens).toBeGreaterThanOrEqual(1024);
    expect(second.usages[0]!.cachedTokens % 128).toBe(0);
    expect(second.usages[0]!.cachedTokens).toBeLessThanOrEqual(second.usages[0]!.promptTokens);
  });

  it("speaks OpenAI's SSE format: role chunk, content chunks, finish chunk, usage chunk, [DONE]", async () => {
    const res = await fetch(`${fakeServer().url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "m",
        stream: true,
        stream_options: { include_usage: true },
        messages: messages("refunds"),
      }),
    });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const events = (await res.text())
      .split("\n\n")
      .filter(Boolean)
      .map((e) => e.replace(/^data: /, ""));
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.every((c) => c.object === "chat.completion.chunk")).toBe(true);
    expect(chunks[0].choices[0].delta).toMatchObject({ role: "assistant", content: "" });
    expect(chunks.filter((c) => c.choices[0]?.delta?.content).length).toBeGreaterThan(2);
    expect(chunks.at(-2).choices[0].finish_reason).toBe("stop");
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens_details: { cached_tokens: 0 } } });
  });

  it("answers non-streaming requests and uses OpenAI-shaped errors", async () => {
    const client = new OpenAI({ apiKey: "k", baseURL: fakeServer().url, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: "m", messages: messages("refunds") });
    expect(completion.choices[0]!.message.content).toBe("Happy to help with that. Within 14 days. [FAQ r1]");
    expect(completion.usage!.total_tokens).toBeGreaterThan(0);

    fakeServer().setBehavior({ fail: 429 });
    const error = await client.chat.completions
      .create({ model: "m", messages: messages("x") })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).code).toBe("rate_limit_exceeded");
  });

  it("serves a whole reply in one chunk in instant mode", async () => {
    fakeServer().setBehavior({ instant: true, reply: "All at once." });
    const llm = createOpenAiProvider({ apiKey: "k", baseURL: fakeServer().url });
    const deltas: string[] = [];
    for await (const e of llm.stream(messages("x"), { signal: new AbortController().signal, maxCompletionTokens: 5 })) {
      if (e.type === "delta") deltas.push(e.text);
    }
    expect(deltas).toEqual(["All at once."]);
  });

  it("throws LlmError with a reason and tells the caller the SDK already retried", async () => {
    fakeServer().setBehavior({ fail: 429, retryAfterMs: 1 });
    const llm = createOpenAiProvider({ apiKey: "k", baseURL: fakeServer().url });
    const error = await streamAll(
      llm.stream(messages("x"), { signal: new AbortController().signal, maxCompletionTokens: 5 }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ reason: "rate_limited", retryable: false, status: 429 });
    expect(fakeServer().requests).toHaveLength(2);

    fakeServer().setBehavior({ cutAfterChunks: 3 });
    const cut = await streamAll(
      llm.stream(messages("refunds"), { signal: new AbortController().signal, maxCompletionTokens: 5 }),
    ).catch((e: unknown) => e);
    expect(cut).toMatchObject({ reason: "stream_interrupted", retryable: true });
  });
});
