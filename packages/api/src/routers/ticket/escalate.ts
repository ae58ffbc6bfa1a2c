// Hands a conversation to people: one open ticket per conversation (with a snapshot of its last
// messages), the conversation moved to hand-off with the reason, a note in the thread, staff
// mailed. Used by the widget's button and by the chat turn (asked in words, or repeated misses).
import { type Prisma } from "@support/db";
import { ticketReference, type SnapshotMessage } from "@support/schemas";
import type { Context } from "../../context.ts";

export const SNAPSHOT_MESSAGES = 10;

export type HandoffReason = "customer_request" | "missing_knowledge" | "model_failure";

export async function escalateConversation(
  ctx: Context,
  sessionId: string,
  input: { issueSummary: string; customerContact?: string | null; reason: HandoffReason },
) {
  const now = ctx.clock.now();
  const result = await ctx.prisma.$transaction(
    async (tx) => {
      // Serialise escalations of one conversation: a double click or a retry finds the same ticket.
      await tx.$queryRaw`SELECT id FROM "Session" WHERE id = ${sessionId}::uuid FOR UPDATE`;
      const session = await tx.session.findUniqueOrThrow({ where: { id: sessionId } });
      const handOff = () =>
        tx.session.update({ where: { id: sessionId }, data: { status: "handoff", handoffReason: input.reason, handoffAt: now, lastSeenAt: now } });

      const open = await tx.ticket.findFirst({ where: { sessionId, status: { not: "resolved" } }, orderBy: { createdAt: "desc" } });
      if (open) {
        // Asking again after staff handed the conversation back: hand it to a person again.
        if (session.status !== "handoff") {
          await handOff();
          await tx.message.create({
            data: { sessionId, role: "system", content: `A person from our team will reply here (ticket ${ticketReference(open.number)}).` },
          });
        }
        return { ticket: open, created: false };
      }
      const recent = await tx.message.findMany({ where: { sessionId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: SNAPSHOT_MESSAGES });
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
          customerContact: input.customerContact ?? null,
          conversationSnapshot: snapshot as unknown as Prisma.InputJsonValue,
        },
      });
      await handOff();
      const contact = input.customerContact ? ` or by email at ${input.customerContact}` : "";
      await tx.message.create({
        data: {
          sessionId,
          role: "system",
          content: `Your request has been passed to our team (ticket ${ticketReference(ticket.number)}). A person will reply here${contact}.`,
        },
      });
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
