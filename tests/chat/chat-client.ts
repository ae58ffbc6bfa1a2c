// Helpers for driving the customer chat API as the widget does, over HTTP with the typed client.
import { randomUUID } from "node:crypto";
import { createSupportClient, type SupportClient } from "@support/client";
import type { ChatSendEvent } from "@support/schemas";

export type Customer = { client: SupportClient; token: string; conversationId: string };

export async function newCustomer(url: string): Promise<Customer> {
  const client = createSupportClient({ url });
  const { sessionToken, conversationId } = await client.chat.start.mutate();
  return { client, token: sessionToken, conversationId };
}

export async function send(c: Customer, text: string, clientMessageId: string = randomUUID()) {
  const stream = await c.client.chat.send.mutate({ sessionToken: c.token, clientMessageId, text });
  const events: ChatSendEvent[] = [];
  for await (const event of stream) events.push(event);
  const done = events.find((e) => e.type === "done");
  const deltas = events.filter((e) => e.type === "delta").map((e) => e.text);
  return {
    events,
    done: done?.type === "done" ? done.message : undefined,
    streamedText: deltas.join(""),
    clientMessageId,
  };
}
