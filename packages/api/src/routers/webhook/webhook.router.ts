// Admins register outgoing webhook endpoints, read the delivery log and resend a delivery.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import type { WebhookEndpoint } from "@support/db";
import {
  ZWebhookDelivery,
  ZWebhookDeliveryListInput,
  ZWebhookEndpoint,
  ZWebhookEndpointCreateInput,
  ZWebhookEndpointUpdateInput,
} from "@support/schemas";
import { z } from "zod";
import { newWebhookSecret, resendDelivery } from "../../jobs/webhooks.ts";
import { adminProcedure } from "../../trpc.ts";

function toEndpoint(e: WebhookEndpoint) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events,
    secret: e.secret,
    isActive: e.isActive,
    createdAt: e.createdAt,
  };
}

const ZId = z.object({ id: z.string().uuid() });

export const webhookRouter = {
  list: adminProcedure.output(z.array(ZWebhookEndpoint)).query(async ({ ctx }) => {
    const endpoints = await ctx.prisma.webhookEndpoint.findMany({ orderBy: { createdAt: "asc" } });
    return endpoints.map(toEndpoint);
  }),

  create: adminProcedure
    .input(ZWebhookEndpointCreateInput)
    .output(ZWebhookEndpoint)
    .mutation(async ({ ctx, input }) => {
      const endpoint = await ctx.prisma.webhookEndpoint.create({ data: { ...input, secret: newWebhookSecret() } });
      ctx.log.info({ endpointId: endpoint.id, events: endpoint.events, by: ctx.staff.id }, "webhook endpoint created");
      return toEndpoint(endpoint);
    }),

  update: adminProcedure
    .input(ZWebhookEndpointUpdateInput)
    .output(ZWebhookEndpoint)
    .mutation(async ({ ctx, input }) => {
      const { id, ...data } = input;
      const updated = await ctx.prisma.webhookEndpoint.updateManyAndReturn({ where: { id }, data });
      if (!updated[0]) throw new TRPCError({ code: "NOT_FOUND", message: "No such webhook endpoint" });
      return toEndpoint(updated[0]);
    }),

  /** A new signing secret; the old one stops working at once. */
  rotateSecret: adminProcedure
    .input(ZId)
    .output(ZWebhookEndpoint)
    .mutation(async ({ ctx, input }) => {
      const updated = await ctx.prisma.webhookEndpoint.updateManyAndReturn({
        where: { id: input.id },
        data: { secret: newWebhookSecret() },
      });
      if (!updated[0]) throw new TRPCError({ code: "NOT_FOUND", message: "No such webhook endpoint" });
      return toEndpoint(updated[0]);
    }),

  /** Deletes the endpoint and its delivery log. */
  remove: adminProcedure
    .input(ZId)
    .output(z.object({ removed: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const { count } = await ctx.prisma.webhookEndpoint.deleteMany({ where: { id: input.id } });
      return { removed: count > 0 };
    }),

  /** The delivery log, newest first. */
  deliveries: adminProcedure
    .input(ZWebhookDeliveryListInput)
    .output(z.array(ZWebhookDelivery))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.prisma.webhookDelivery.findMany({
        where: {
          ...(input.endpointId && { endpointId: input.endpointId }),
          ...(input.status && { status: input.status }),
        },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: input.limit,
        include: { endpoint: { select: { url: true } } },
      });
      return rows.map(({ endpoint, payload: _payload, ...d }) => ({ ...d, endpointUrl: endpoint.url }));
    }),

  /** Sends a delivery again (same event id, so the receiver can tell it is the same event). */
  resend: adminProcedure
    .input(ZId)
    .output(z.object({ queued: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (!ctx.jobs)
        throw new TRPCError({ code: "PRECONDITION_FAILED", message: "The job queue is not running on this server" });
      const found = await resendDelivery(ctx.prisma, ctx.jobs, input.id);
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "No such webhook delivery" });
      return { queued: true as const };
    }),
} satisfies TRPCRouterRecord;
