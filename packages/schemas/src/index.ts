// @support/schemas: zod schemas and inferred types shared by the API, the SPAs and scripts.
export * from "./common.ts";
export * from "./chat.ts";
export * from "./ticket.ts";
export * from "./auth.ts";
export * from "./staff.ts";
export * from "./faq.ts";
export * from "./settings.ts";
export * from "./assistant.ts";
export * from "./api-token.ts";
export * from "./live.ts";
export * from "./inbox-tools.ts";
export * from "./insights.ts";
export * from "./webhooks.ts";
export * from "./audit.ts";
export * from "./business-hours.ts";
