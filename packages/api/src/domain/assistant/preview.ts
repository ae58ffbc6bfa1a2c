// "Try it" for staff: which FAQs the bot would put in the prompt for a question, the FAQ-only
// answer, the prompt's size, and the reply a customer asking it now would get: the same turn as
// in a conversation (FAQ selection, system prompt, the model when one is configured, counted
// against the daily token cap), without history. No conversation or message is stored.
import { asksForHuman, previewTurn, runTurn, type TurnResult } from "@support/assistant";
import type { ZAssistantPreviewOutput } from "@support/schemas";
import type { z } from "zod";
import type { Context } from "../../context.ts";
import { createFaqSource } from "../faq/faq-source.ts";
import { estimateTurnTokens, reserveDailyTokens, settleDailyTokens } from "../turn/turn.ts";
import { faqLanguageOf, loadSettings } from "../settings/settings.ts";

type Settings = Awaited<ReturnType<typeof loadSettings>>;
type Faqs = ReturnType<typeof createFaqSource>;

async function tryTurn(ctx: Context, question: string, settings: Settings, faqs: Faqs) {
  if (asksForHuman(question)) {
    return {
      mode: "offer" as const,
      content: "",
      sources: [],
      model: null,
      fallbackReason: null,
      handoffSuggested: true,
      usage: null,
      latencyMs: 0,
    };
  }
  const estimate = estimateTurnTokens({
    text: question,
    history: [],
    persona: settings.persona,
    businessName: settings.businessName,
    faqTokenBudget: settings.faqTokenBudget,
    maxCompletionTokens: ctx.config.maxCompletionTokens,
  });
  const day = ctx.llm ? await reserveDailyTokens(ctx, estimate, settings.dailyTokenCap) : null;
  let result: TurnResult | undefined;
  try {
    for await (const event of runTurn({
      text: question,
      history: [],
      settings,
      faqs,
      llm: day ? ctx.llm : null,
      tokens: ctx.tokens,
      deadlineMs: ctx.config.turnDeadlineMs,
      maxCompletionTokens: ctx.config.maxCompletionTokens,
      log: (level, msg, data) => ctx.log[level]({ ...data, preview: true }, msg),
    })) {
      if (event.type === "done") result = event.result;
    }
  } finally {
    if (day) await settleDailyTokens(ctx, day, result?.usage ?? null, estimate);
  }
  if (!result) throw new Error("assistant ended a preview turn without a result");
  const overCap = ctx.llm !== null && day === null;
  return {
    mode: result.mode,
    content: result.content,
    sources: result.sources.map((f) => ({ id: f.id, question: f.question })),
    model: result.model,
    fallbackReason: overCap ? ("daily_token_cap" as const) : result.fallbackReason,
    handoffSuggested: result.handoffSuggested,
    usage: result.usage
      ? { promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens }
      : null,
    latencyMs: Math.round(result.latencyMs),
  };
}

/** What the bot would do with this question now, without storing anything. */
export async function previewAssistant(
  ctx: Context,
  question: string,
): Promise<z.output<typeof ZAssistantPreviewOutput>> {
  const [settings, activeFaqs] = await Promise.all([
    loadSettings(ctx.prisma),
    ctx.prisma.faq.count({ where: { isActive: true } }),
  ]);
  const faqs = createFaqSource(ctx.prisma, ctx.tokens, ctx.faqEmbeddings, faqLanguageOf(settings));
  const [preview, reply] = await Promise.all([
    previewTurn({ text: question, settings, faqs, tokens: ctx.tokens }),
    tryTurn(ctx, question, settings, faqs),
  ]);
  return {
    selected: preview.selected.map((s) => ({
      id: s.faq.id,
      question: s.faq.question,
      category: s.faq.category,
      score: s.score,
    })),
    faqOnly: {
      content: preview.faqOnly.content,
      confident: preview.faqOnly.confident,
      sources: preview.faqOnly.sources.map((f) => ({ id: f.id, question: f.question })),
    },
    systemPromptTokens: preview.systemPromptTokens,
    faqTokens: preview.faqTokens,
    faqTokenBudget: settings.faqTokenBudget,
    activeFaqs,
    reply,
  };
}
