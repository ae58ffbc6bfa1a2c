// Hands a conversation to people when the customer chooses so (the widget's offer or its "Talk to a
// person" button, both through ticket.create): one open ticket per conversation (with a snapshot of
// its last messages), the conversation moved to hand-off, staff mailed. The bot never calls this
// on its own.
import { TRPCError } from "@trpc/server";
import type { Prisma, PrismaClient } from "@support/db";
import { ticketReference, type SnapshotMessage } from "@support/schemas";
import type { Context } from "../../context.ts";
import { changeConversationStatus, lockConversation, type HandoffReason } from "../conversation/status.ts";
import { enqueueWebhookEvent } from "../../jobs/webhooks.ts";
import { loadSettings } from "../settings/settings.ts";
import { businessHoursOf } from "../business-hours/availability.ts";
import { hoursStatus } from "../business-hours/hours.ts";

export type { HandoffReason };

export const SNAPSHOT_MESSAGES = 10;

/** A way to reach the customer that they already gave (on an earlier ticket of this conversation). */
export async function knownContact(prisma: Prisma.TransactionClient, sessionId: string): Promise<string | null> {
  const t = await prisma.ticket.findFirst({
    where: { sessionId, customerContact: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { customerContact: true },
  });
  return t?.customerContact ?? null;
}

/** Why staff see this hand-off: the bot's last reply couldn't help (and why), or the customer just asked. */
async function handoffReason(prisma: PrismaClient, sessionId: string): Promise<HandoffReason> {
  const last = await prisma.message.findFirst({
    where: { sessionId, role: "assistant" },
    orderBy: { seq: "desc" },
    select: { handoffSuggested: true, fallbackReason: true, mode: true },
  });
  if (!last?.handoffSuggested) return "customer_request";
  const modelFailed =
    last.mode === "faq_only" &&
    last.fallbackReason !== null &&
    !["no_api_key", "daily_token_cap", "awaiting_staff"].includes(last.fallbackReason);
  return modelFailed ? "model_failure" : "missing_knowledge";
}

/**
 * The customer's choice of a person (ticket.create). Outside business hours nobody can answer in
 * the chat: the reply goes by email, so an email is needed, given now or earlier.
 */
export async function requestHandoff(
  ctx: Context,
  sessionId: string,
  input: { issueSummary: string; customerContact?: string | undefined },
) {
  if (!input.customerContact && !hoursStatus(businessHoursOf(await loadSettings(ctx.prisma)), ctx.clock.now()).open) {
    if (!(await knownContact(ctx.prisma, sessionId))) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: "We're away right now: leave your email so we can answer you there.",
      });
    }
  }
  return escalateConversation(ctx, sessionId, {
    issueSummary: input.issueSummary,
    customerContact: input.customerContact,
    reason: await handoffReason(ctx.prisma, sessionId),
  });
}

export async function escalateConversation(
  ctx: Context,
  sessionId: string,
  input: { issueSummary: string; customerContact?: string | null; reason: HandoffReason },
) {
  const now = ctx.clock.now();
  const result = await ctx.prisma.$transaction(
    async (tx) => {
      // Serialise escalations of one conversation: a double click or a retry finds the same ticket.
      await lockConversation(tx, sessionId);
      const contact = input.customerContact ?? (await knownContact(tx, sessionId));
      const handOff = (reference: string) =>
        changeConversationStatus(
          tx,
          sessionId,
          { kind: "handoff_requested", reason: input.reason, ticketReference: reference, contact },
          now,
          { jobs: ctx.jobs },
        );

      const open = await tx.ticket.findFirst({
        where: { sessionId, status: { not: "resolved" } },
        orderBy: { createdAt: "desc" },
      });
      if (open) {
        // Asking again after staff handed the conversation back: hand it to a person again.
        const ticket =
          contact && !open.customerContact
            ? await tx.ticket.update({ where: { id: open.id }, data: { customerContact: contact } })
            : open;
        await handOff(ticketReference(open.number));
        return { ticket, created: false };
      }
      const recent = await tx.message.findMany({
        where: { sessionId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: SNAPSHOT_MESSAGES,
      });
      const snapshot: SnapshotMessage[] = recent.reverse().map((m) => ({
        role: m.role,
        content: m.content,
        createdAt: m.createdAt.toISOString(),
        authorName: m.authorName,
      }));
      const ticket = await tx.ticket.create({
        data: {
          sessionId,
          issueSummary: input.issueSummary,
          customerContact: contact,
          conversationSnapshot: snapshot as unknown as Prisma.InputJsonValue,
        },
      });
      await handOff(ticketReference(ticket.number));
      await enqueueWebhookEvent(
        tx,
        ctx.jobs,
        "ticket.created",
        {
          ticketId: ticket.id,
          reference: ticketReference(ticket.number),
          conversationId: sessionId,
          issueSummary: ticket.issueSummary,
          status: ticket.status,
        },
        now,
      );
      return { ticket, created: true };
    },
    { timeout: 10_000 },
  );
  if (result.created) {
    ctx.log.info({ ticketId: result.ticket.id, sessionId, reason: input.reason }, "ticket created");
    ctx.notifier.ticketCreated(result.ticket.id);
  }
  return { ...result, reference: ticketReference(result.ticket.number) };
}
