// Output schemas of the admin and staff areas (FAQ, staff, auth, settings, tokens, audit, customers,
// saved replies, webhooks, insights) that are not also inputs or defined with their area's inputs.
export * from "./faq.ts";
export * from "./staff.ts";
export * from "./settings.ts";
export * from "./insights.ts";
export * from "./api-tokens.ts";
export * from "./audit.ts";
export * from "./common.ts";
export * from "./saved-replies.ts";
export * from "./webhooks.ts";
