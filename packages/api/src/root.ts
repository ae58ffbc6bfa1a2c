// The application router: one entry per domain. SPAs and scripts import only `type AppRouter`.
import { insightsRouter } from "./routers/insights/insights.router.ts";
import { inboxRouter } from "./routers/inbox/inbox.router.ts";
import { liveRouter } from "./routers/live/live.router.ts";
import { apiTokenRouter } from "./routers/apiToken/api-token.router.ts";
import { assistantRouter } from "./routers/assistant/assistant.router.ts";
import { authRouter } from "./routers/auth/auth.router.ts";
import { chatRouter } from "./routers/chat/chat.router.ts";
import { faqRouter } from "./routers/faq/faq.router.ts";
import { widgetRouter } from "./routers/settings/public.ts";
import { settingsRouter } from "./routers/settings/settings.router.ts";
import { staffRouter } from "./routers/staff/staff.router.ts";
import { ticketRouter } from "./routers/ticket/index.ts";
import { auditRouter } from "./routers/audit/audit.router.ts";
import { webhookRouter } from "./routers/webhook/webhook.router.ts";
import { customersRouter, retentionRouter } from "./routers/customers/customers.router.ts";
import { savedReplyRouter } from "./routers/savedReply/saved-reply.router.ts";
import { createCallerFactory, createTRPCRouter, type ProcedureMeta } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  widget: widgetRouter,
  chat: chatRouter,
  ticket: ticketRouter,
  auth: authRouter,
  staff: staffRouter,
  faq: faqRouter,
  settings: settingsRouter,
  assistant: assistantRouter,
  apiToken: apiTokenRouter,
  live: liveRouter,
  inbox: inboxRouter,
  savedReply: savedReplyRouter,
  insights: insightsRouter,
  webhook: webhookRouter,
  audit: auditRouter,
  customers: customersRouter,
  retention: retentionRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

/** Calls per HTTP request; the client link sends at most this many (packages/client maxItems). */
export const MAX_BATCH_CALLS = 10;

/**
 * Why a batched request (`/trpc/a,b,c?batch=1`) must be refused before any call runs, or null:
 * too many calls, or a call that must travel alone (meta.solo: password checks), so one HTTP
 * request can never carry more than one.
 */
export function batchRefusal(paths: readonly string[]): string | null {
  if (paths.length > MAX_BATCH_CALLS) return `A request may carry at most ${MAX_BATCH_CALLS} calls`;
  if (paths.length < 2) return null;
  // At run time _def.procedures is flat, keyed by dotted path.
  const procedures = (
    appRouter as unknown as { _def: { procedures: Record<string, { _def: { meta?: ProcedureMeta } } | undefined> } }
  )._def.procedures;
  const solo = paths.find((p) => procedures[p]?._def.meta?.solo);
  return solo ? `${solo} must be sent on its own, not in a batch` : null;
}
