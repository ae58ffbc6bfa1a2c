// Outgoing webhooks: the events an admin can subscribe a URL to, the endpoints and their delivery log.
import { z } from "zod";
import { zText } from "./common.ts";

export const WEBHOOK_EVENTS = [
  "conversation.handoff",
  "ticket.created",
  "ticket.updated",
  "message.created",
  "feedback.created",
] as const;
export const ZWebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof ZWebhookEvent>;

const ZWebhookUrl = zText()
  .trim()
  .max(2000)
  .url("Enter a full URL, e.g. https://hooks.example.com/support")
  .refine((u) => /^https?:\/\//i.test(u), "The URL must start with http:// or https://");

export const ZWebhookEndpointCreateInput = z.object({
  url: ZWebhookUrl,
  description: zText().trim().max(200).default(""),
  events: z
    .array(ZWebhookEvent)
    .min(1, "Choose at least one event")
    .transform((e) => [...new Set(e)]),
});

export const ZWebhookEndpointUpdateInput = z.object({
  id: z.string().uuid(),
  url: ZWebhookUrl.optional(),
  description: zText().trim().max(200).optional(),
  events: z
    .array(ZWebhookEvent)
    .min(1, "Choose at least one event")
    .transform((e) => [...new Set(e)])
    .optional(),
  isActive: z.boolean().optional(),
});

export const ZWebhookEndpoint = z.object({
  id: z.string().uuid(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()),
  /** The signing key, for the receiver to verify X-Support-Signature. */
  secret: z.string(),
  isActive: z.boolean(),
  createdAt: z.date(),
});

export const ZWebhookDeliveryStatus = z.enum(["pending", "delivered", "failed"]);

export const ZWebhookDelivery = z.object({
  id: z.string().uuid(),
  endpointId: z.string().uuid(),
  endpointUrl: z.string(),
  eventId: z.string().uuid(),
  event: z.string(),
  status: ZWebhookDeliveryStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastAttemptAt: z.date().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
});

export const ZWebhookDeliveryListInput = z.object({
  endpointId: z.string().uuid().optional(),
  status: ZWebhookDeliveryStatus.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
