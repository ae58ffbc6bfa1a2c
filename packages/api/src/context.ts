// Request context. `createContextInner` holds everything a procedure needs and is what tests build
// directly (real database, fake clock, chosen model): no module mocking anywhere.
import { randomUUID } from "node:crypto";
import { sharedTokenCounter, type LlmProvider, type TokenCounter } from "@support/assistant";
import type { Database } from "@support/db";
import { silentLogger, type Logger } from "./lib/logger.ts";
import type { EventBus } from "./live/bus.ts";
import type { JobQueue } from "./jobs/queue.ts";
import { InFlightWork } from "./lib/in-flight.ts";
import { sharedRateLimits, type RateLimitOverrides, type RateLimits } from "./lib/rate-limits.ts";
import { embeddingsProviderFor, type EmbeddingsConfig } from "./domain/faq/faq-embeddings.ts";

export type ApiConfig = {
  /** Show internal error messages to callers (development only). */
  exposeInternalErrors: boolean;
  /** A customer conversation's token stops working after this long without activity. */
  customerSessionIdleDays: number;
  /** Hard limit on the whole model call of one turn. */
  turnDeadlineMs: number;
  maxCompletionTokens: number;
  /** Public base URL of this server, for links in mails. */
  publicUrl: string;
  production: boolean;
  /** An OpenAI-compatible embeddings model for FAQ ranking (EMBEDDINGS_MODEL); null = words only. */
  embeddings: EmbeddingsConfig | null;
  /** A staff reply the customer hasn't seen for this long is sent to them by email (if they left one). */
  followUpDelayMs: number;
  /** Changes to the request limits of lib/rate-limits.ts (tests relax them; operators may tune them). */
  rateLimits: RateLimitOverrides;
};

export const defaultApiConfig: ApiConfig = {
  exposeInternalErrors: false,
  customerSessionIdleDays: 30,
  turnDeadlineMs: 20_000,
  maxCompletionTokens: 600,
  publicUrl: "http://localhost:3000",
  production: false,
  embeddings: null,
  followUpDelayMs: 5 * 60_000,
  rateLimits: {},
};

/** What the HTTP layer knows of the request; tests fill in what they need. */
export type RequestInfo = {
  method: string;
  ip: string | null;
  userAgent: string | null;
  origin: string | null;
  headers: Record<string, string | undefined>;
  cookies: Record<string, string | undefined>;
};

export type ResponseControl = {
  setCookie(
    name: string,
    value: string,
    options: {
      maxAgeSeconds?: number;
      httpOnly?: boolean;
      sameSite?: "lax" | "strict";
      secure?: boolean;
      path?: string;
    },
  ): void;
  clearCookie(name: string, options?: { path?: string; secure?: boolean }): void;
  /** A response header, e.g. Retry-After on a 429. */
  setHeader?(name: string, value: string): void;
};

/** Outgoing notifications (mail to staff); must never block or fail the caller's request. */
export type Notifier = { ticketCreated(ticketId: string): void };
export const noopNotifier: Notifier = { ticketCreated: () => undefined };

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

export type ContextInnerOptions = {
  db: Database;
  llm?: LlmProvider | null;
  clock?: Clock;
  log?: Logger;
  config?: Partial<ApiConfig>;
  requestId?: string;
  req?: Partial<RequestInfo>;
  res?: ResponseControl;
  notifier?: Notifier;
  /** The background job queue (webhook deliveries, mails); absent in scripts and some tests. */
  jobs?: JobQueue | null;
  /** Live events across instances; absent in contexts that never stream (some tests, scripts). */
  events?: EventBus | null;
  /** Built once per server (createRateLimits); otherwise one set per database and limit configuration. */
  rateLimits?: RateLimits;
  /** Detached work (customer turns) a graceful stop waits for; shared by all requests of one server. */
  inFlight?: InFlightWork;
  /** o200k token counting; default: the process's short-lived worker thread (never this isolate). */
  tokens?: TokenCounter;
};

export function createContextInner(opts: ContextInnerOptions) {
  const config = { ...defaultApiConfig, ...opts.config };
  const log = opts.log ?? silentLogger;
  const embeddings = embeddingsProviderFor(config.embeddings);
  return {
    db: opts.db,
    prisma: opts.db.prisma,
    llm: opts.llm ?? null,
    clock: opts.clock ?? systemClock,
    log,
    config,
    /** FAQ ranking's embeddings (one provider per configuration in the process), or null. */
    faqEmbeddings: embeddings ? { provider: embeddings, log } : null,
    requestId: opts.requestId ?? randomUUID(),
    req: {
      method: "POST",
      ip: null,
      userAgent: null,
      origin: null,
      headers: {},
      cookies: {},
      ...opts.req,
    } satisfies RequestInfo,
    res: opts.res ?? noopResponse,
    notifier: opts.notifier ?? noopNotifier,
    jobs: opts.jobs ?? null,
    events: opts.events ?? null,
    rateLimits: opts.rateLimits ?? sharedRateLimits(opts.db, config.rateLimits),
    tokens: opts.tokens ?? sharedTokenCounter(),
    inFlight: opts.inFlight ?? new InFlightWork(),
  };
}

const noopResponse: ResponseControl = {
  setCookie: () => undefined,
  clearCookie: () => undefined,
  setHeader: () => undefined,
};

export type Context = ReturnType<typeof createContextInner>;
