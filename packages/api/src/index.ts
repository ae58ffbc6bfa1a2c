// @support/api: the tRPC router, its context and procedure kinds.
export { appRouter, batchRefusal, createCaller, MAX_BATCH_CALLS, type AppRouter } from "./root.ts";
export {
  createContextInner,
  defaultApiConfig,
  systemClock,
  type ApiConfig,
  type Clock,
  type Notifier,
  noopNotifier,
  type Context,
  type ContextInnerOptions,
  type RequestInfo,
  type ResponseControl,
} from "./context.ts";
export {
  staffCookieName,
  DEFAULT_LIMITS,
  limitsOf,
  SUBJECTS_BY_KIND,
  type ApiScope,
  type ProcedureMeta,
} from "./trpc.ts";
export { silentLogger, type Logger } from "./lib/logger.ts";
export { transformer, ENVELOPE_HELP } from "./lib/transformer.ts";
export { loadSettings } from "./domain/settings/settings.ts";
export { ensureDemoAdmin, createStaffUser, DEMO_ADMIN_EMAIL } from "./domain/staff/accounts.ts";
export { createMailNotifier, type MailNotifier, type MailNotifierOptions } from "./mail/notifier.ts";
export { hashPassword, verifyPassword, passwordProblem } from "./domain/auth/password.ts";
export { createEventBus, type EventBus, type EventBusOptions, type BusEvent } from "./live/bus.ts";
export {
  createRateLimits,
  RATE_LIMIT_RULES,
  type RateLimits,
  type RateLimitName,
  type RateLimitOverrides,
} from "./lib/rate-limits.ts";
export { backfillFaqPromptTokens } from "./domain/faq/prompt-tokens.ts";
export { InFlightWork } from "./lib/in-flight.ts";
export { createJobQueue, JOB_SCHEMA, type JobQueue, type QueueDefinition, type JobHandler } from "./jobs/queue.ts";
export { startJobs, type StartJobsOptions } from "./jobs/index.ts";
export { signWebhook, SIGNATURE_HEADER, WEBHOOK_DELIVER_JOB } from "./jobs/webhooks.ts";
export {
  sendDueFollowUps,
  unsubscribeFollowUps,
  defaultFollowUpConfig,
  type FollowUpMail,
  type FollowUpConfig,
  type SweepResult,
} from "./domain/follow-up/follow-up.ts";
export { applyRetention, RETENTION_BATCH_SIZE, type RetentionReport } from "./domain/data-protection/retention.ts";
export { FOLLOW_UP_SWEEP_JOB, RETENTION_JOB } from "./jobs/scheduled.ts";
