// @support/schemas: zod schemas and inferred types shared by the API, the SPAs and scripts.
export * from "./chat.ts";
export * from "./ticket.ts";
