// The application router: one entry per domain. SPAs and scripts import only `type AppRouter`.
import { widgetRouter } from "./routers/settings/public.ts";
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  widget: widgetRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
