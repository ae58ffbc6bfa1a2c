// Outgoing webhooks. An event is written as one WebhookDelivery row per subscribed endpoint, with
// its delivery job, in the transaction that made the event (a transactional outbox): a rolled-back
// change sends nothing, a committed one is sent even if the process dies right after. Jobs are
// retried with exponential backoff by the queue; each attempt is recorded on the row (the console's
// delivery log). Every request is signed: X-Support-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256
// of "<t>.<raw body>" keyed by the endpoint's secret>.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@support/db";
import type { WebhookEvent } from "@support/schemas";
import type { Logger } from "../lib/logger.ts";
import { JOB_SCHEMA, type JobQueue, type QueueDefinition } from "./queue.ts";
import { queryRows, raw, sql } from "../lib/raw-sql.ts";

export const WEBHOOK_DELIVER_JOB = "webhook.deliver";
export const SIGNATURE_HEADER = "X-Support-Signature";
/** Attempts after the first; with the default 10 s first delay, the last is ~3 hours after the event. */
export const WEBHOOK_RETRY_LIMIT = 10;
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_ERROR_LENGTH = 500;

export function webhookQueue(retryDelaySeconds: number): QueueDefinition {
  // Expiry well above the request timeout: a job is only handed to another instance once its
  // first taker is surely gone, which is what keeps deliveries from being sent twice.
  return {
    name: WEBHOOK_DELIVER_JOB,
    retryLimit: WEBHOOK_RETRY_LIMIT,
    retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: 120,
  };
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

/** The signature header's value for `body` sent at `timestampSeconds`. */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  const v1 = createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex");
  return `t=${timestampSeconds},v1=${v1}`;
}

export type WebhookPayloads = {
  "conversation.handoff": { conversationId: string; reason: string; ticketReference: string | null };
  "ticket.created": {
    ticketId: string;
    reference: string;
    conversationId: string;
    issueSummary: string;
    status: string;
  };
  "ticket.updated": {
    ticketId: string;
    reference: string;
    conversationId: string;
    status: string;
    assigneeId: string | null;
  };
  "message.created": {
    conversationId: string;
    messageId: string;
    role: "customer" | "staff";
    content: string;
    authorName: string | null;
  };
  "feedback.created": { conversationId: string; messageId: string; rating: "up" | "down" };
};

/**
 * Records `event` for every active endpoint subscribed to it, inside `tx`, and queues its delivery
 * in the same transaction. Without a queue (scripts, some tests) the rows wait as `pending` and the
 * next server to start queues them (see queueStrandedDeliveries).
 */
export async function enqueueWebhookEvent<E extends WebhookEvent>(
  tx: Prisma.TransactionClient,
  jobs: JobQueue | null,
  event: E,
  data: WebhookPayloads[E],
  now: Date,
): Promise<void> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { isActive: true, events: { has: event } },
    select: { id: true },
  });
  if (endpoints.length === 0) return;
  const eventId = randomUUID();
  const payload = { id: eventId, type: event, createdAt: now.toISOString(), data };
  for (const endpoint of endpoints) {
    const delivery = await tx.webhookDelivery.create({
      data: { endpointId: endpoint.id, eventId, event, payload, createdAt: now },
    });
    // The job's id is the delivery's: a stranded delivery is one whose id has no job.
    if (jobs) await jobs.sendInTransaction(tx, WEBHOOK_DELIVER_JOB, { deliveryId: delivery.id }, { id: delivery.id });
  }
}

/** Sends one attempt of a delivery; throws (for the queue to retry) unless the receiver answered 2xx. */
export async function attemptDelivery(
  prisma: PrismaClient,
  deliveryId: string,
  attempt: { retryCount: number; retryLimit: number; log: Logger },
): Promise<void> {
  const delivery = await prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true } });
  // Gone (endpoint deleted) or already sent (a resend raced a retry): nothing to do.
  if (!delivery || delivery.status === "delivered") return;
  if (!delivery.endpoint.isActive) {
    await prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: "failed", lastError: "The endpoint was disabled" },
    });
    return;
  }
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(delivery.endpoint.url, {
      method: "POST",
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": "support-bot-webhooks/1",
        "x-support-event": delivery.event,
        "x-support-event-id": delivery.eventId,
        "x-support-delivery": delivery.id,
        [SIGNATURE_HEADER.toLowerCase()]: signWebhook(delivery.endpoint.secret, timestamp, body),
      },
    });
    statusCode = res.status;
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) error = `The receiver answered HTTP ${res.status}`;
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    error =
      e.name === "TimeoutError"
        ? `No answer within ${REQUEST_TIMEOUT_MS / 1000} s`
        : `Could not connect: ${e.cause?.code ?? e.message}`;
  }
  const now = new Date();
  const lastTry = attempt.retryCount >= attempt.retryLimit;
  await prisma.webhookDelivery.update({
    where: { id: deliveryId },
    data: {
      attempts: { increment: 1 },
      lastAttemptAt: now,
      lastStatusCode: statusCode,
      lastError: error?.slice(0, MAX_ERROR_LENGTH) ?? null,
      ...(error ? (lastTry ? { status: "failed" } : {}) : { status: "delivered", deliveredAt: now }),
    },
  });
  if (error) {
    attempt.log.warn(
      { deliveryId, event: delivery.event, attempt: attempt.retryCount + 1, statusCode },
      lastTry ? "webhook delivery failed; giving up" : "webhook delivery failed; will retry",
    );
    throw new Error(error);
  }
}

/** Queues deliveries written while no queue ran (or whose job never committed): nothing waits forever. */
export async function queueStrandedDeliveries(prisma: PrismaClient, jobs: JobQueue): Promise<number> {
  const stranded = await queryRows<{ id: string }>(
    prisma,
    sql`SELECT d.id::text AS id FROM "WebhookDelivery" d
     WHERE d.status = 'pending' AND d.attempts = 0
       AND NOT EXISTS (SELECT 1 FROM ${raw(JOB_SCHEMA)}.job j WHERE j.id = d.id)
       AND NOT EXISTS (SELECT 1 FROM ${raw(JOB_SCHEMA)}.archive a WHERE a.id = d.id)
     LIMIT 1000`,
  );
  for (const { id } of stranded) await jobs.send(WEBHOOK_DELIVER_JOB, { deliveryId: id }, { id });
  return stranded.length;
}

/** "Resend" in the console: the same event (same event id) sent again as a new job. */
export async function resendDelivery(
  prisma: PrismaClient,
  jobs: JobQueue | null,
  deliveryId: string,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const updated = await tx.webhookDelivery.updateMany({
      where: { id: deliveryId },
      data: { status: "pending", lastError: null },
    });
    if (updated.count === 0) return false;
    if (jobs) await jobs.sendInTransaction(tx, WEBHOOK_DELIVER_JOB, { deliveryId });
    return true;
  });
}
