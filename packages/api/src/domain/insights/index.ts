// Insights: every metric staff and scripts see, defined once, computed by SQL over stored data.
export * from "./range.ts";
export * from "./resolution.ts";
export * from "./unanswered.ts";
export * from "./faq-performance.ts";
export * from "./cost.ts";
export * from "./faq-draft.ts";
export * from "./report-session.ts";
export * from "./config.ts";
export * from "./group-actions.ts";
export * from "./csv-export.ts";
