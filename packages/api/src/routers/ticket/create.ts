// The customer's choice of a person: the widget's offer accepted, its "Talk to a person" button, or a
// script. The only way a conversation is handed to people from the customer's side.
import type { TRPCRouterRecord } from "@trpc/server";
import { ZTicketCreateInput, ZTicketCreateOutput } from "@support/schemas";
import { customerProcedure } from "../../trpc.ts";
import type { PrismaClient } from "@support/db";
import { TRPCError } from "@trpc/server";
import { escalateConversation, knownContact, type HandoffReason } from "./escalate.ts";
import { businessHoursOf } from "../../domain/business-hours/availability.ts";
import { hoursStatus } from "../../domain/business-hours/hours.ts";
import { loadSettings } from "../../domain/settings/settings.ts";

/** Why staff see this hand-off: the bot's last reply couldn't help (and why), or the customer just asked. */
async function handoffReason(prisma: PrismaClient, sessionId: string): Promise<HandoffReason> {
  const last = await prisma.message.findFirst({
    where: { sessionId, role: "assistant" },
    orderBy: { seq: "desc" },
    select: { handoffSuggested: true, fallbackReason: true, mode: true },
  });
  if (!last?.handoffSuggested) return "customer_request";
  const modelFailed =
    last.mode === "faq_only" &&
    last.fallbackReason !== null &&
    !["no_api_key", "daily_token_cap", "awaiting_staff"].includes(last.fallbackReason);
  return modelFailed ? "model_failure" : "missing_knowledge";
}

export { SNAPSHOT_MESSAGES } from "./escalate.ts";

export const customerTicketRouter = {
  create: customerProcedure
    .meta({ limits: ["ticketCreatePerIp", "ticketCreatePerConversation"] })
    .input(ZTicketCreateInput)
    .output(ZTicketCreateOutput)
    .mutation(async ({ ctx, input }) => {
      // Outside business hours nobody can answer in the chat: the reply goes by email, so one is needed.
      if (
        !input.customerContact &&
        !hoursStatus(businessHoursOf(await loadSettings(ctx.prisma)), ctx.clock.now()).open
      ) {
        if (!(await knownContact(ctx.prisma, ctx.session.id))) {
          throw new TRPCError({
            code: "BAD_REQUEST",
            message: "We're away right now: leave your email so we can answer you there.",
          });
        }
      }
      const { ticket, reference } = await escalateConversation(ctx, ctx.session.id, {
        issueSummary: input.issueSummary,
        customerContact: input.customerContact,
        reason: await handoffReason(ctx.prisma, ctx.session.id),
      });
      return { ticketId: ticket.id, reference, status: "created" as const };
    }),
} satisfies TRPCRouterRecord;
