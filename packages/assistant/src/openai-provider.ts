// The model port implemented with the official OpenAI SDK (also any OpenAI-compatible server via baseURL).
import OpenAI from "openai";
import { LlmError } from "./llm-error.ts";
import type { ChatMessageParam, LlmProvider, LlmStreamEvent } from "./types.ts";

export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
// The SDK defaults (2 retries, 10-minute timeout) are far longer than a customer waits for a reply.
export const DEFAULT_OPENAI_TIMEOUT_MS = 20_000;
export const DEFAULT_OPENAI_MAX_RETRIES = 1;

function describeSdkError(error: unknown, sdkRetried: boolean): LlmError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof OpenAI.APIUserAbortError)
    return new LlmError("aborted", message, { retryable: false, cause: error });
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new LlmError("timeout", message, { retryable: !sdkRetried, cause: error });
  }
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const status = error.status;
    const transient = status === 408 || status === 409 || status === 429 || status >= 500;
    const reason = status === 429 ? "rate_limited" : status === 408 ? "timeout" : "model_error";
    return new LlmError(reason, message, { retryable: transient && !sdkRetried, status, cause: error });
  }
  return new LlmError("model_error", message, { retryable: !sdkRetried, cause: error });
}

export function createOpenAiProvider(opts: {
  apiKey: string;
  baseURL?: string;
  model?: string;
  timeoutMs?: number;
  maxRetries?: number;
}): LlmProvider {
  const model = opts.model ?? DEFAULT_OPENAI_MODEL;
  const timeout = opts.timeoutMs ?? DEFAULT_OPENAI_TIMEOUT_MS;
  const maxRetries = opts.maxRetries ?? DEFAULT_OPENAI_MAX_RETRIES;
  const client = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseURL, timeout, maxRetries });

  return {
    model,
    async *stream(messages: ChatMessageParam[], { signal, maxCompletionTokens }): AsyncGenerator<LlmStreamEvent> {
      let stream;
      try {
        stream = await client.chat.completions.create(
          {
            model,
            messages,
            stream: true,
            stream_options: { include_usage: true },
            max_completion_tokens: maxCompletionTokens,
          },
          { signal, timeout, maxRetries },
        );
      } catch (error) {
        // The SDK has already retried HTTP-level failures, so the caller should not retry them again.
        throw describeSdkError(error, maxRetries > 0);
      }

      let finishReason: string | null = null;
      try {
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          const text = choice?.delta?.content;
          if (text) yield { type: "delta", text };
          if (choice?.finish_reason) finishReason = choice.finish_reason;
          if (chunk.usage) {
            yield {
              type: "usage",
              usage: {
                promptTokens: chunk.usage.prompt_tokens,
                completionTokens: chunk.usage.completion_tokens,
                cachedTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0,
              },
            };
          }
        }
      } catch (error) {
        // The answer is complete once finish_reason arrived; only the usage chunk was lost.
        if (finishReason !== null && !signal.aborted) return;
        if (signal.aborted) throw describeSdkError(new OpenAI.APIUserAbortError(), maxRetries > 0);
        // An `error` event inside the stream: the SDK did not retry it.
        if (error instanceof OpenAI.APIError && !(error instanceof OpenAI.APIConnectionError)) {
          throw describeSdkError(error, false);
        }
        const message = error instanceof Error ? error.message : String(error);
        throw new LlmError("stream_interrupted", message, { retryable: true, cause: error });
      }
      if (finishReason === null) {
        throw new LlmError("stream_interrupted", "stream ended without a finish_reason", { retryable: true });
      }
    },
  };
}
