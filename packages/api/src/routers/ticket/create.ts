// The customer's choice of a person: the widget's offer accepted, its "Talk to a person" button, or a
// script. The only way a conversation is handed to people from the customer's side
// (domain/ticket/escalate.ts).
import type { TRPCRouterRecord } from "@trpc/server";
import { ZTicketCreateInput, ZTicketCreateOutput } from "@support/schemas";
import { requestHandoff } from "../../domain/ticket/escalate.ts";
import { customerProcedure } from "../../trpc.ts";

export const customerTicketRouter = {
  create: customerProcedure
    .meta({ limits: ["ticketCreatePerIp", "ticketCreatePerConversation"] })
    .input(ZTicketCreateInput)
    .output(ZTicketCreateOutput)
    .mutation(async ({ ctx, input }) => {
      const { ticket, reference } = await requestHandoff(ctx, ctx.session.id, input);
      return { ticketId: ticket.id, reference, status: "created" as const };
    }),
} satisfies TRPCRouterRecord;
