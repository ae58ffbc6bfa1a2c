// Tickets for staff and scripts: the filtered list with counts per status, one ticket with its
// conversation snapshot and notes, status changes (one transition table, compare-and-set),
// assignment, notes, bulk resolve. Every change announces ticket.updated (webhooks) in its own
// transaction; resolving a ticket ends its conversation's hand-off (domain/conversation/close.ts).
import { TRPCError } from "@trpc/server";
import type { Prisma, PrismaClient, TicketStatus } from "@support/db";
import {
  ZSnapshotMessage,
  ticketReference,
  type SnapshotMessage,
  type TicketListInput,
  type TicketSummary,
  type ZTicketDetail,
  type ZTicketListOutput,
  type ZTicketNote,
} from "@support/schemas";
import type { z } from "zod";
import type { Context } from "../../context.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { enqueueWebhookEvent } from "../../jobs/webhooks.ts";
import { literalContains } from "../../lib/like.ts";
import { closeHandoffsOfResolvedTickets } from "../conversation/close.ts";
import { changeConversationStatus } from "../conversation/status.ts";

/** Allowed status changes: work starts, work ends, and a resolved ticket can be reopened. */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ["in_progress", "resolved"],
  in_progress: ["resolved", "open"],
  resolved: ["open"],
};

/** Who changes a ticket: a member of staff, or a script with an API token. */
export type TicketActor =
  { kind: "staff"; staffId: string; name: string } | { kind: "api"; tokenId: string; name: string };

type Ctx = Pick<Context, "prisma" | "jobs" | "clock" | "log">;

/** ticket.updated for each ticket, inside the transaction that changed them. */
export async function ticketsUpdated(tx: Prisma.TransactionClient, jobs: JobQueue | null, ids: string[], now: Date) {
  const tickets = await tx.ticket.findMany({
    where: { id: { in: ids } },
    select: { id: true, number: true, sessionId: true, status: true, assigneeId: true },
  });
  for (const t of tickets) {
    await enqueueWebhookEvent(
      tx,
      jobs,
      "ticket.updated",
      {
        ticketId: t.id,
        reference: ticketReference(t.number),
        conversationId: t.sessionId,
        status: t.status,
        assigneeId: t.assigneeId,
      },
      now,
    );
  }
}

const summaryInclude = { assignee: { select: { id: true, name: true } } } as const;
type TicketWithAssignee = Prisma.TicketGetPayload<{ include: typeof summaryInclude }>;

function toSummary(t: TicketWithAssignee): TicketSummary {
  return {
    id: t.id,
    number: t.number,
    reference: ticketReference(t.number),
    status: t.status,
    issueSummary: t.issueSummary,
    customerContact: t.customerContact,
    assignee: t.assignee,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    resolvedAt: t.resolvedAt,
  };
}

function parseSnapshot(json: unknown): SnapshotMessage[] {
  const parsed = ZSnapshotMessage.array().safeParse(json);
  return parsed.success ? parsed.data : [];
}

async function findTicketOrThrow(prisma: PrismaClient, id: string) {
  const ticket = await prisma.ticket.findUnique({ where: { id } });
  if (!ticket) throw new TRPCError({ code: "NOT_FOUND", message: "No ticket with that id" });
  return ticket;
}

/** Who the customer is told resolved their conversation: a person's name, never a token's. */
function resolverName(actor: TicketActor): string | null {
  return actor.kind === "staff" ? actor.name : null;
}

function statusData(to: TicketStatus, now: Date) {
  return { status: to, resolvedAt: to === "resolved" ? now : null };
}

