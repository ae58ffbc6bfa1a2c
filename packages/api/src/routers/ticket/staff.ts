// Tickets for staff and scripts: a filtered list with counts per status, one ticket with its
// conversation snapshot and notes, status changes (server-enforced), assignment, notes, bulk resolve.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import type { Prisma, PrismaClient, TicketStatus } from "@support/db";
import { ZSnapshotMessage, ZTicketStatus, ticketReference, zDateInput, zText } from "@support/schemas";
import { z } from "zod";
import { literalContains } from "../../lib/like.ts";
import { staffOrApiProcedure } from "../../trpc.ts";
import { closeHandoffsOfResolvedTickets } from "../../domain/conversation/close.ts";
import { changeConversationStatus } from "../../domain/conversation/status.ts";
import { enqueueWebhookEvent } from "../../jobs/webhooks.ts";
import type { JobQueue } from "../../jobs/queue.ts";

/** ticket.updated for each ticket, inside the transaction that changed them. */
async function ticketsUpdated(tx: Prisma.TransactionClient, jobs: JobQueue | null, ids: string[], now: Date) {
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

const ticketRead = staffOrApiProcedure("ticket:read");
const ticketWrite = staffOrApiProcedure("ticket:write");

/** Allowed status changes: work starts, work ends, and a resolved ticket can be reopened. */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ["in_progress", "resolved"],
  in_progress: ["resolved", "open"],
  resolved: ["open"],
};

const ZPerson = z.object({ id: z.string().uuid(), name: z.string() }).nullable();

export const ZTicketSummary = z.object({
  id: z.string().uuid(),
  number: z.number().int(),
  reference: z.string(),
  status: ZTicketStatus,
  issueSummary: z.string(),
  customerContact: z.string().nullable(),
  assignee: ZPerson,
  createdAt: z.date(),
  updatedAt: z.date(),
  resolvedAt: z.date().nullable(),
});

export const ZTicketListInput = z
  .object({
    status: ZTicketStatus.optional(),
    /** Inclusive; a date without a time means the start of that day (UTC). */
    from: zDateInput().optional(),
    /** Exclusive end instant; the console sends the day after the chosen end date. */
    to: zDateInput().optional(),
    /** A staff member's id, or "unassigned". */
    assignee: z.union([z.string().uuid(), z.literal("unassigned")]).optional(),
    search: zText().trim().max(200).optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(200).default(25),
  })
  .default({ page: 1, pageSize: 25 });

