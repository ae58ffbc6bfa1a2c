// When the widget offers the customer a person. The bot never hands a conversation over itself: after
// a reply that could not help it offers one ("Yes, connect me" / "No thanks"), and a customer who
// asks for a person in words gets the offer already accepted (straight to the contact step).
// "No thanks" is remembered, so the offer comes back only after two misses in a row since then.
import { asksForHuman } from "@support/assistant";
import type { PrismaClient } from "@support/db";

/** "offered": show the buttons; "accepted": show the hand-off step (contact, then ticket). */
export type HandoffOffer = "offered" | "accepted";

/** Bot replies in a row that could not help, after a "No thanks", before the offer is made again. */
export const MISSES_AFTER_DECLINE = 2;

type OfferState = {
  status: "bot" | "handoff" | "closed";
  handoffAt: Date | null;
  handoffDeclinedAt: Date | null;
  /** Newest first. */
  lastReplies: Array<{ handoffSuggested: boolean; createdAt: Date }>;
  lastUserMessage: { content: string; createdAt: Date; answered: boolean } | null;
  ticketSince: boolean;
};

/** The rule itself, on a conversation's state (pure, so the table of cases is easy to read). */
export function decideHandoffOffer(s: OfferState): HandoffOffer | null {
  if (s.status === "handoff") return null;
  const after = (d: Date, since: Date | null) => since === null || d > since;
  const u = s.lastUserMessage;
  if (
    u &&
    !u.answered &&
    asksForHuman(u.content) &&
    after(u.createdAt, s.handoffAt) &&
    after(u.createdAt, s.handoffDeclinedAt) &&
    !s.ticketSince
  ) {
    return "accepted";
  }
  const [last] = s.lastReplies;
  if (!last?.handoffSuggested || !after(last.createdAt, s.handoffAt)) return null;
  if (s.handoffDeclinedAt === null) return "offered";
  const misses = s.lastReplies.slice(0, MISSES_AFTER_DECLINE);
  return misses.length === MISSES_AFTER_DECLINE &&
    misses.every((r) => r.handoffSuggested && after(r.createdAt, s.handoffDeclinedAt))
    ? "offered"
    : null;
}

/** The offer the widget should show now for this conversation (after a turn, or on reload). */
export async function pendingHandoffOffer(prisma: PrismaClient, sessionId: string): Promise<HandoffOffer | null> {
  const [session, lastReplies, lastUser] = await Promise.all([
    prisma.session.findUniqueOrThrow({
      where: { id: sessionId },
      select: { status: true, handoffAt: true, handoffDeclinedAt: true },
    }),
    prisma.message.findMany({
      where: { sessionId, role: "assistant" },
      orderBy: { seq: "desc" },
      take: MISSES_AFTER_DECLINE,
      select: { handoffSuggested: true, createdAt: true },
    }),
    prisma.message.findFirst({
      where: { sessionId, role: "user" },
      orderBy: { seq: "desc" },
      select: { content: true, createdAt: true, reply: { select: { id: true } } },
    }),
  ]);
  const ticketSince = lastUser
    ? (await prisma.ticket.count({ where: { sessionId, createdAt: { gte: lastUser.createdAt } } })) > 0
    : false;
  return decideHandoffOffer({
    ...session,
    lastReplies,
    lastUserMessage: lastUser
      ? { content: lastUser.content, createdAt: lastUser.createdAt, answered: lastUser.reply !== null }
      : null,
    ticketSince,
  });
}
