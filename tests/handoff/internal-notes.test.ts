// Internal notes: an agent's note is in the conversation for colleagues (in inbox.get, announced
// live on the inbox stream) and never reaches the customer: not in the widget's history or live
// stream, not in the model's prompt (the fake OpenAI server records every request), not in
// follow-up emails or message.created webhooks.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { makeStaff, PASSWORDS, signIn } from "../console/helpers.ts";
import { newCustomer, send } from "../chat/chat-client.ts";
import { customerStream, inboxStream, staffClient } from "./live-client.ts";

/** The tRPC error code an HTTP call was refused with (or "OK"). */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    return (err as { data?: { code?: string } }).data?.code ?? String(err);
  }
}

const NOTE = "Internal: customer is a VIP, offer the 20% goodwill voucher";

let server: TestServer;
let bobCookie: string;
let cyCookie: string;
beforeAll(async () => {
  server = await startTestServer();
  const staff = await makeStaff(server.db);
  bobCookie = await signIn(server.db, staff.agent.email, PASSWORDS.agent);
  cyCookie = await signIn(server.db, staff.agent2.email, PASSWORDS.agent2);
  // Someone listens for message.created: a note must not produce a delivery.
  await server.db.prisma.webhookEndpoint.create({
    data: { url: "https://hooks.example/support", events: ["message.created"], secret: "whsec_test" },
  });
});
afterAll(async () => server?.close());

describe("internal notes", () => {
  it("colleagues see a note live and in the thread; the customer's history, stream, the model's prompt, emails and webhooks never do", async () => {
    const c = await newCustomer(server.url);
    await send(c, "Are your tents waterproof?");
    await c.client.ticket.create.mutate({
      sessionToken: c.token,
      issueSummary: "My tent leaks",
      customerContact: "sam@example.com",
    });
    const bob = staffClient(server.url, bobCookie);
    const cy = staffClient(server.url, cyCookie);

    // Streams resume from what each side has seen, so nothing written after this point is missed.
    const seen = (await c.client.chat.history.query({ sessionToken: c.token })).messages;
    const lastSeq = (await bob.inbox.get.query({ conversationId: c.conversationId })).messages.at(-1)!.seq;
    const customer = customerStream(server.url, c.token, lastSeq);
    const cyInbox = inboxStream(server.url, cyCookie, lastSeq);
    // A note has no place in the message log (Message.seq), so its "changed" notice is not replayed:
    // Cy's stream must be subscribed before Bob writes it.
    await cyInbox.started;

    const note = await bob.inbox.addNote.mutate({
      conversationId: c.conversationId,
      clientNoteId: randomUUID(),
      text: NOTE,
    });
    expect(note).toMatchObject({ authorName: "Bob Agent", body: NOTE });
    // Cy's console hears of it at once and reads it with the thread.
    await cyInbox.waitFor((es) => es.some((e) => e.type === "changed" && e.conversationId === c.conversationId));
    const forCy = await cy.inbox.get.query({ conversationId: c.conversationId });
    expect(forCy.notes).toEqual([{ id: note.id, authorName: "Bob Agent", body: NOTE, createdAt: note.createdAt }]);
    expect(forCy.messages.map((m) => m.content)).not.toContain(NOTE);

    // Bob replies after the note: the customer's stream carries the reply and nothing before it.
    const reply = await bob.inbox.reply.mutate({
      conversationId: c.conversationId,
      clientMessageId: randomUUID(),
      text: "Hi Sam, Bob here.",
    });
    await customer.waitFor((es) => es.some((e) => e.type === "message" && e.message.id === reply.id));
    expect(JSON.stringify(customer.events)).not.toContain("VIP");
    expect(
      customer.events.filter((e) => e.type === "message").map((e) => (e as { message: { role: string } }).message.role),
    ).toEqual(["system", "agent"]);

    const history = await c.client.chat.history.query({ sessionToken: c.token });
    expect(history.messages.length).toBe(seen.length + 2);
    expect(JSON.stringify(history)).not.toContain("VIP");

    // Back to the bot: the next turn's prompt holds Bob's reply as history, and no note.
    await bob.inbox.handBack.mutate({ conversationId: c.conversationId });
    const before = server.openai!.requests.length;
    expect((await send(c, "Is shipping free?")).done?.mode).toBe("llm");
    const prompt = JSON.stringify(server.openai!.requests.slice(before).map((r) => r.body.messages));
    expect(prompt).toContain("Hi Sam, Bob here.");
    expect(prompt).not.toContain("VIP");

    // A follow-up email is due for Bob's reply only; webhooks saw his reply and no note.
    const followUp = await server.db.prisma.followUpEmail.findUnique({ where: { sessionId: c.conversationId } });
    expect(followUp?.lastReplySeq.toString()).toBe(reply.seq);
    const deliveries = await server.db.prisma.webhookDelivery.findMany({ where: { event: "message.created" } });
    expect(deliveries.some((d) => JSON.stringify(d.payload).includes("Hi Sam, Bob here."))).toBe(true);
    expect(deliveries.some((d) => JSON.stringify(d.payload).includes("VIP"))).toBe(false);
    customer.stop();
    cyInbox.stop();
  });

  it("a retried note is stored once; bad notes are refused with a clear 4xx", async () => {
    const c = await newCustomer(server.url);
    await send(c, "Hello");
    const bob = staffClient(server.url, bobCookie);
    const clientNoteId = randomUUID();
    const first = await bob.inbox.addNote.mutate({
      conversationId: c.conversationId,
      clientNoteId,
      text: "Checked the order: shipped Monday.",
    });
    const retry = await bob.inbox.addNote.mutate({
      conversationId: c.conversationId,
      clientNoteId,
      text: "Checked the order: shipped Monday.",
    });
    expect(retry.id).toBe(first.id);
    expect((await bob.inbox.get.query({ conversationId: c.conversationId })).notes).toHaveLength(1);

    expect(
      await codeOf(
        bob.inbox.addNote.mutate({ conversationId: c.conversationId, clientNoteId: randomUUID(), text: "   " }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        bob.inbox.addNote.mutate({
          conversationId: c.conversationId,
          clientNoteId: randomUUID(),
          text: "x".repeat(4001),
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(bob.inbox.addNote.mutate({ conversationId: randomUUID(), clientNoteId: randomUUID(), text: "Hi" })),
    ).toBe("NOT_FOUND");
    // Customers have no way in: without a staff session the call is refused.
    expect(
      await codeOf(
        staffClient(server.url, "not-a-session").inbox.addNote.mutate({
          conversationId: c.conversationId,
          clientNoteId: randomUUID(),
          text: "Hi",
        }),
      ),
    ).toBe("UNAUTHORIZED");
  });
});