function listWhere(input: TicketListInput): Prisma.TicketWhereInput {
  const search = input.search?.replace(/^#/, "");
  const number = search && /^\d{1,9}$/.test(search) ? Number(search) : null;
  const text = input.search ? literalContains(input.search) : "";
  return {
    ...((input.from || input.to) && {
      createdAt: { ...(input.from && { gte: input.from }), ...(input.to && { lt: input.to }) },
    }),
    ...(input.assignee && { assigneeId: input.assignee === "unassigned" ? null : input.assignee }),
    ...(input.search && {
      OR: [
        { issueSummary: { contains: text, mode: "insensitive" } },
        { customerContact: { contains: text, mode: "insensitive" } },
        { notes: { some: { body: { contains: text, mode: "insensitive" } } } },
        ...(number !== null ? [{ number }] : []),
      ],
    }),
  };
}

export async function listTickets(
  prisma: PrismaClient,
  input: TicketListInput,
): Promise<z.input<typeof ZTicketListOutput>> {
  const base = listWhere(input);
  const where = input.status ? { ...base, status: input.status } : base;
  const [items, total, groups] = await Promise.all([
    prisma.ticket.findMany({
      where,
      include: summaryInclude,
      orderBy: [{ createdAt: "desc" }, { number: "desc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
    prisma.ticket.count({ where }),
    prisma.ticket.groupBy({ by: ["status"], where: base, _count: { _all: true } }),
  ]);
  const counts = { open: 0, in_progress: 0, resolved: 0 };
  for (const g of groups) counts[g.status] = g._count._all;
  return { items: items.map(toSummary), total, page: input.page, pageSize: input.pageSize, counts };
}

export async function getTicket(prisma: PrismaClient, id: string): Promise<z.input<typeof ZTicketDetail>> {
  const ticket = await prisma.ticket.findUnique({
    where: { id },
    include: {
      ...summaryInclude,
      session: { select: { id: true, status: true } },
      notes: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: { author: { select: { id: true, name: true } } },
      },
    },
  });
  if (!ticket) throw new TRPCError({ code: "NOT_FOUND", message: "No ticket with that id" });
  return {
    ...toSummary(ticket),
    conversationId: ticket.session.id,
    conversationStatus: ticket.session.status,
    snapshot: parseSnapshot(ticket.conversationSnapshot),
    notes: ticket.notes.map((n) => ({ id: n.id, body: n.body, author: n.author, createdAt: n.createdAt })),
    allowedTransitions: [...TICKET_TRANSITIONS[ticket.status]],
    rating:
      ticket.rating !== null && ticket.ratedAt
        ? { score: ticket.rating, comment: ticket.ratingComment, ratedAt: ticket.ratedAt }
        : null,
  };
}

/** Staff who can be assigned a ticket (any role, active only). */
export function listAssignees(prisma: PrismaClient) {
  return prisma.staffUser.findMany({
    where: { isActive: true },
    select: { id: true, name: true, role: true },
    orderBy: { name: "asc" },
  });
}

/** Moves a ticket along TICKET_TRANSITIONS; resolving it ends its conversation's hand-off. */
export async function setTicketStatus(
  ctx: Ctx,
  id: string,
  to: TicketStatus,
  actor: TicketActor,
): Promise<TicketSummary> {
  const ticket = await findTicketOrThrow(ctx.prisma, id);
  if (!TICKET_TRANSITIONS[ticket.status].includes(to)) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `A ticket that is ${ticket.status.replace("_", " ")} can't be moved to ${to.replace("_", " ")}`,
    });
  }
  // Compare-and-set on the old status so two agents clicking at once can't both "win".
  const changed = await ctx.prisma.$transaction(async (tx) => {
    const result = await tx.ticket.updateMany({
      where: { id: ticket.id, status: ticket.status },
      data: statusData(to, ctx.clock.now()),
    });
    if (result.count) await ticketsUpdated(tx, ctx.jobs, [ticket.id], ctx.clock.now());
    return result;
  });
  if (changed.count === 0)
    throw new TRPCError({
      code: "CONFLICT",
      message: "Someone else changed this ticket just now. Reload and try again.",
    });
  ctx.log.info({ ticketId: ticket.id, from: ticket.status, to, actor }, "ticket status changed");
  // The customer's last open request is done: a live hand-off ends with it.
  if (to === "resolved") await closeHandoffsOfResolvedTickets(ctx.prisma, [ticket.id], resolverName(actor));
  return toSummary(await ctx.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: summaryInclude }));
}

