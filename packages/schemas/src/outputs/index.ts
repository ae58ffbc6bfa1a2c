// Output schemas of the chat, ticket, inbox and live procedures.
export * from "./chat.ts";
export * from "./inbox.ts";
export * from "./live.ts";
export * from "./ticket.ts";
