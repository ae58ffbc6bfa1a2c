// One customer turn: select FAQs, build the prompt, stream the model's reply, fall back to FAQ-only on any failure.
import { createCitationFilter } from "./citation-filter.ts";
import { answerFromFaqs } from "./faq-only-answer.ts";
import { selectFaqsWithinBudget } from "./faq-selection.ts";
import { serializeHistory } from "./history.ts";
import { LlmError, toLlmError } from "./llm-error.ts";
import { buildPromptMessages, buildSystemPrompt } from "./system-prompt.ts";
import type {
  AssistantLog,
  AssistantSettings,
  FallbackReason,
  FaqEntry,
  FaqSource,
  LlmProvider,
  LlmUsage,
  StoredMessage,
  TokenCounter,
  TurnEvent,
  TurnResult,
} from "./types.ts";

export const DEFAULT_TURN_DEADLINE_MS = 20_000;
export const DEFAULT_MAX_COMPLETION_TOKENS = 600;
/** Model calls per turn: the first try plus one retry, and the retry only if nothing was streamed yet. */
const MAX_MODEL_ATTEMPTS = 2;

class TurnDeadlineExceeded extends Error {
  override readonly name = "TurnDeadlineExceeded";
}
class TurnCancelled extends Error {
  override readonly name = "TurnCancelled";
}

