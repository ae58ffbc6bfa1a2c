// A model that answers at once, in-process: benchmarks measure the server's own cost per turn.
import type { ChatMessageParam, LlmProvider } from "@support/assistant";

export function createInstantLlm(): LlmProvider {
  return {
    model: "instant",
    async *stream(messages: ChatMessageParam[]) {
      const system = messages[0]?.content ?? "";
      const id = /\[FAQ ([0-9a-f-]{36})\]/.exec(system)?.[1];
      yield { type: "delta" as const, text: `Here is what our FAQ says about that.${id ? ` [FAQ ${id}]` : ""}` };
      yield { type: "usage" as const, usage: { promptTokens: 900, completionTokens: 12, cachedTokens: 0 } };
    },
  };
}
