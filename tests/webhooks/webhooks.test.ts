// Outgoing webhooks through real server processes on one PostgreSQL: every event signed and
// delivered once though two instances share the queue; a receiver that is down gets its delivery
// once back up, even across a restart of every instance.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_EVENTS } from "@support/schemas";
import { startServerProcess, type ServerProcess } from "../harness/apps.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { newCustomer, send } from "../chat/chat-client.ts";
import { makeStaff, PASSWORDS, signIn } from "../console/helpers.ts";
import { staffClient } from "../handoff/live-client.ts";
import { startReceiver, verifySignature } from "./receiver.ts";

let db: TestDatabase;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let a: ServerProcess;
let b: ServerProcess;
let cookie: string;
let secret: string;
const started: ServerProcess[] = [];
const ENV = () => ({ DATABASE_URL: db.url, WEBHOOK_RETRY_DELAY_SECONDS: "1", SEED_DEMO_ADMIN: "false" });

beforeAll(async () => {
  db = await createTestDatabase();
  receiver = await startReceiver();
  [a, b] = await Promise.all([startServerProcess(ENV()), startServerProcess(ENV())]);
  started.push(a, b);
  await makeStaff(db);
  cookie = await signIn(db, "ada@example.com", PASSWORDS.admin);
  const endpoint = await staffClient(a.url, cookie).webhook.create.mutate({
    url: receiver.url,
    description: "CRM",
    events: [...WEBHOOK_EVENTS],
  });
  secret = endpoint.secret;
}, 180_000);
afterAll(async () => {
  for (const s of started) await s.stop();
  await receiver?.close();
  await db?.drop();
});

describe("outgoing webhooks", () => {
  it("signs every event and delivers it exactly once across two instances", { timeout: 120_000 }, async () => {
    const customers = await Promise.all([a, a, a, b, b, b].map((s) => newCustomer(s.url)));
    for (const [i, c] of customers.entries()) {
      await send(c, `Question ${i}: do you ship to Norway?`);
      await send(c, `Question ${i}: and how long does it take?`);
    }
    const first = customers[0]!;
    const answered = await send(first, "Are your tents waterproof?");
    await first.client.chat.feedback.mutate({ sessionToken: first.token, messageId: answered.done!.id, rating: "up" });
    const ticket = await first.client.ticket.create.mutate({
      sessionToken: first.token,
      issueSummary: "Tent leaks at the seams",
    });
    const agent = staffClient(b.url, cookie);
    await agent.inbox.reply.mutate({
      conversationId: first.conversationId,
      clientMessageId: randomUUID(),
      text: "Hi, Ada here. Sorry about the tent!",
    });
    await agent.ticket.setStatus.mutate({ id: ticket.ticketId, status: "resolved" });

    // 13 customer messages, 1 staff reply, feedback, ticket created, hand-off, ticket updated.
    const expected = 13 + 1 + 1 + 1 + 1 + 1;
    await receiver.waitFor(() => receiver.received.length >= expected, `${expected} deliveries`);
    const counts: Record<string, number> = {};
    for (const r of receiver.received) counts[r.json.type] = (counts[r.json.type] ?? 0) + 1;
    expect(counts).toEqual({
      "message.created": 14,
      "feedback.created": 1,
      "ticket.created": 1,
      "conversation.handoff": 1,
      "ticket.updated": 1,
    });

    for (const r of receiver.received) {
      expect(verifySignature(secret, r.headers["x-support-signature"] as string, r.body)).toBe(true);
      // A different secret, or a body changed by one character, fails verification.
      expect(verifySignature("whsec_wrong", r.headers["x-support-signature"] as string, r.body)).toBe(false);
      expect(verifySignature(secret, r.headers["x-support-signature"] as string, r.body.replace("}", " }"))).toBe(
        false,
      );
      expect(r.headers["x-support-event"]).toBe(r.json.type);
      expect(r.headers["x-support-event-id"]).toBe(r.json.id);
    }
    const staffMessage = receiver.received.find(
      (r) => r.json.type === "message.created" && r.json.data.role === "staff",
    )!;
    expect(staffMessage.json.data).toMatchObject({
      conversationId: first.conversationId,
      content: "Hi, Ada here. Sorry about the tent!",
      authorName: "Ada Admin",
    });
    expect(receiver.received.find((r) => r.json.type === "ticket.created")!.json.data).toMatchObject({
      ticketId: ticket.ticketId,
      reference: ticket.reference,
      issueSummary: "Tent leaks at the seams",
    });
    expect(receiver.received.find((r) => r.json.type === "conversation.handoff")!.json.data).toMatchObject({
      conversationId: first.conversationId,
      reason: "customer_request",
      ticketReference: ticket.reference,
    });
    expect(receiver.received.find((r) => r.json.type === "ticket.updated")!.json.data).toMatchObject({
      ticketId: ticket.ticketId,
      status: "resolved",
    });

    // No delivery sent twice: each arrived once, and the log shows one attempt each.
    const ids = receiver.received.map((r) => r.headers["x-support-delivery"]);
    expect(new Set(ids).size).toBe(ids.length);
    const log = await db.prisma.webhookDelivery.findMany();
    expect(log).toHaveLength(expected);
    expect(log.every((d) => d.status === "delivered" && d.attempts === 1)).toBe(true);
    // The console's log lists them, newest first.
    const listed = await staffClient(a.url, cookie).webhook.deliveries.query({ limit: 200 });
    expect(listed).toHaveLength(expected);
    expect(listed[0]!.event).toBe("ticket.updated");
  });

  it(
    "delivers to a receiver that was down, across a restart of every instance, and resends on request",
    { timeout: 180_000 },
    async () => {
      receiver.setDown(true);
      const before = receiver.received.length;
      const c = await newCustomer(a.url);
      await send(c, "Is anyone reading this while your CRM is down?");
      await receiver.waitFor(() => receiver.refused >= 1, "a refused attempt");
      // Every instance stops while the receiver is still down.
      await Promise.all([a.stop(), b.stop()]);
      const pending = await db.prisma.webhookDelivery.findFirstOrThrow({
        where: { event: "message.created", status: { not: "delivered" } },
      });
      expect(pending.attempts).toBeGreaterThanOrEqual(1);
      expect(pending.lastStatusCode).toBe(503);

      receiver.setDown(false);
      const c2 = await startServerProcess(ENV());
      started.push(c2);
      await receiver.waitFor(() => receiver.received.length > before, "the delayed delivery");
      const got = receiver.received.slice(before);
      expect(got).toHaveLength(1);
      expect(got[0]!.json.data).toMatchObject({
        conversationId: c.conversationId,
        content: "Is anyone reading this while your CRM is down?",
      });
      const done = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: pending.id } });
      expect(done.status).toBe("delivered");
      expect(done.attempts).toBeGreaterThanOrEqual(2);

      // Resend from the console: the same event again (same event id), a new attempt in the log.
      await staffClient(c2.url, cookie).webhook.resend.mutate({ id: pending.id });
      await receiver.waitFor(() => receiver.received.length > before + 1, "the resent delivery");
      expect(receiver.received.at(-1)!.json.id).toBe(got[0]!.json.id);
      // The attempt is recorded by the server process after the receiver has answered, and nothing
      // announces that write: a bounded poll of the delivery log.
      const resent = () => db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: pending.id } });
      await expect
        .poll(async () => (await resent()).attempts, { timeout: 20_000, interval: 50 })
        .toBe(done.attempts + 1);
      expect(await resent()).toMatchObject({ attempts: done.attempts + 1, status: "delivered" });
    },
  );
});
