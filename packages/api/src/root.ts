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
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

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
  insights: insightsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