export const ZTicketListOutput = z.object({
  items: z.array(ZTicketSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Per status, under the same filters except status. */
  counts: z.object({ open: z.number().int(), in_progress: z.number().int(), resolved: z.number().int() }),
});

export const ZTicketNote = z.object({ id: z.string().uuid(), body: z.string(), author: ZPerson, createdAt: z.date() });

export const ZTicketDetail = ZTicketSummary.extend({
  conversationId: z.string().uuid(),
  conversationStatus: z.enum(["bot", "handoff", "closed"]),
  snapshot: z.array(ZSnapshotMessage),
  notes: z.array(ZTicketNote),
  allowedTransitions: z.array(ZTicketStatus),
  /** The customer's rating after the hand-off was resolved, if they gave one. */
  rating: z.object({ score: z.number().int(), comment: z.string().nullable(), ratedAt: z.date() }).nullable(),
});

type Actor = { kind: "staff"; staffId: string; name: string } | { kind: "api"; tokenId: string; name: string };

const ZTicketId = z.object({ id: z.string().uuid() });

const summaryInclude = { assignee: { select: { id: true, name: true } } } as const;
type TicketWithAssignee = Prisma.TicketGetPayload<{ include: typeof summaryInclude }>;

function toSummary(t: TicketWithAssignee): z.infer<typeof ZTicketSummary> {
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

function parseSnapshot(json: unknown): z.infer<typeof ZSnapshotMessage>[] {
  const parsed = z.array(ZSnapshotMessage).safeParse(json);
  return parsed.success ? parsed.data : [];
}

async function findTicketOrThrow(prisma: PrismaClient, id: string) {
  const ticket = await prisma.ticket.findUnique({ where: { id } });
  if (!ticket) throw new TRPCError({ code: "NOT_FOUND", message: "No ticket with that id" });
  return ticket;
}

/** Who the customer is told resolved their conversation: a person's name, never a token's. */
function resolverName(actor: Actor): string | null {
  return actor.kind === "staff" ? actor.name : null;
}

function statusData(to: TicketStatus, now: Date) {
  return { status: to, resolvedAt: to === "resolved" ? now : null };
}

function listWhere(input: z.infer<typeof ZTicketListInput>): Prisma.TicketWhereInput {
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

export const staffTicketRouter = {
  list: ticketRead
    .meta({ readsCustomerData: true })
    .input(ZTicketListInput)
    .output(ZTicketListOutput)
    .query(async ({ ctx, input }) => {
      const base = listWhere(input);
      const where = input.status ? { ...base, status: input.status } : base;
      const [items, total, groups] = await Promise.all([
        ctx.prisma.ticket.findMany({
          where,
          include: summaryInclude,
          orderBy: [{ createdAt: "desc" }, { number: "desc" }],
          skip: (input.page - 1) * input.pageSize,
          take: input.pageSize,
        }),
        ctx.prisma.ticket.count({ where }),
        ctx.prisma.ticket.groupBy({ by: ["status"], where: base, _count: { _all: true } }),
      ]);
      const counts = { open: 0, in_progress: 0, resolved: 0 };
      for (const g of groups) counts[g.status] = g._count._all;
      return { items: items.map(toSummary), total, page: input.page, pageSize: input.pageSize, counts };
    }),

  get: ticketRead
    .meta({ readsCustomerData: true })
    .input(ZTicketId)
    .output(ZTicketDetail)
    .query(async ({ ctx, input }) => {
      const ticket = await ctx.prisma.ticket.findUnique({
        where: { id: input.id },
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
    }),

  /** Staff who can be assigned a ticket (any role, active only). */
  assignees: ticketRead
    .output(z.array(z.object({ id: z.string().uuid(), name: z.string(), role: z.enum(["admin", "agent"]) })))
    .query(({ ctx }) =>
      ctx.prisma.staffUser.findMany({
        where: { isActive: true },
        select: { id: true, name: true, role: true },
        orderBy: { name: "asc" },
      }),
    ),

  setStatus: ticketWrite
    .input(z.object({ id: z.string().uuid(), status: ZTicketStatus }))
    .output(ZTicketSummary)
    .mutation(async ({ ctx, input }) => {
      const ticket = await findTicketOrThrow(ctx.prisma, input.id);
      if (!TICKET_TRANSITIONS[ticket.status].includes(input.status)) {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: `A ticket that is ${ticket.status.replace("_", " ")} can't be moved to ${input.status.replace("_", " ")}`,
        });
      }
      // Compare-and-set on the old status so two agents clicking at once can't both "win".
      const changed = await ctx.prisma.$transaction(async (tx) => {
        const result = await tx.ticket.updateMany({
          where: { id: ticket.id, status: ticket.status },
          data: statusData(input.status, ctx.clock.now()),
        });
        if (result.count) await ticketsUpdated(tx, ctx.jobs, [ticket.id], ctx.clock.now());
        return result;
      });
      if (changed.count === 0)
        throw new TRPCError({
          code: "CONFLICT",
          message: "Someone else changed this ticket just now. Reload and try again.",
        });
      ctx.log.info(
        { ticketId: ticket.id, from: ticket.status, to: input.status, actor: ctx.actor },
        "ticket status changed",
      );
      // The customer's last open request is done: a live hand-off ends with it.
      if (input.status === "resolved")
        await closeHandoffsOfResolvedTickets(ctx.prisma, [ticket.id], resolverName(ctx.actor as Actor));
      return toSummary(
        await ctx.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: summaryInclude }),
      );
    }),

  /** Resolves every listed ticket that isn't resolved yet; already resolved ones are skipped. */
  bulkResolve: ticketWrite
    .input(z.object({ ids: z.array(z.string().uuid()).min(1, "Select at least one ticket").max(500) }))
    .output(z.object({ resolved: z.number().int(), skipped: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const ids = [...new Set(input.ids)];
      const unresolved = await ctx.prisma.ticket.findMany({
        where: { id: { in: ids }, status: { not: "resolved" } },
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
      ctx.log.info({ resolved: count, actor: ctx.actor }, "tickets resolved in bulk");
      // Only conversations whose ticket this call resolved; an old resolved ticket closes nothing.
      await closeHandoffsOfResolvedTickets(
        ctx.prisma,
        unresolved.map((t) => t.id),
        resolverName(ctx.actor as Actor),
      );
      return { resolved: count, skipped: ids.length - count };
    }),

  assign: ticketWrite
    .input(z.object({ id: z.string().uuid(), assigneeId: z.string().uuid().nullable() }))
    .output(ZTicketSummary)
    .mutation(async ({ ctx, input }) => {
      await findTicketOrThrow(ctx.prisma, input.id);
      if (input.assigneeId) {
        const person = await ctx.prisma.staffUser.findUnique({ where: { id: input.assigneeId } });
        if (!person || !person.isActive)
          throw new TRPCError({ code: "BAD_REQUEST", message: "assigneeId: Choose an active staff member" });
      }
      const actor = ctx.actor as Actor;
      const updated = await ctx.prisma.$transaction(async (tx) => {
        const ticket = await tx.ticket.update({
          where: { id: input.id },
          data: { assigneeId: input.assigneeId },
          include: summaryInclude,
        });
        // The ticket's owner owns its conversation in the Inbox too.
        if (ticket.status !== "resolved")
          await tx.session.update({ where: { id: ticket.sessionId }, data: { assigneeId: input.assigneeId } });
        // Assigning themselves to a waiting conversation's ticket is a person taking it: the
        // customer sees them join. Assigning someone else is not (they haven't joined yet).
        if (actor.kind === "staff" && input.assigneeId === actor.staffId && ticket.status !== "resolved") {
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
    }),

  /** Internal notes: staff only see them; the customer never does. */
  addNote: ticketWrite
    .input(
      z.object({
        id: z.string().uuid(),
        body: zText().trim().min(1, "Write a note first").max(5000, "Notes are at most 5000 characters"),
      }),
    )
    .output(ZTicketNote)
    .mutation(async ({ ctx, input }) => {
      await findTicketOrThrow(ctx.prisma, input.id);
      // staffOrApiProcedure's ctx.actor is typed from its first branch only; it is really either.
      const actor = ctx.actor as Actor;
      const authorId = actor.kind === "staff" ? actor.staffId : null;
      const body = actor.kind === "api" ? `${input.body}\n\n(added by API token "${actor.name}")` : input.body;
      const [note] = await ctx.prisma.$transaction([
        ctx.prisma.ticketNote.create({
          data: { ticketId: input.id, authorId, body },
          include: { author: { select: { id: true, name: true } } },
        }),
        // A note is activity: the ticket moves up in "recently updated".
        ctx.prisma.ticket.update({ where: { id: input.id }, data: { updatedAt: ctx.clock.now() } }),
      ]);
      return { id: note.id, body: note.body, author: note.author, createdAt: note.createdAt };
    }),
} satisfies TRPCRouterRecord;
