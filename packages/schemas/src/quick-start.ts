// Quick start: the questions the widget's welcome screen offers (one tap asks one), as admins set
// them in the console. None set: the widget offers the most-asked FAQs instead.
import { z } from "zod";
import { zText } from "./common.ts";

export const MAX_SUGGESTED_QUESTIONS = 4;
export const MAX_SUGGESTED_QUESTION_CHARS = 120;

export const ZSuggestedQuestionsInput = z.object({
  /** Empty: the most-asked FAQs are offered. */
  questions: z
    .array(
      zText()
        .trim()
        .min(1, "Remove the empty question")
        .max(MAX_SUGGESTED_QUESTION_CHARS, `Keep each question under ${MAX_SUGGESTED_QUESTION_CHARS} characters`),
    )
    .max(MAX_SUGGESTED_QUESTIONS, `At most ${MAX_SUGGESTED_QUESTIONS} suggested questions`)
    .refine((qs) => new Set(qs.map((q) => q.toLowerCase())).size === qs.length, "Each question only once"),
});
export type SuggestedQuestionsInput = z.infer<typeof ZSuggestedQuestionsInput>;

export const ZSuggestedQuestions = ZSuggestedQuestionsInput.extend({
  /** What the widget offers right now when `questions` is empty (the most-asked FAQs). */
  defaults: z.array(z.string()),
});
