// Tickets for staff and scripts: a filtered list with counts per status, one ticket with its
// conversation snapshot and notes, status changes (server-enforced), assignment, notes, bulk resolve.
// The rules live in domain/ticket/tickets.ts.
import type { TRPCRouterRecord } from "@trpc/server";
import {
  ZTicketAddNoteInput,
  ZTicketAssignInput,
  ZTicketAssignees,
  ZTicketBulkResolveInput,
  ZTicketBulkResolveOutput,
  ZTicketDetail,
  ZTicketId,
  ZTicketListInput,
  ZTicketListOutput,
  ZTicketNote,
  ZTicketSetStatusInput,
  ZTicketSummary,
} from "@support/schemas";
import {
  addTicketNote,
  assignTicket,
  getTicket,
  listAssignees,
  listTickets,
  resolveTickets,
  setTicketStatus,
  type TicketActor,
} from "../../domain/ticket/tickets.ts";
import { staffOrApiProcedure } from "../../trpc.ts";

const ticketRead = staffOrApiProcedure("ticket:read");
const ticketWrite = staffOrApiProcedure("ticket:write");

// staffOrApiProcedure's ctx.actor is typed from its first branch only; it is really either.
const actorOf = (ctx: { actor: unknown }) => ctx.actor as TicketActor;

export const staffTicketRouter = {
  list: ticketRead
    .meta({ readsCustomerData: true })
    .input(ZTicketListInput)
    .output(ZTicketListOutput)
    .query(({ ctx, input }) => listTickets(ctx.prisma, input)),

  get: ticketRead
    .meta({ readsCustomerData: true })
    .input(ZTicketId)
    .output(ZTicketDetail)
    .query(({ ctx, input }) => getTicket(ctx.prisma, input.id)),

  /** Staff who can be assigned a ticket (any role, active only). */
  assignees: ticketRead.output(ZTicketAssignees).query(({ ctx }) => listAssignees(ctx.prisma)),

  setStatus: ticketWrite
    .input(ZTicketSetStatusInput)
    .output(ZTicketSummary)
    .mutation(({ ctx, input }) => setTicketStatus(ctx, input.id, input.status, actorOf(ctx))),

  /** Resolves every listed ticket that isn't resolved yet; already resolved ones are skipped. */
  bulkResolve: ticketWrite
    .input(ZTicketBulkResolveInput)
    .output(ZTicketBulkResolveOutput)
    .mutation(({ ctx, input }) => resolveTickets(ctx, input.ids, actorOf(ctx))),

  assign: ticketWrite
    .input(ZTicketAssignInput)
    .output(ZTicketSummary)
    .mutation(({ ctx, input }) => assignTicket(ctx, input.id, input.assigneeId, actorOf(ctx))),

  /** Internal notes: staff only see them; the customer never does. */
  addNote: ticketWrite
    .input(ZTicketAddNoteInput)
    .output(ZTicketNote)
    .mutation(({ ctx, input }) => addTicketNote(ctx, input.id, input.body, actorOf(ctx))),
} satisfies TRPCRouterRecord;
