// Admins register outgoing webhook endpoints, read the delivery log and resend a delivery.
import type { TRPCRouterRecord } from "@trpc/server";
import {
  ZRemoved,
  ZWebhookDeliveryList,
  ZWebhookDeliveryListInput,
  ZWebhookEndpoint,
  ZWebhookEndpointCreateInput,
  ZWebhookEndpointList,
  ZWebhookEndpointUpdateInput,
  ZWebhookIdInput,
  ZWebhookResent,
} from "@support/schemas";
import {
  createWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  removeWebhookEndpoint,
  resendWebhookDelivery,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from "../../domain/webhooks/endpoints.ts";
import { adminProcedure } from "../../trpc.ts";

export const webhookRouter = {
  list: adminProcedure.output(ZWebhookEndpointList).query(({ ctx }) => listWebhookEndpoints(ctx.prisma)),

  create: adminProcedure
    .input(ZWebhookEndpointCreateInput)
    .output(ZWebhookEndpoint)
    .mutation(async ({ ctx, input }) => {
      const endpoint = await createWebhookEndpoint(ctx.prisma, input);
      ctx.log.info({ endpointId: endpoint.id, events: endpoint.events, by: ctx.staff.id }, "webhook endpoint created");
      return endpoint;
    }),

  update: adminProcedure
    .input(ZWebhookEndpointUpdateInput)
    .output(ZWebhookEndpoint)
    .mutation(({ ctx, input }) => updateWebhookEndpoint(ctx.prisma, input)),

  /** A new signing secret; the old one stops working at once. */
  rotateSecret: adminProcedure
    .input(ZWebhookIdInput)
    .output(ZWebhookEndpoint)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.prisma, input.id)),

  /** Deletes the endpoint and its delivery log. */
  remove: adminProcedure
    .input(ZWebhookIdInput)
    .output(ZRemoved)
    .mutation(async ({ ctx, input }) => ({ removed: await removeWebhookEndpoint(ctx.prisma, input.id) })),

  /** The delivery log, newest first. */
  deliveries: adminProcedure
    .input(ZWebhookDeliveryListInput)
    .output(ZWebhookDeliveryList)
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.prisma, input)),

  /** Sends a delivery again (same event id, so the receiver can tell it is the same event). */
  resend: adminProcedure
    .input(ZWebhookIdInput)
    .output(ZWebhookResent)
    .mutation(async ({ ctx, input }) => {
      await resendWebhookDelivery(ctx.prisma, ctx.jobs, input.id);
      return { queued: true as const };
    }),
} satisfies TRPCRouterRecord;
