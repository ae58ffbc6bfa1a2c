// Escalation from the widget: a ticket with a snapshot of the conversation, staff notified, and
// the conversation handed to humans so the bot stops answering.
import type { TRPCRouterRecord } from "@trpc/server";
import { type Prisma } from "@support/db";
import { ZTicketCreateInput, ZTicketCreateOutput, ticketReference, type SnapshotMessage } from "@support/schemas";
import { customerProcedure } from "../../trpc.ts";

export const SNAPSHOT_MESSAGES = 10;

export const customerTicketRouter = {
  create: customerProcedure
    .input(ZTicketCreateInput)
    .output(ZTicketCreateOutput)
    .mutation(async ({ ctx, input }) => {
      const sessionId = ctx.session.id;
      // One open ticket per conversation: a double click or a retry returns the same ticket.
      const { ticket, created } = await ctx.prisma.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT id FROM "Session" WHERE id = ${sessionId}::uuid FOR UPDATE`;
          const open = await tx.ticket.findFirst({ where: { sessionId, status: { not: "resolved" } }, orderBy: { createdAt: "desc" } });
          if (open) {
            // Asking again after staff handed the conversation back: hand it to a person again.
            const session = await tx.session.findUniqueOrThrow({ where: { id: sessionId } });
            if (session.status !== "handoff") {
              await tx.session.update({
                where: { id: sessionId },
                data: { status: "handoff", handoffReason: "customer_request", handoffAt: ctx.clock.now(), lastSeenAt: ctx.clock.now() },
              });
              await tx.message.create({
                data: { sessionId, role: "system", content: `A person from our team will reply here (ticket ${ticketReference(open.number)}).` },
              });
            }
            return { ticket: open, created: false };
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
              customerContact: input.customerContact ?? null,
              conversationSnapshot: snapshot as unknown as Prisma.InputJsonValue,
            },
          });
          await tx.session.update({
            where: { id: sessionId },
            data: { status: "handoff", handoffReason: "customer_request", handoffAt: ctx.clock.now(), lastSeenAt: ctx.clock.now() },
          });
          await tx.message.create({
            data: {
              sessionId,
              role: "system",
              content: `Your request has been passed to our team (ticket ${ticketReference(ticket.number)}). A person will reply here${input.customerContact ? ` or by email at ${input.customerContact}` : ""}.`,
            },
          });
          return { ticket, created: true };
        },
        { timeout: 10_000 },
      );
      if (created) {
        ctx.log.info({ ticketId: ticket.id, sessionId }, "ticket created");
        ctx.notifier.ticketCreated(ticket.id);
      }
      return { ticketId: ticket.id, reference: ticketReference(ticket.number), status: "created" as const };
    }),
} satisfies TRPCRouterRecord;
