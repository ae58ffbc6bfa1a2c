// Outputs and small inputs of the webhook procedures.
import { z } from "zod";
import { ZWebhookDelivery, ZWebhookEndpoint } from "../webhooks.ts";

export const ZWebhookEndpointList = z.array(ZWebhookEndpoint);
export const ZWebhookDeliveryList = z.array(ZWebhookDelivery);
export const ZWebhookIdInput = z.object({ id: z.string().uuid() });
export const ZWebhookResent = z.object({ queued: z.literal(true) });
