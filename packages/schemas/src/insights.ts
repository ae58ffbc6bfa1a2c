// Insights: the period every report takes, and what each report returns (console and scripts).
import { z } from "zod";

const ZBusinessDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-31")
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    "Not a calendar date",
  );

export const INSIGHTS_MAX_RANGE_DAYS = 366;

/** Business days from..to, both included (the business's time zone), grouped by day or week (from Monday). */
export const ZInsightsRange = z
  .object({ from: ZBusinessDate, to: ZBusinessDate, grouping: z.enum(["day", "week"]).default("day") })
  .refine((r) => r.from <= r.to, { message: "The start date must not be after the end date", path: ["to"] })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 < INSIGHTS_MAX_RANGE_DAYS, {
    message: `Choose at most ${INSIGHTS_MAX_RANGE_DAYS} days`,
    path: ["from"],
  });
export type InsightsRangeInput = z.input<typeof ZInsightsRange>;

const ZCount = z.number().int();

export const ZResolutionBucket = z.object({
  bucket: z.string(),
  conversations: ZCount,
  botResolved: ZCount,
  handedOff: ZCount,
  medianFirstHumanReplyMs: z.number().nullable(),
  thumbsUp: ZCount,
  thumbsDown: ZCount,
});
/** Customers' "How did we do?" ratings (1-5 stars) after a resolved hand-off, of conversations started in the bucket. */
export const ZRatingBucket = z.object({
  bucket: z.string(),
  count: ZCount,
  /** Mean stars, two decimals; null when nobody rated. */
  average: z.number().nullable(),
  /** How many rated 1, 2, 3, 4 and 5 stars. */
  distribution: z.tuple([ZCount, ZCount, ZCount, ZCount, ZCount]),
});
export const ZResolutionReport = z.object({
  timeZone: z.string(),
  definition: z.string(),
  buckets: z.array(ZResolutionBucket),
  totals: ZResolutionBucket.omit({ bucket: true }),
  ratings: z.object({ buckets: z.array(ZRatingBucket), totals: ZRatingBucket.omit({ bucket: true }) }),
});

export const ZUnansweredReason = z.enum(["dont_know", "faq_only_miss", "thumbs_down", "handoff"]);
export const ZUnansweredGroup = z.object({
  key: z.string(),
  count: ZCount,
  examples: z.array(z.string()),
  reasons: z.record(ZUnansweredReason, ZCount),
  lastAskedAt: z.date(),
  messageIds: z.array(z.string()),
  signatures: z.array(z.array(z.string())),
});
export type UnansweredGroupOutput = z.infer<typeof ZUnansweredGroup>;
export const ZUnansweredReport = z.object({
  timeZone: z.string(),
  groups: z.array(ZUnansweredGroup),
  /** meaning: by embeddings as well as words (EMBEDDINGS_MODEL configured and answering); words: by shared words only. */
  groupedBy: z.enum(["meaning", "words"]),
});

export const ZFaqPerformanceRow = z.object({
  faqId: z.string(),
  question: z.string().nullable(),
  isActive: z.boolean(),
  deleted: z.boolean(),
  cited: ZCount,
  faqOnly: ZCount,
  thumbsUp: ZCount,
  thumbsDown: ZCount,
  handoffsAfter: ZCount,
  unused: z.boolean(),
});
export const ZFaqPerformanceReport = z.object({ timeZone: z.string(), rows: z.array(ZFaqPerformanceRow) });

const ZCostFigures = z.object({
  replies: ZCount,
  promptTokens: z.number(),
  cachedTokens: z.number(),
  completionTokens: z.number(),
  costUsd: z.number(),
});
export const ZCostReport = z.object({
  timeZone: z.string(),
  buckets: z.array(ZCostFigures.extend({ bucket: z.string() })),
  byModel: z.array(ZCostFigures.extend({ model: z.string(), priced: z.boolean() })),
  totals: ZCostFigures,
  unpricedModels: z.array(z.string()),
  capHitDays: z.array(z.string()),
  botResolved: ZCount,
  /** Total cost / conversations the bot resolved in the range; null when it resolved none. */
  costPerResolvedConversationUsd: z.number().nullable(),
});

export const ZModelPrice = z.object({
  model: z.string().trim().min(1, "Enter a model name").max(100),
  promptPerMillion: z.number().min(0).max(10_000),
  cachedPerMillion: z.number().min(0).max(10_000),
  completionPerMillion: z.number().min(0).max(10_000),
});
export const ZInsightsConfig = z.object({ timeZone: z.string(), prices: z.array(ZModelPrice) });
export const ZInsightsConfigUpdate = z.object({
  timeZone: z.string().trim().min(1).max(64).optional(),
  prices: z
    .array(ZModelPrice)
    .max(200)
    .refine((p) => new Set(p.map((x) => x.model)).size === p.length, "Each model may have one price")
    .optional(),
});

export const INSIGHTS_TABLES = ["resolution", "ratings", "unanswered", "faqPerformance", "cost"] as const;
export const ZInsightsExportInput = z.object({ table: z.enum(INSIGHTS_TABLES), range: ZInsightsRange });
export const ZInsightsExportOutput = z.object({
  filename: z.string(),
  mimeType: z.literal("text/csv"),
  content: z.string(),
  rows: ZCount,
});

const ZSignatures = z
  .array(z.array(z.string().max(100)).max(100))
  .min(1)
  .max(200);
/** What identifies a group of unanswered questions to the actions on it. */
export const ZUnansweredGroupRef = z.object({
  signatures: ZSignatures,
  example: z.string().trim().min(1).max(2000),
  messageIds: z.array(z.string().uuid()).max(50).default([]),
});
export const ZFaqDraft = z.object({
  question: z.string(),
  answer: z.string(),
  answerSource: z.enum(["model", "staff_reply", "none"]),
  staffReplies: z.array(z.string()),
});
