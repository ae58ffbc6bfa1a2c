// What staff do with a conversation in the Inbox: read it whole, reply (the first reply of a
// hand-off is that person joining), take it, give it to a colleague, leave internal notes, mark it
// read, hand it back to the bot, resolve it. Status changes go through domain/conversation/status.ts;
// the customer's widget hears of each change through the live stream (database triggers).
import { TRPCError } from "@trpc/server";
import { Prisma, type PrismaClient } from "@support/db";
import { ticketReference, type LiveMessage, type ZConversationNote, type ZInboxConversation } from "@support/schemas";
import type { z } from "zod";
import type { Context } from "../../context.ts";
import { enqueueWebhookEvent } from "../../jobs/webhooks.ts";
import { toLiveMessages } from "../../live/messages.ts";
import { closeConversation } from "../conversation/close.ts";
import { changeConversationStatus, type ConversationStatus } from "../conversation/status.ts";
import { scheduleFollowUp } from "../follow-up/follow-up.ts";
import { loadCustomerContext } from "./customer-context.ts";

/** The member of staff acting in the Inbox. */
export type InboxStaff = { id: string; name: string };

type Ctx = Pick<Context, "prisma" | "jobs" | "clock" | "config">;

async function loadConversation(prisma: PrismaClient, conversationId: string) {
  const session = await prisma.session.findUnique({ where: { id: conversationId } });
  if (!session) throw new TRPCError({ code: "NOT_FOUND", message: "No such conversation" });
  return session;
}

/** The whole conversation (not only the ticket's snapshot) with its latest ticket, notes and customer. */
export async function getConversation(
  prisma: PrismaClient,
  conversationId: string,
): Promise<z.input<typeof ZInboxConversation>> {
  const session = await loadConversation(prisma, conversationId);
  const [messages, ticket, owner, notes, customer] = await Promise.all([
    // The newest 1000 messages, shown oldest first.
    prisma.message
      .findMany({ where: { sessionId: session.id }, orderBy: { seq: "desc" }, take: 1000 })
      .then((m) => m.reverse()),
    prisma.ticket.findFirst({
      where: { sessionId: session.id },
      orderBy: { createdAt: "desc" },
      include: { assignee: { select: { name: true } } },
    }),
    session.assigneeId
      ? prisma.staffUser.findUnique({ where: { id: session.assigneeId }, select: { id: true, name: true } })
      : null,
    prisma.conversationNote.findMany({
      where: { sessionId: session.id },
      orderBy: { createdAt: "asc" },
      take: 500,
    }),
    loadCustomerContext(prisma, session),
  ]);
  const assignee =
    owner ?? (ticket?.assigneeId && ticket.assignee ? { id: ticket.assigneeId, name: ticket.assignee.name } : null);
  return {
    conversationId: session.id,
    status: session.status,
    handoffReason: session.handoffReason,
    joinedByName: session.joinedByName,
    assignee,
    messages: await toLiveMessages(prisma, messages),
    notes: notes.map((n) => ({ id: n.id, authorName: n.authorName, body: n.body, createdAt: n.createdAt })),
    ticket: ticket
      ? {
          id: ticket.id,
          reference: ticketReference(ticket.number),
          status: ticket.status,
          issueSummary: ticket.issueSummary,
          customerContact: ticket.customerContact,
          assignee: ticket.assignee?.name ?? null,
        }
      : null,
    customer,
    erasedAt: session.erasedAt,
  };
}

/**
 * A staff reply, shown in the customer's widget at once. The first reply of a hand-off is that
 * person joining (the customer stops "waiting"); replying to a bot conversation takes it over.
 * Refused (CONFLICT) when a colleague replied after `lastSeenSeq`, and (PRECONDITION_FAILED) once
 * the customer's data was erased. A retried `clientMessageId` returns the stored reply.
 */
