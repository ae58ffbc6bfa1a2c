// What staff do about a group of unanswered questions, in one click each: publish an FAQ for it,
// add its question to an existing FAQ as a phrasing, or dismiss it. Each closes the group (and
// its rewordings) so it leaves the list; the FAQ rules are the FAQ area's own.
import type { Faq as FaqRow } from "@support/db";
import type { z } from "zod";
import type { ZFaqCreateInput, ZUnansweredGroupRef } from "@support/schemas";
import type { Context } from "../../context.ts";
import { addFaqPhrasing, createFaq, embedChangedFaqs } from "../faq/faqs.ts";
import { closeGroup } from "./unanswered.ts";

type GroupRef = z.output<typeof ZUnansweredGroupRef>;
type Ctx = Pick<Context, "prisma" | "tokens" | "db" | "faqEmbeddings">;

export async function createFaqForGroup(
  ctx: Ctx,
  input: { group: GroupRef; faq: z.output<typeof ZFaqCreateInput> },
  by: { name: string },
): Promise<FaqRow> {
  const faq = await createFaq(ctx, input.faq);
  await closeGroup(ctx.db.sql, input.group, { action: "faq_created", faqId: faq.id, byName: by.name });
  embedChangedFaqs(ctx);
  return faq;
}

/** Without a text of its own, the group's example question becomes the phrasing. */
export async function addGroupAsPhrasing(
  ctx: Ctx,
  input: { group: GroupRef; faqId: string; text?: string | undefined },
  by: { name: string },
): Promise<FaqRow> {
  const faq = await addFaqPhrasing(ctx.prisma, { faqId: input.faqId, text: input.text ?? input.group.example.trim() });
  await closeGroup(ctx.db.sql, input.group, { action: "phrasing_added", faqId: faq.id, byName: by.name });
  embedChangedFaqs(ctx);
  return faq;
}

/** Hides the group (and closes rewordings of it) from now on; resolves to how many wordings were closed. */
export function dismissGroup(ctx: Pick<Context, "db">, group: GroupRef, by: { name: string }): Promise<number> {
  return closeGroup(ctx.db.sql, group, { action: "dismissed", byName: by.name });
}
