// Data requests about one person (admins in the console, or API tokens with customers:export /
// customers:erase): find their conversations, export everything stored about them, erase it.
// Every call is in the audit log: find and export are reads of customer data, erase a change.
import type { TRPCRouterRecord } from "@trpc/server";
import {
  ZCustomerConversationIds,
  ZCustomerEraseOutput,
  ZCustomerExportOutput,
  ZCustomerFindInput,
  ZCustomerFindOutput,
  ZRetentionSetting,
} from "@support/schemas";
import {
  customerDataFile,
  eraseCustomerData,
  findCustomerConversations,
} from "../../domain/data-protection/customer-data.ts";
import { retentionDays, setRetentionDays } from "../../domain/data-protection/retention.ts";
import { adminOrApiProcedure, adminProcedure } from "../../trpc.ts";

export const customersRouter = {
  /** A person's conversations, by the email they left on a ticket or by a conversation id. */
  find: adminOrApiProcedure("customers:export")
    .meta({
      readsCustomerData: true,
      description:
        "A customer's conversations, found by the email left on a ticket (any case) or by a conversation id; newest first, at most 200.",
    })
    .input(ZCustomerFindInput)
    .output(ZCustomerFindOutput)
    .query(async ({ ctx, input }) => ({ conversations: await findCustomerConversations(ctx.prisma, input) })),

  /** One JSON document of everything stored about these conversations. */
  export: adminOrApiProcedure("customers:export")
    .meta({
      readsCustomerData: true,
      description:
        "Everything stored about the named conversations as one JSON document: messages, tickets with their transcript, notes and rating, follow-up emails waiting, webhook deliveries carrying their data.",
    })
    .input(ZCustomerConversationIds)
    .output(ZCustomerExportOutput)
    .query(async ({ ctx, input }) => {
      return customerDataFile(ctx.prisma, input.conversationIds, ctx.clock.now());
    }),

  /** Erases the named conversations' customer data; they stay as anonymous shells so counts stay right. */
  erase: adminOrApiProcedure("customers:erase")
    .meta({
      description:
        "Erases the named conversations: message texts, the contact, ticket summaries, transcripts, notes and rating comments, follow-up emails, customer text in webhook payloads. Open tickets are resolved (each sends ticket.updated) and the conversations closed; each stays as an anonymous shell (times, roles, token counts, thumbs) so Insights' counts stay right. Returns what was removed.",
    })
    .input(ZCustomerConversationIds)
    .output(ZCustomerEraseOutput)
    .mutation(async ({ ctx, input }) => {
      const counts = await eraseCustomerData(ctx.prisma, input.conversationIds, ctx.clock.now(), ctx.jobs);
      ctx.log.info(counts, "customer data erased on request");
      return counts;
    }),
} satisfies TRPCRouterRecord;

export const retentionRouter = {
  get: adminProcedure.output(ZRetentionSetting).query(({ ctx }) => retentionDays(ctx.prisma)),

  update: adminProcedure
    .meta({
      description:
        "Closed conversations with no activity for this many days lose their transcript (checked hourly); null keeps them forever.",
    })
    .input(ZRetentionSetting)
    .output(ZRetentionSetting)
    .mutation(({ ctx, input }) => setRetentionDays(ctx.prisma, input.retentionDays)),
} satisfies TRPCRouterRecord;
