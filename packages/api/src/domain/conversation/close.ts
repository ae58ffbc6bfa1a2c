// Ending a hand-off: the conversation is marked closed and the customer sees a system note saying
// who resolved it. Shared by the inbox's Resolve button and by resolving tickets.
import type { PrismaClient } from "@support/db";
import { changeConversationStatus, lockConversation } from "./status.ts";

/**
 * Closes a conversation and posts the note, in one transaction (the customer never sees one
 * without the other). `resolveTicketsAt` also resolves its unresolved tickets (the inbox's Resolve);
 * without it, a conversation that still has an unresolved ticket stays open. Only a conversation
 * in `onlyFrom` is closed, so a repeated call posts no second note. Returns whether it closed.
 */
export async function closeConversation(
  prisma: PrismaClient,
  sessionId: string,
  opts: { byName: string | null; resolveTicketsAt?: Date; onlyFrom?: Array<"bot" | "handoff">; now?: Date },
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    // Locked first, as escalation does: no ticket can be opened between the count and the close.
    await lockConversation(tx, sessionId);
    if (opts.resolveTicketsAt) {
      await tx.ticket.updateMany({
        where: { sessionId, status: { not: "resolved" } },
        data: { status: "resolved", resolvedAt: opts.resolveTicketsAt },
      });
    }
    const unresolved = await tx.ticket.count({ where: { sessionId, status: { not: "resolved" } } });
    if (unresolved > 0) return false;
    const result = await changeConversationStatus(
      tx,
      sessionId,
      { kind: "resolved", byName: opts.byName },
      opts.now ?? new Date(),
      {
        onlyFrom: opts.onlyFrom ?? ["handoff"],
      },
    );
    return result.changed;
  });
}

/**
 * After tickets were resolved: closes each of their conversations that is in hand-off and has no
 * other unresolved ticket. Returns the ids of the conversations it closed.
 */
export async function closeHandoffsOfResolvedTickets(
  prisma: PrismaClient,
  ticketIds: string[],
  byName: string | null,
): Promise<string[]> {
  if (ticketIds.length === 0) return [];
  const sessions = await prisma.session.findMany({
    where: { status: "handoff", tickets: { some: { id: { in: ticketIds } }, none: { status: { not: "resolved" } } } },
    select: { id: true },
  });
  const closed: string[] = [];
  for (const s of sessions) if (await closeConversation(prisma, s.id, { byName })) closed.push(s.id);
  return closed;
}
