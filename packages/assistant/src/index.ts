// Public API of @support/assistant: the bot's logic, with its FAQ source and model passed in as ports.
export type {
  AssistantLog,
  AssistantSettings,
  ChatMessageParam,
  ChatRole,
  FallbackReason,
  FaqEntry,
  FaqSource,
  LlmProvider,
  LlmStreamEvent,
  LlmUsage,
  StoredMessage,
  TokenCounter,
  TurnEvent,
  TurnResult,
} from "./types.ts";
export { DEFAULT_ASSISTANT_SETTINGS } from "./default-settings.ts";
// Counting in process lives in "@support/assistant/token-count" (it loads the tokenizer on import).
export {
  createWorkerTokenCounter,
  sharedTokenCounter,
  DEFAULT_TOKEN_WORKER_IDLE_MS,
  TOKENIZER_MODULE,
  type WorkerTokenCounter,
} from "./token-counter.ts";
export {
  EMPTY_FAQ_BLOCK_TOKENS,
  FAQ_BLOCK_OVERHEAD_TOKENS,
  faqBlockTokens,
  faqEntryTokenText,
  formatFaqBlock,
  formatFaqEntry,
} from "./faq-block.ts";
export { rankFaqsForMessage, selectFaqsWithinBudget, type FaqSelection, type SelectedFaq } from "./faq-selection.ts";
export { serializeHistory, staffLabel, STAFF_MESSAGE_NAME } from "./history.ts";
export { HANDOFF_MARKER } from "./prompt-template.ts";
export { buildPromptMessages, buildSystemPrompt } from "./system-prompt.ts";
export {
  answerFromFaqs,
  findBestFaqMatch,
  FAQ_ONLY_CONFIDENCE_THRESHOLD,
  FAQ_ONLY_NOT_COVERED,
  faqOnlyReply,
  type FaqMatch,
  type FaqOnlyAnswer,
} from "./faq-only-answer.ts";
export { LlmError, type LlmFailureReason } from "./llm-error.ts";
export {
  createOpenAiProvider,
  DEFAULT_OPENAI_MAX_RETRIES,
  DEFAULT_OPENAI_MODEL,
  DEFAULT_OPENAI_TIMEOUT_MS,
} from "./openai-provider.ts";
export { runTurn, DEFAULT_MAX_COMPLETION_TOKENS, DEFAULT_TURN_DEADLINE_MS } from "./run-turn.ts";
export { previewTurn, type TurnPreview } from "./preview-turn.ts";
export { createInMemoryFaqSource } from "./in-memory-faq-source.ts";
export { asksForHuman } from "./handoff-request.ts";
export {
  buildFaqIndex,
  DEFAULT_RANKING_OPTIONS,
  faqIndexFor,
  matchTerms,
  preloadDictionary,
  rankFaqIndex,
  rankFaqs,
  type FaqIndex,
  type RankedFaq,
  type RankingOptions,
} from "./faq-ranking.ts";
export { FAQ_LANGUAGES, textAnalyzer, unaccent, type FaqLanguage, type TextAnalyzer } from "./faq-language.ts";
export { createOpenAiEmbeddings, faqEmbeddingTexts, normalise, type EmbeddingsProvider } from "./embeddings.ts";
