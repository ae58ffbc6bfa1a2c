// Escalation from the widget's "Escalate to a human" button.
import type { TRPCRouterRecord } from "@trpc/server";
import { ZTicketCreateInput, ZTicketCreateOutput } from "@support/schemas";
import { customerProcedure } from "../../trpc.ts";
import { escalateConversation } from "./escalate.ts";

export { SNAPSHOT_MESSAGES } from "./escalate.ts";

export const customerTicketRouter = {
  create: customerProcedure
    .meta({ limits: ["ticketCreatePerIp", "ticketCreatePerConversation"] })
    .input(ZTicketCreateInput)
    .output(ZTicketCreateOutput)
    .mutation(async ({ ctx, input }) => {
      const { ticket, reference } = await escalateConversation(ctx, ctx.session.id, {
        issueSummary: input.issueSummary,
        customerContact: input.customerContact,
        reason: "customer_request",
      });
      return { ticketId: ticket.id, reference, status: "created" as const };
    }),
} satisfies TRPCRouterRecord;
