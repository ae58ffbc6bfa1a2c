// Customer text, emails and tokens never reach the server's log: representative flows (a customer
// writes, asks for a person with their email, follows the conversation live; staff search tickets
// by that email, open and answer the conversation; a webhook is delivered) through a real server
// process at the most verbose level, then its whole output is searched.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../harness/apps.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { newCustomer, send } from "../chat/chat-client.ts";
import { makeStaff, PASSWORDS, signIn } from "../console/helpers.ts";
import { customerStream, staffClient } from "../handoff/live-client.ts";
import { startReceiver } from "../webhooks/receiver.ts";

let db: TestDatabase;
let server: ServerProcess;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  db = await createTestDatabase();
  receiver = await startReceiver();
  server = await startServerProcess({ DATABASE_URL: db.url, LOG_LEVEL: "trace", SEED_DEMO_ADMIN: "false" });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await receiver?.close();
  await db?.drop();
});

describe("PII in server logs", () => {
  it("has no customer text, email or token anywhere in the log", { timeout: 120_000 }, async () => {
    await makeStaff(db);
    const cookie = await signIn(db, "ada@example.com", PASSWORDS.admin);
    const staff = staffClient(server.url, cookie);
    await staff.webhook.create.mutate({ url: receiver.url, events: ["message.created", "ticket.created"] });

    const SECRET_TEXT = "my-private-words-zebra-4471";
    const EMAIL = "pii.customer.4471@example.org";
    const c = await newCustomer(server.url);
    const live = customerStream(server.url, c.token);
    await send(c, `Hello, ${SECRET_TEXT}. Write to ${EMAIL} please`);
    // An invalid call carrying the text too: its error must not echo it into the log.
    await c.client.chat.send
      .mutate({ sessionToken: c.token, clientMessageId: "not-a-uuid", text: SECRET_TEXT })
      .catch(() => undefined);
    const ticket = await c.client.ticket.create.mutate({
      sessionToken: c.token,
      issueSummary: `Refund ${SECRET_TEXT}`,
      customerContact: EMAIL,
    });
    // Staff queries travel as GET with their input in the URL.
    await staff.ticket.list.query({ search: EMAIL });
    await staff.ticket.get.query({ id: ticket.ticketId });
    // tRPC also answers queries sent as GET, input in the URL (other clients, curl): the URL is logged.
    const input = encodeURIComponent(JSON.stringify({ json: { search: EMAIL } }));
    const viaGet = await fetch(`${server.url}/trpc/ticket.list?input=${input}`, {
      headers: { cookie: `sb_staff=${cookie}` },
    });
    expect(viaGet.status).toBe(200);
    await staff.inbox.reply.mutate({
      conversationId: c.conversationId,
      clientMessageId: randomUUID(),
      text: `Hi, we will mail ${EMAIL}`,
    });
    await live.waitFor((es) => es.some((e) => e.type === "message" && e.message.role === "agent"), 20_000);
    live.stop();
    await receiver.waitFor(() => receiver.received.length >= 3, "the webhook deliveries");
    await server.stop();

    const log = server.output();
    expect(log).toContain("request completed"); // the log did record the requests
    expect(log).toContain("/trpc/ticket.list");
    // Raw, URL-encoded and JSON-escaped forms alike.
    for (const secret of [SECRET_TEXT, EMAIL, c.token, cookie]) {
      for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]))
        expect(log).not.toContain(form);
    }
  });
});
