// FAQ management schemas: the console's table, editor and import/export, and scripts.
import { z } from "zod";
import { zText } from "./common.ts";

export const FAQ_QUESTION_MAX = 500;
export const FAQ_ANSWER_MAX = 5000;
export const FAQ_CATEGORY_MAX = 60;
export const DEFAULT_FAQ_CATEGORY = "general";

export const ZFaqQuestion = zText({ error: "Enter a question" })
  .trim()
  .min(1, "Enter a question")
  .max(FAQ_QUESTION_MAX, `Questions are at most ${FAQ_QUESTION_MAX} characters`);
export const ZFaqAnswer = zText({ error: "Enter an answer" })
  .trim()
  .min(1, "Enter an answer")
  .max(FAQ_ANSWER_MAX, `Answers are at most ${FAQ_ANSWER_MAX} characters`);
export const ZFaqCategory = zText()
  .trim()
  .max(FAQ_CATEGORY_MAX, `Categories are at most ${FAQ_CATEGORY_MAX} characters`)
  .transform((c) => c.toLowerCase() || DEFAULT_FAQ_CATEGORY);

/** Alternate phrasings ("also asked as"): other ways customers ask the same question, used for ranking only. */
export const FAQ_PHRASINGS_MAX = 30;
export const ZFaqPhrasing = z
  .string({ error: "Enter a phrasing" })
  .trim()
  .min(1, "Enter a phrasing")
  .max(FAQ_QUESTION_MAX, `Phrasings are at most ${FAQ_QUESTION_MAX} characters`);
/** Blank lines dropped, repeats (ignoring case and spacing) kept once. */
export const ZFaqAlternatePhrasings = z
  .array(z.string())
  .transform((list) => {
    const seen = new Set<string>();
    return list
      .map((p) => p.trim().replace(/\s+/g, " "))
      .filter((p) => p !== "" && !seen.has(p.toLowerCase()) && seen.add(p.toLowerCase()));
  })
  .pipe(z.array(ZFaqPhrasing).max(FAQ_PHRASINGS_MAX, `At most ${FAQ_PHRASINGS_MAX} phrasings per FAQ`));

export const ZFaq = z.object({
  id: z.string().uuid(),
  question: z.string(),
  answer: z.string(),
  category: z.string(),
  alternatePhrasings: z.array(z.string()),
  isActive: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Faq = z.infer<typeof ZFaq>;

export const FAQ_SORT_FIELDS = ["question", "category", "isActive", "updatedAt", "createdAt"] as const;

export const ZFaqListInput = z.object({
  search: zText().trim().max(200).optional(),
  category: zText().trim().max(FAQ_CATEGORY_MAX).optional(),
  status: z.enum(["all", "active", "inactive"]).default("all"),
  sortBy: z.enum(FAQ_SORT_FIELDS).default("updatedAt"),
  sortDir: z.enum(["asc", "desc"]).default("desc"),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(25),
});
export type FaqListInput = z.input<typeof ZFaqListInput>;

export const ZFaqListOutput = z.object({
  items: z.array(ZFaq),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  counts: z.object({ all: z.number().int(), active: z.number().int(), inactive: z.number().int() }),
});

export const ZFaqCreateInput = z.object({
  question: ZFaqQuestion,
  answer: ZFaqAnswer,
  category: ZFaqCategory.default(DEFAULT_FAQ_CATEGORY),
  alternatePhrasings: ZFaqAlternatePhrasings.default([]),
  isActive: z.boolean().default(true),
});
export type FaqCreateInput = z.input<typeof ZFaqCreateInput>;

export const ZFaqUpdateInput = z.object({
  id: z.string().uuid(),
  question: ZFaqQuestion.optional(),
  answer: ZFaqAnswer.optional(),
  category: ZFaqCategory.optional(),
  alternatePhrasings: ZFaqAlternatePhrasings.optional(),
  isActive: z.boolean().optional(),
});

/** One more way customers ask an FAQ's question, e.g. a customer message the bot missed. */
export const ZFaqAddPhrasingInput = z.object({ faqId: z.string().uuid(), text: ZFaqPhrasing });

export const ZFaqIdInput = z.object({ id: z.string().uuid() });
export const ZFaqSetActiveInput = z.object({ id: z.string().uuid(), isActive: z.boolean() });

export const FAQ_IMPORT_MAX_CHARS = 2_000_000;
export const ZFaqImportInput = z.object({
  format: z.enum(["csv", "json"]),
  content: zText().max(FAQ_IMPORT_MAX_CHARS, "Files are limited to 2 MB").min(1, "The file is empty"),
  /** True: only report what would happen. */
  dryRun: z.boolean(),
});

export const ZFaqImportReport = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  invalid: z.array(z.object({ row: z.number().int(), question: z.string().nullable(), reason: z.string() })),
  /** A problem with the whole file (unreadable JSON, missing columns); nothing was imported. */
  fileError: z.string().nullable(),
});
export type FaqImportReport = z.infer<typeof ZFaqImportReport>;

export const ZFaqExportInput = z.object({ format: z.enum(["csv", "json"]) });
export const ZFaqExportOutput = z.object({
  filename: z.string(),
  mimeType: z.string(),
  content: z.string(),
  count: z.number().int(),
});
