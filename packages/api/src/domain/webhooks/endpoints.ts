// Outgoing webhook endpoints as admins manage them: each has its own signing secret (rotating it
// stops the old one at once), and deliveries are logged; sending and retrying is jobs/webhooks.ts.
import { TRPCError } from "@trpc/server";
import type { PrismaClient, WebhookEndpoint } from "@support/db";
import type { ZWebhookDeliveryListInput } from "@support/schemas";
import type { z } from "zod";
import type { JobQueue } from "../../jobs/queue.ts";
import { newWebhookSecret, resendDelivery } from "../../jobs/webhooks.ts";

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

function foundOrThrow(updated: WebhookEndpoint[]) {
  if (!updated[0]) throw new TRPCError({ code: "NOT_FOUND", message: "No such webhook endpoint" });
  return toEndpoint(updated[0]);
}

export async function listWebhookEndpoints(prisma: PrismaClient) {
  const endpoints = await prisma.webhookEndpoint.findMany({ orderBy: { createdAt: "asc" } });
  return endpoints.map(toEndpoint);
}

export async function createWebhookEndpoint(
  prisma: PrismaClient,
  input: Omit<Parameters<PrismaClient["webhookEndpoint"]["create"]>[0]["data"], "secret">,
) {
  return toEndpoint(await prisma.webhookEndpoint.create({ data: { ...input, secret: newWebhookSecret() } }));
}

export async function updateWebhookEndpoint(
  prisma: PrismaClient,
  input: { id: string } & Parameters<PrismaClient["webhookEndpoint"]["updateManyAndReturn"]>[0]["data"],
) {
  const { id, ...data } = input;
  return foundOrThrow(await prisma.webhookEndpoint.updateManyAndReturn({ where: { id }, data }));
}

/** A new signing secret; the old one stops working at once. */
export async function rotateWebhookSecret(prisma: PrismaClient, id: string) {
  return foundOrThrow(
    await prisma.webhookEndpoint.updateManyAndReturn({ where: { id }, data: { secret: newWebhookSecret() } }),
  );
}

/** Deletes the endpoint and its delivery log; false when it was already gone. */
export async function removeWebhookEndpoint(prisma: PrismaClient, id: string): Promise<boolean> {
  const { count } = await prisma.webhookEndpoint.deleteMany({ where: { id } });
  return count > 0;
}

/** The delivery log, newest first, without the payloads. */
export async function listWebhookDeliveries(prisma: PrismaClient, input: z.output<typeof ZWebhookDeliveryListInput>) {
  const rows = await prisma.webhookDelivery.findMany({
    where: {
      ...(input.endpointId && { endpointId: input.endpointId }),
      ...(input.status && { status: input.status }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit,
    include: { endpoint: { select: { url: true } } },
  });
  return rows.map(({ endpoint, payload: _payload, ...d }) => ({ ...d, endpointUrl: endpoint.url }));
}

/** Sends a delivery again (same event id, so the receiver can tell it is the same event). */
export async function resendWebhookDelivery(
  prisma: PrismaClient,
  jobs: JobQueue | null | undefined,
  id: string,
): Promise<void> {
  if (!jobs)
    throw new TRPCError({ code: "PRECONDITION_FAILED", message: "The job queue is not running on this server" });
  const found = await resendDelivery(prisma, jobs, id);
  if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "No such webhook delivery" });
}