export async function replyAsStaff(
  ctx: Ctx,
  staff: InboxStaff,
  input: { conversationId: string; clientMessageId: string; text: string; lastSeenSeq?: string | undefined },
): Promise<LiveMessage> {
  const session = await loadConversation(ctx.prisma, input.conversationId);
  // Erasure replaced the customer's token: a reply would reopen an anonymous shell nobody can read.
  if (session.erasedAt)
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: "This conversation's data was erased; the customer can no longer be reached here.",
    });
  const now = ctx.clock.now();
  const stored = await ctx.prisma.message.findUnique({
    where: { sessionId_clientMessageId: { sessionId: session.id, clientMessageId: input.clientMessageId } },
  });
  if (stored) return (await toLiveMessages(ctx.prisma, [stored]))[0]!;
  let message;
  try {
    message = await ctx.prisma.$transaction(async (tx) => {
      // The "joined" notice goes before the reply it introduces. (It also locks the conversation,
      // so a colleague's reply can't slip in between the check below and this one.)
      await changeConversationStatus(tx, session.id, { kind: "staff_joined", staffName: staff.name }, now, {
        jobs: ctx.jobs,
      });
      if (input.lastSeenSeq !== undefined) {
        const unseen = await tx.message.findFirst({
          where: {
            sessionId: session.id,
            role: "agent",
            seq: { gt: BigInt(input.lastSeenSeq) },
            NOT: { authorStaffId: staff.id },
          },
          orderBy: { seq: "asc" },
        });
        if (unseen) {
          throw new TRPCError({
            code: "CONFLICT",
            message: `${unseen.authorName ?? "A colleague"} replied while you were writing. Read their reply, then send yours again.`,
          });
        }
      }
      await tx.session.updateMany({
        where: { id: session.id, assigneeId: null },
        data: { assigneeId: staff.id },
      });
      const created = await tx.message.create({
        data: {
          sessionId: session.id,
          role: "agent",
          content: input.text,
          clientMessageId: input.clientMessageId,
          authorStaffId: staff.id,
          authorName: staff.name,
        },
      });
      await tx.session.update({ where: { id: session.id }, data: { staffReadSeq: created.seq } });
      await enqueueWebhookEvent(
        tx,
        ctx.jobs,
        "message.created",
        {
          conversationId: session.id,
          messageId: created.id,
          role: "staff",
          content: created.content,
          authorName: created.authorName,
        },
        now,
      );
      // Emailed to the customer if they haven't seen it in a few minutes (domain/follow-up).
      await scheduleFollowUp(tx, session.id, created.seq, now, ctx.config.followUpDelayMs);
      // The first human answer starts work on the ticket.
      await tx.ticket.updateMany({
        where: { sessionId: session.id, status: "open" },
        data: { status: "in_progress", assigneeId: staff.id },
      });
      return created;
    });
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
    // A retried send: return the stored reply.
    message = await ctx.prisma.message.findUniqueOrThrow({
      where: { sessionId_clientMessageId: { sessionId: session.id, clientMessageId: input.clientMessageId } },
    });
  }
  const [live] = await toLiveMessages(ctx.prisma, [message]);
  return live!;
}

/**
 * An internal note for colleagues, shown in the thread in the console only. Notes live in their
 * own table: the widget, the model's prompt, follow-up emails and webhooks read messages, never
 * notes. Consoles hear of a new note through the "changed" event (a trigger), not the customer.
 */
export async function addConversationNote(
  prisma: PrismaClient,
  staff: InboxStaff,
  input: { conversationId: string; clientNoteId: string; text: string },
): Promise<z.input<typeof ZConversationNote>> {
  const session = await loadConversation(prisma, input.conversationId);
  const key = { sessionId_clientNoteId: { sessionId: session.id, clientNoteId: input.clientNoteId } };
  const note =
    (await prisma.conversationNote.findUnique({ where: key })) ??
    (await prisma.conversationNote
      .create({
        data: {
          sessionId: session.id,
          clientNoteId: input.clientNoteId,
          authorStaffId: staff.id,
          authorName: staff.name,
          body: input.text,
        },
      })
      .catch(async (err: unknown) => {
        // Sent twice at once: the other call stored it.
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")
          return prisma.conversationNote.findUniqueOrThrow({ where: key });
        throw err;
      }));
  return { id: note.id, authorName: note.authorName, body: note.body, createdAt: note.createdAt };
}

