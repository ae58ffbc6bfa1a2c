// "Create FAQ" from a group of unanswered questions: the question as customers asked it, and an
// answer drafted from what staff replied to those customers in the hand-off (by the model when
// one is configured, else the staff reply quoted). Staff edit the draft before publishing it.
import type { LlmProvider } from "@support/assistant";
import type { RawSql } from "@support/db";
import type { Context } from "../../context.ts";
import { rawRows, sql, type Sql } from "../../lib/raw-sql.ts";

export type FaqDraft = {
  question: string;
  answer: string;
  /** model: written by the model from staffReplies; staff_reply: the first staff reply quoted; none: nobody answered yet. */
  answerSource: "model" | "staff_reply" | "none";
  staffReplies: string[];
};

const MAX_STAFF_REPLIES = 5;
const DRAFT_DEADLINE_MS = 15_000;

/** The first staff reply after each of these customer messages, in their conversations. */
const staffRepliesSql = (messageIds: readonly string[]): Sql => sql`
  SELECT q.content AS question, a.content AS reply
  FROM "Message" q
  CROSS JOIN LATERAL (
    SELECT m.content FROM "Message" m
    WHERE m."sessionId" = q."sessionId" AND m.role = 'agent' AND m.seq > q.seq
    ORDER BY m.seq LIMIT 1
  ) a
  WHERE q.id = ANY(${messageIds}::uuid[]) AND q.role = 'user'
  ORDER BY q."createdAt" DESC`;

/** Customers type "do u ship to canada"; an FAQ reads "Do u ship to canada?". */
export function questionFromCustomerText(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[?.!]$/.test(capital) ? capital : `${capital}?`;
}

export async function draftFaqFromGroup(
  deps: { sql: RawSql; llm: LlmProvider | null; businessName: string },
  group: { messageIds: string[]; example: string },
): Promise<FaqDraft> {
  const question = questionFromCustomerText(group.example);
  const rows = group.messageIds.length
    ? await rawRows<{ question: string; reply: string }>(deps.sql, staffRepliesSql(group.messageIds))
    : [];
  const staffReplies = [...new Set(rows.map((r) => r.reply.trim()).filter(Boolean))].slice(0, MAX_STAFF_REPLIES);
  if (staffReplies.length === 0) return { question, answer: "", answerSource: "none", staffReplies };
  if (deps.llm) {
    const answer = await draftWithModel(deps.llm, deps.businessName, question, staffReplies).catch(() => null);
    if (answer) return { question, answer, answerSource: "model", staffReplies };
  }
  return { question, answer: staffReplies[0]!, answerSource: "staff_reply", staffReplies };
}

async function draftWithModel(
  llm: LlmProvider,
  businessName: string,
  question: string,
  replies: string[],
): Promise<string | null> {
  const signal = AbortSignal.timeout(DRAFT_DEADLINE_MS);
  let text = "";
  for await (const event of llm.stream(
    [
      {
        role: "system",
        content:
          `You write FAQ answers for ${businessName}'s help centre. Write one short, friendly answer to the customer question, ` +
          "using only facts stated in the staff replies below. Leave out names, greetings, order numbers and anything about one customer. " +
          "Reply with the answer text only.",
      },
      {
        role: "user",
        content: `Question: ${question}\n\nStaff replies:\n${replies.map((r, i) => `${i + 1}. ${r}`).join("\n")}`,
      },
    ],
    { signal, maxCompletionTokens: 300 },
  )) {
    if (event.type === "delta") text += event.text;
  }
  return text.trim() || null;
}

/** The draft for a group, written in the business's name. */
export async function draftFaqForGroup(
  ctx: Pick<Context, "prisma" | "db" | "llm">,
  group: Parameters<typeof draftFaqFromGroup>[1],
) {
  const settings = await ctx.prisma.settings.findUnique({ where: { id: 1 }, select: { businessName: true } });
  return draftFaqFromGroup(
    { sql: ctx.db.sql, llm: ctx.llm, businessName: settings?.businessName ?? "the business" },
    group,
  );
}