/** Resolves every listed ticket that isn't resolved yet; already resolved ones are skipped. */
export async function resolveTickets(
  ctx: Ctx,
  ids: string[],
  actor: TicketActor,
): Promise<{ resolved: number; skipped: number }> {
  const unique = [...new Set(ids)];
  const unresolved = await ctx.prisma.ticket.findMany({
    where: { id: { in: unique }, status: { not: "resolved" } },
    select: { id: true },
  });
  const { count } = await ctx.prisma.$transaction(async (tx) => {
    const result = await tx.ticket.updateMany({
      where: { id: { in: unresolved.map((t) => t.id) }, status: { not: "resolved" } },
      data: statusData("resolved", ctx.clock.now()),
    });
    await ticketsUpdated(
      tx,
      ctx.jobs,
      unresolved.map((t) => t.id),
      ctx.clock.now(),
    );
    return result;
  });
  ctx.log.info({ resolved: count, actor }, "tickets resolved in bulk");
  // Only conversations whose ticket this call resolved; an old resolved ticket closes nothing.
  await closeHandoffsOfResolvedTickets(
    ctx.prisma,
    unresolved.map((t) => t.id),
    resolverName(actor),
  );
  return { resolved: count, skipped: unique.length - count };
}

/**
 * Gives a ticket (and its conversation, while the ticket is open) to a member of staff or nobody.
 * Assigning themselves is a person taking a waiting conversation: the customer sees them join.
 */
export async function assignTicket(
  ctx: Ctx,
  id: string,
  assigneeId: string | null,
  actor: TicketActor,
): Promise<TicketSummary> {
  await findTicketOrThrow(ctx.prisma, id);
  if (assigneeId) {
    const person = await ctx.prisma.staffUser.findUnique({ where: { id: assigneeId } });
    if (!person || !person.isActive)
      throw new TRPCError({ code: "BAD_REQUEST", message: "assigneeId: Choose an active staff member" });
  }
  const updated = await ctx.prisma.$transaction(async (tx) => {
    const ticket = await tx.ticket.update({ where: { id }, data: { assigneeId }, include: summaryInclude });
    // The ticket's owner owns its conversation in the Inbox too.
    if (ticket.status !== "resolved")
      await tx.session.update({ where: { id: ticket.sessionId }, data: { assigneeId } });
    // Assigning someone else is not a join (they haven't joined yet).
    if (actor.kind === "staff" && assigneeId === actor.staffId && ticket.status !== "resolved") {
      await changeConversationStatus(
        tx,
        ticket.sessionId,
        { kind: "staff_joined", staffName: actor.name },
        ctx.clock.now(),
        { onlyFrom: ["handoff"] },
      );
    }
    await ticketsUpdated(tx, ctx.jobs, [ticket.id], ctx.clock.now());
    return ticket;
  });
  return toSummary(updated);
}

/** An internal note: staff only see it; the customer never does. A note moves the ticket up in "recently updated". */
export async function addTicketNote(
  ctx: Ctx,
  id: string,
  text: string,
  actor: TicketActor,
): Promise<z.input<typeof ZTicketNote>> {
  await findTicketOrThrow(ctx.prisma, id);
  const authorId = actor.kind === "staff" ? actor.staffId : null;
  const body = actor.kind === "api" ? `${text}\n\n(added by API token "${actor.name}")` : text;
  const [note] = await ctx.prisma.$transaction([
    ctx.prisma.ticketNote.create({
      data: { ticketId: id, authorId, body },
      include: { author: { select: { id: true, name: true } } },
    }),
    ctx.prisma.ticket.update({ where: { id }, data: { updatedAt: ctx.clock.now() } }),
  ]);
  return { id: note.id, body: note.body, author: note.author, createdAt: note.createdAt };
}