/**
 * A member of staff takes a waiting conversation before writing, or takes over one the bot is
 * handling: the customer sees them join, and the conversation and its open ticket are theirs.
 * A conversation a colleague already took is refused (CONFLICT) and names them.
 */
export async function takeConversation(
  ctx: Ctx,
  staff: InboxStaff,
  conversationId: string,
): Promise<{ status: ConversationStatus; joinedByName: string | null }> {
  const session = await loadConversation(ctx.prisma, conversationId);
  return ctx.prisma.$transaction(async (tx) => {
    const result = await changeConversationStatus(
      tx,
      session.id,
      { kind: "staff_joined", staffName: staff.name },
      ctx.clock.now(),
      { onlyFrom: ["handoff", "bot"] },
    );
    if (result.changed) {
      await tx.session.update({ where: { id: session.id }, data: { assigneeId: staff.id } });
      await tx.ticket.updateMany({
        where: { sessionId: session.id, status: { not: "resolved" } },
        data: { assigneeId: staff.id },
      });
    } else if (result.status === "handoff" && result.joinedByName !== null && result.joinedByName !== staff.name) {
      const current = await tx.session.findUniqueOrThrow({
        where: { id: session.id },
        select: { assigneeId: true },
      });
      if (current.assigneeId !== staff.id) {
        throw new TRPCError({
          code: "CONFLICT",
          message: `${result.joinedByName} has already taken this conversation.`,
        });
      }
    }
    return { status: result.status, joinedByName: result.joinedByName };
  });
}

/**
 * Gives the conversation (and its open ticket) to a member of staff, or to nobody. Only the owner
 * changes: the customer sees someone join when that person takes it or replies.
 */
export async function assignConversation(
  prisma: PrismaClient,
  conversationId: string,
  assigneeId: string | null,
): Promise<{ assignee: InboxStaff | null }> {
  const session = await loadConversation(prisma, conversationId);
  let assignee: InboxStaff | null = null;
  if (assigneeId) {
    const person = await prisma.staffUser.findUnique({
      where: { id: assigneeId },
      select: { id: true, name: true, isActive: true },
    });
    if (!person || !person.isActive)
      throw new TRPCError({ code: "BAD_REQUEST", message: "Choose an active member of staff." });
    assignee = { id: person.id, name: person.name };
  }
  await prisma.$transaction([
    prisma.session.update({ where: { id: session.id }, data: { assigneeId } }),
    prisma.ticket.updateMany({
      where: { sessionId: session.id, status: { not: "resolved" } },
      data: { assigneeId },
    }),
  ]);
  return { assignee };
}

/** Staff have read the conversation up to its latest message (the Inbox's unread count). */
export async function markConversationRead(prisma: PrismaClient, conversationId: string): Promise<void> {
  await loadConversation(prisma, conversationId);
  const last = await prisma.message.findFirst({
    where: { sessionId: conversationId },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  await prisma.session.update({ where: { id: conversationId }, data: { staffReadSeq: last?.seq ?? 0n } });
}

/** The bot answers again; the customer sees a note in the thread. */
export async function handBackConversation(ctx: Ctx, staff: InboxStaff, conversationId: string): Promise<void> {
  const session = await loadConversation(ctx.prisma, conversationId);
  if (session.status === "bot") return;
  await ctx.prisma.$transaction((tx) =>
    changeConversationStatus(tx, session.id, { kind: "handed_back", staffName: staff.name }, ctx.clock.now()),
  );
}

/** Ends the hand-off and resolves the conversation's open tickets. Already closed: nothing changes, no second note. */
export async function resolveConversation(ctx: Ctx, staff: InboxStaff, conversationId: string): Promise<void> {
  const session = await loadConversation(ctx.prisma, conversationId);
  await closeConversation(ctx.prisma, session.id, {
    byName: staff.name,
    resolveTicketsAt: ctx.clock.now(),
    onlyFrom: ["bot", "handoff"],
    now: ctx.clock.now(),
  });
}
