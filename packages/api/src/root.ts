// The application router: one entry per domain. SPAs and scripts import only `type AppRouter`.
import { chatRouter } from "./routers/chat/chat.router.ts";
import { widgetRouter } from "./routers/settings/public.ts";
import { ticketRouter } from "./routers/ticket/index.ts";
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  widget: widgetRouter,
  chat: chatRouter,
  ticket: ticketRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
