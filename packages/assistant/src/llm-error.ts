// A model failure reduced to what the turn needs to decide: why it failed and whether one more try could help.

export type LlmFailureReason = "timeout" | "rate_limited" | "model_error" | "stream_interrupted" | "aborted";

export class LlmError extends Error {
  override readonly name = "LlmError";
  readonly reason: LlmFailureReason;
  /** False when the provider already retried (e.g. the SDK's own retries) or retrying cannot help (400, 401). */
  readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(
    reason: LlmFailureReason,
    message: string,
    opts: { retryable: boolean; status?: number; cause?: unknown },
  ) {
    super(message, { cause: opts.cause });
    this.reason = reason;
    this.retryable = opts.retryable;
    this.status = opts.status;
  }
}

/** Classifies what any provider threw; errors that are not LlmError are judged by their HTTP status, if any. */
export function toLlmError(error: unknown): LlmError {
  if (error instanceof LlmError) return error;
  const status =
    typeof (error as { status?: unknown })?.status === "number" ? (error as { status: number }).status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (status === 429) return new LlmError("rate_limited", message, { retryable: true, status, cause: error });
  if (status === 408) return new LlmError("timeout", message, { retryable: true, status, cause: error });
  if (status !== undefined && status >= 400 && status < 500) {
    return new LlmError("model_error", message, { retryable: false, status, cause: error });
  }
  return new LlmError("model_error", message, { retryable: true, status, cause: error });
}
