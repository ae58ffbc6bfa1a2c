// Shapes shared across the assistant: its ports (FAQ source, model) and what a turn produces.
import type { FaqLanguage } from "@support/schemas";

export type FaqEntry = {
  id: string;
  question: string;
  answer: string;
  category: string;
  /** Other ways customers ask the same question ("also asked as"): ranked like the question, not sent in the prompt. */
  alternatePhrasings?: readonly string[];
  /**
   * Unit vectors of faqEmbeddingTexts(this entry) from the configured embeddings model, when the
   * source has current ones; absent = lexical ranking only for this FAQ.
   */
  vectors?: readonly Float32Array[] | null;
  /** o200k tokens of faqEntryTokenText(this entry), when the source has it stored; else counted on demand. */
  promptTokens?: number | null;
};

export type ChatRole = "user" | "assistant" | "agent" | "system";

export type StoredMessage = { role: ChatRole; content: string; authorName?: string | null };

export type AssistantSettings = {
  businessName: string;
  persona: string;
  /** How many stored messages (system notices excluded) go into the prompt. */
  historyLength: number;
  /** Tokens the whole `[BUSINESS FAQS]` block may take, wrapper tags included. */
  faqTokenBudget: number;
  /** Most FAQ entries the prompt may hold, whatever their size. */
  faqHardCap: number;
};

/** FAQ source port: the API reads the active FAQs from PostgreSQL; ranking happens in process (faq-ranking.ts). */
export interface FaqSource {
  /**
   * All active FAQs in a stable order (e.g. by createdAt, id) so the prompt prefix stays cacheable.
   * Return the same array while the FAQs are unchanged: the ranking index is built once per array.
   */
  listActive(): Promise<readonly FaqEntry[]>;
  /**
   * The customer message's embedding when embeddings are configured (same model as the FAQs'
   * vectors), else null, also when the call failed or ran out of time: the ranking is then
   * lexical. Called by the prompt selection and FAQ-only mode of one turn with the same text.
   */
  embedQuery?(text: string): Promise<Float32Array | null>;
  /** The knowledge base's language (Settings.faqLanguage): the ranking's stemmer and stop words. Default english. */
  readonly language?: FaqLanguage;
}

/**
 * Token counting port (o200k_base, the gpt-4o family's tokenizer), one count per text. The server
 * counts in a short-lived worker thread (createWorkerTokenCounter) so the tokenizer's tables never
 * stay in its main isolate; scripts and tests may count in process (@support/assistant/token-count).
 */
export interface TokenCounter {
  count(texts: readonly string[]): Promise<number[]>;
}

/** `name` is set on staff replies only (see STAFF_MESSAGE_NAME in history.ts). */
export type ChatMessageParam = { role: "system" | "user" | "assistant"; content: string; name?: string };

export type LlmUsage = { promptTokens: number; completionTokens: number; cachedTokens: number };

export type LlmStreamEvent = { type: "delta"; text: string } | { type: "usage"; usage: LlmUsage };

/** Model port. */
export interface LlmProvider {
  readonly model: string;
  stream(
    messages: ChatMessageParam[],
    opts: { signal: AbortSignal; maxCompletionTokens: number },
  ): AsyncIterable<LlmStreamEvent>;
}

export type AssistantLog = (level: "info" | "warn", msg: string, data?: object) => void;

export type FallbackReason =
  "no_api_key" | "timeout" | "rate_limited" | "model_error" | "stream_interrupted" | "empty_answer";

export type TurnResult = {
  /**
   * The authoritative reply. A UI must replace whatever it rendered from `delta` events with this
   * text: in "llm" mode it equals the concatenated deltas; after a mid-stream failure the partial
   * model text is discarded and this holds the FAQ-only answer instead (no extra delta is sent for
   * it, so appending deltas would otherwise show a half model answer glued to the fallback).
   */
  content: string;
  /** FAQs the model cited (ids that were in the prompt only) or, in faq-only mode, the FAQ answered from. */
  sources: FaqEntry[];
  mode: "llm" | "faq-only";
  fallbackReason: null | FallbackReason;
  handoffSuggested: boolean;
  /** The model that wrote `content`; null in faq-only mode. */
  model: string | null;
  /** Tokens billed for this turn, also when the model failed after reporting usage; null if unknown. */
  usage: LlmUsage | null;
  latencyMs: number;
  /** FAQ ids that went into the prompt. */
  selectedFaqIds: string[];
  /** Exactly what was (or, without a model, would have been) sent to the model. */
  promptMessages: ChatMessageParam[];
};

export type TurnEvent = { type: "delta"; text: string } | { type: "done"; result: TurnResult };