/** Waits for the next stream event, but gives up as soon as the turn is aborted even if the provider ignores the signal. */
function nextBeforeAbort<T>(iterator: AsyncIterator<T>, signal: AbortSignal): Promise<IteratorResult<T>> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    iterator.next().then(
      (result) => {
        signal.removeEventListener("abort", onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function failureReason(
  error: unknown,
  signal: AbortSignal,
): { reason: FallbackReason; retryable: boolean; detail: LlmError } {
  if (signal.aborted && signal.reason instanceof TurnDeadlineExceeded) {
    return {
      reason: "timeout",
      retryable: false,
      detail: new LlmError("timeout", "turn deadline exceeded", { retryable: false }),
    };
  }
  const detail = toLlmError(error);
  const reason: FallbackReason = detail.reason === "aborted" ? "timeout" : detail.reason;
  return { reason, retryable: detail.retryable, detail };
}

/**
 * Runs one customer turn. `history` is the stored conversation BEFORE the new user message (oldest first).
 *
 * Yields `delta` events while the model streams (markers already stripped), then exactly one `done`.
 * In faq-only mode the whole fallback answer arrives as one `delta` when nothing was streamed yet;
 * if the model failed mid-stream no further delta is sent and `done.result.content` replaces the
 * partial text (see TurnResult.content). Throws only if the FaqSource throws.
 */
export async function* runTurn(input: {
  text: string;
  history: StoredMessage[];
  settings: AssistantSettings;
  faqs: FaqSource;
  llm: LlmProvider | null;
  /** Counts FAQ entries the source has no stored count for; default: the shared worker thread. */
  tokens?: TokenCounter;
  deadlineMs?: number;
  maxCompletionTokens?: number;
  now?: () => number;
  log?: AssistantLog;
}): AsyncGenerator<TurnEvent> {
  const now = input.now ?? Date.now;
  const log: AssistantLog = input.log ?? (() => {});
  const startedAt = now();
  const turn = new AbortController();
  // True once no model request can still be running (it ended, or failed and was stopped).
  let modelSettled = false;
  const deadline = setTimeout(
    () => turn.abort(new TurnDeadlineExceeded("turn deadline exceeded")),
    input.deadlineMs ?? DEFAULT_TURN_DEADLINE_MS,
  );

  try {
    const selection = await selectFaqsWithinBudget({
      text: input.text,
      faqs: input.faqs,
      tokenBudget: input.settings.faqTokenBudget,
      hardCap: input.settings.faqHardCap,
      tokens: input.tokens,
    });
    const promptFaqs = selection.selected.map((s) => s.faq);
    const systemPrompt = buildSystemPrompt({ settings: input.settings, faqs: promptFaqs });
    const conversation = serializeHistory({
      history: input.history,
      newMessage: input.text,
      historyLength: input.settings.historyLength,
      log,
    });
    const promptMessages = buildPromptMessages(systemPrompt, conversation);
    const selectedFaqIds = promptFaqs.map((faq) => faq.id);

    let usage: LlmUsage | null = null;
    let streamedText = "";

    const fallback = async function* (reason: FallbackReason): AsyncGenerator<TurnEvent> {
      modelSettled = true;
      const faqOnly = await answerFromFaqs({ text: input.text, faqs: input.faqs });
      // Appending to half a model answer would garble it; the UI replaces it with `done.content` instead.
      if (streamedText === "") yield { type: "delta", text: faqOnly.content };
      const result: TurnResult = {
        content: faqOnly.content,
        sources: faqOnly.sources,
        mode: "faq-only",
        fallbackReason: reason,
        handoffSuggested: faqOnly.handoffSuggested,
        model: null,
        usage,
        latencyMs: now() - startedAt,
        selectedFaqIds,
        promptMessages,
      };
      yield { type: "done", result };
    };

    const llm = input.llm;
    if (!llm) {
      yield* fallback("no_api_key");
      return;
    }

    for (let attempt = 1; ; attempt += 1) {
      const filter = createCitationFilter();
      const stream = llm.stream(promptMessages, {
        signal: turn.signal,
        maxCompletionTokens: input.maxCompletionTokens ?? DEFAULT_MAX_COMPLETION_TOKENS,
      });
      const iterator = stream[Symbol.asyncIterator]();
      try {
        for (;;) {
          const next = await nextBeforeAbort(iterator, turn.signal);
          if (next.done) break;
          const event = next.value;
          if (event.type === "usage") {
            usage = event.usage;
            continue;
          }
          const visible = filter.push(event.text);
          if (visible) {
            streamedText += visible;
            yield { type: "delta", text: visible };
          }
        }
      } catch (error) {
        // Stop the provider's request; the pending next() (if any) settles on its own.
        void iterator.return?.().catch(() => {});
        const failure = failureReason(error, turn.signal);
        const canRetry =
          failure.retryable && streamedText === "" && attempt < MAX_MODEL_ATTEMPTS && !turn.signal.aborted;
        log(
          "warn",
          `assistant: model call failed (${failure.reason})${canRetry ? ", retrying" : ", answering from FAQs"}`,
          {
            attempt,
            status: failure.detail.status,
            error: failure.detail.message,
          },
        );
        if (canRetry) continue;
        yield* fallback(failure.reason);
        return;
      }

      const tail = filter.finish();
      if (tail) {
        streamedText += tail;
        yield { type: "delta", text: tail };
      }
      if (streamedText.trim() === "") {
        log("warn", "assistant: model returned no visible text, answering from FAQs", { attempt });
        yield* fallback("empty_answer");
        return;
      }

      const promptFaqById = new Map(promptFaqs.map((faq) => [faq.id, faq]));
      const sources: FaqEntry[] = [];
      for (const id of filter.citedIds) {
        const faq = promptFaqById.get(id);
        if (faq) sources.push(faq);
        else log("info", "assistant: dropped citation of an FAQ that was not in the prompt", { id });
      }
      const result: TurnResult = {
        content: streamedText,
        sources,
        mode: "llm",
        fallbackReason: null,
        handoffSuggested: filter.handoffRequested,
        model: llm.model,
        usage,
        latencyMs: now() - startedAt,
        selectedFaqIds,
        promptMessages,
      };
      modelSettled = true;
      yield { type: "done", result };
      return;
    }
  } finally {
    clearTimeout(deadline);
    // A consumer that stops listening (customer left) must not leave the model request running.
    if (!modelSettled && !turn.signal.aborted) turn.abort(new TurnCancelled("turn finished"));
  }
}
