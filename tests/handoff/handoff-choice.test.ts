// The hand-off is the customer's choice: the bot offers a person after a miss, a request in words
// goes straight to the contact step, "No thanks" keeps the bot answering, and nothing is handed
// over (no ticket, no status change) until the customer accepts. Then the customer waits for a
// person, still getting confident FAQ answers, until a member of staff really replies or takes the
// conversation; that join reaches the customer's live stream. Real server, PostgreSQL, fake OpenAI.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { makeStaff, PASSWORDS, signIn } from "../console/helpers.ts";
import { newCustomer, send, type Customer } from "../chat/chat-client.ts";
import { customerStream, staffClient } from "./live-client.ts";

let server: TestServer;
let cookie: string;
let staff: Awaited<ReturnType<typeof makeStaff>>;
beforeAll(async () => {
  server = await startTestServer();
  staff = await makeStaff(server.db);
  cookie = await signIn(server.db, staff.agent.email, PASSWORDS.agent);
});
afterAll(async () => server?.close());
beforeEach(() => server.openai!.setBehavior({}));

const session = (c: Customer) => server.db.prisma.session.findUniqueOrThrow({ where: { id: c.conversationId } });
const tickets = (c: Customer) => server.db.prisma.ticket.count({ where: { sessionId: c.conversationId } });
const history = (c: Customer) => c.client.chat.history.query({ sessionToken: c.token });
const types = (r: { events: Array<{ type: string }> }) => r.events.map((e) => e.type);

describe("offering a person", () => {
  it("after a miss the bot offers a person; 'No thanks' keeps it answering, is remembered, and no ticket exists", async () => {
    const c = await newCustomer(server.url);
    const first = await send(c, "Can you recommend a pizza place in Rome?");
    expect(first.done?.handoffSuggested).toBe(true);
    expect(first.events.at(-1)).toEqual({ type: "offer", accepted: false });
    expect((await history(c)).handoffOffer).toBe("offered");
    expect(await session(c)).toMatchObject({ status: "bot" });

    // Still no hand-off after a second miss in a row: the bot never hands over on its own.
    await c.client.chat.declineHandoff.mutate({ sessionToken: c.token });
    expect((await history(c)).handoffOffer).toBeNull();
    const second = await send(c, "What about the weather in Lisbon tomorrow?");
    expect(second.done?.handoffSuggested).toBe(true);
    // One miss since "No thanks": not offered again after every message.
    expect(types(second)).not.toContain("offer");
    expect(await session(c)).toMatchObject({ status: "bot" });

    // The bot goes on answering.
    const answered = await send(c, "Is shipping free?");
    expect(answered.done?.mode).toBe("llm");
    expect(answered.done?.handoffSuggested).toBe(false);

    // Two misses in a row since the decline: offered again (still nothing handed over).
    await send(c, "Who won the football last night?");
    const again = await send(c, "Can you book me a taxi?");
    expect(again.events.at(-1)).toEqual({ type: "offer", accepted: false });
    expect(await tickets(c)).toBe(0);
    expect((await session(c)).status).toBe("bot");
  });

  it("'Yes, connect me' then an email: a ticket with the contact and the snapshot; the customer is told what happens next", async () => {
    const c = await newCustomer(server.url);
    await send(c, "Can you recommend a pizza place in Rome?");
    const ticket = await c.client.ticket.create.mutate({
      sessionToken: c.token,
      issueSummary: "Looking for a pizza place",
      customerContact: "jo@example.com",
    });
    const stored = await server.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.ticketId } });
    expect(stored).toMatchObject({ customerContact: "jo@example.com", status: "open" });
    expect((stored.conversationSnapshot as Array<{ role: string }>).map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(await session(c)).toMatchObject({
      status: "handoff",
      handoffReason: "missing_knowledge",
      joinedByName: null,
    });
    const h = await history(c);
    expect(h).toMatchObject({ status: "handoff", joinedBy: null, handoffOffer: null, knownContact: "jo@example.com" });
    expect(h.messages.at(-1)).toMatchObject({
      role: "system",
      content: `We've passed this to our team (ticket ${ticket.reference}). You'll get the reply here, and by email at jo@example.com.`,
    });
  });

  it("asking for a person in words goes straight to the hand-off step: no model call, no ticket until the customer sends it", async () => {
    const c = await newCustomer(server.url);
    await send(c, "Do you sell gift cards?");
    const calls = server.openai!.requests.length;
    const asked = await send(c, "I want to talk to a person");
    expect(types(asked)).toEqual(["accepted", "offer"]);
    expect(asked.events.at(-1)).toEqual({ type: "offer", accepted: true });
    expect(server.openai!.requests.length).toBe(calls);
    expect(await tickets(c)).toBe(0);
    expect(await session(c)).toMatchObject({ status: "bot" });
    // After a reload the widget shows the same step.
    expect((await history(c)).handoffOffer).toBe("accepted");

    await c.client.ticket.create.mutate({ sessionToken: c.token, issueSummary: "Gift card for my sister" });
    expect(await session(c)).toMatchObject({ status: "handoff", handoffReason: "customer_request" });
    expect((await history(c)).messages.at(-1)!.content).toMatch(
      /^We've passed this to our team \(ticket #\d+\)\. You'll get the reply here\.$/,
    );
  });

  it("a contact left once is known: the next hand-off doesn't need it again", async () => {
    const c = await newCustomer(server.url);
    await send(c, "Is shipping free?");
    await c.client.ticket.create.mutate({
      sessionToken: c.token,
      issueSummary: "Shipping",
      customerContact: "sam@example.com",
    });
    await staffClient(server.url, cookie).inbox.resolve.mutate({ conversationId: c.conversationId });
    await send(c, "One more thing: do you sell gift cards?");
    expect((await history(c)).knownContact).toBe("sam@example.com");
    await c.client.ticket.create.mutate({ sessionToken: c.token, issueSummary: "Gift cards" });
    const latest = await server.db.prisma.ticket.findFirstOrThrow({
      where: { sessionId: c.conversationId },
      orderBy: { createdAt: "desc" },
    });
    expect(latest.customerContact).toBe("sam@example.com");
  });
});

describe("waiting for a person", () => {
  async function waiting() {
    const c = await newCustomer(server.url);
    await send(c, "Is shipping free?");
    const ticket = await c.client.ticket.create.mutate({
      sessionToken: c.token,
      issueSummary: "Order 1234 is late",
      customerContact: "kim@example.com",
    });
    return { c, ticket };
  }

  it("no one has joined: a confident FAQ answer still comes (automatic, no model); anything else waits for the person", async () => {
    const { c } = await waiting();
    const calls = server.openai!.requests.length;
    const faq = await send(c, "How long does shipping take?");
    expect(faq.done).toMatchObject({ mode: "faq-only", handoffSuggested: false });
    expect(faq.done!.sources.map((s) => s.question)).toEqual(["How long does shipping take?"]);
    expect((await server.db.prisma.message.findUniqueOrThrow({ where: { id: faq.done!.id } })).fallbackReason).toBe(
      "awaiting_staff",
    );
    const other = await send(c, "Hello? Anyone there?");
    expect(types(other)).toEqual(["accepted", "handoff"]);
    expect(other.events.at(-1)).toEqual({ type: "handoff", joinedBy: null });
    expect(server.openai!.requests.length).toBe(calls);
    expect((await history(c)).joinedBy).toBeNull();
  });

  it("the first staff reply is the person joining: one notice, a live status event, then the bot stays quiet", async () => {
    const { c } = await waiting();
    const stream = customerStream(server.url, c.token);
    await stream.started;
    const agent = staffClient(server.url, cookie);
    await agent.inbox.reply.mutate({
      conversationId: c.conversationId,
      clientMessageId: randomUUID(),
      text: "Hi Kim, Bob here.",
    });
    await agent.inbox.reply.mutate({
      conversationId: c.conversationId,
      clientMessageId: randomUUID(),
      text: "Checking your order now.",
    });
    const events = await stream.waitFor(
      (es) => es.filter((e) => e.type === "message" && e.message.role === "agent").length === 2,
    );
    const seen = events.map((e) =>
      e.type === "message"
        ? `${e.message.role}: ${e.message.content}`
        : e.type === "status"
          ? `status ${e.status} ${e.joinedBy}`
          : e.type,
    );
    expect(seen).toEqual([
      "status handoff Bob Agent",
      "system: Bob Agent joined the conversation.",
      "agent: Hi Kim, Bob here.",
      "agent: Checking your order now.",
    ]);
    stream.stop();

    const h = await history(c);
    expect(h.joinedBy).toBe("Bob Agent");
    expect(h.messages.filter((m) => m.role === "system").map((m) => m.content)).toHaveLength(2);
    // A person has it now: even a question the FAQs answer waits for them.
    const after = await send(c, "How long does shipping take?");
    expect(after.events.at(-1)).toEqual({ type: "handoff", joinedBy: "Bob Agent" });
  });

  it("taking the conversation (inbox) or assigning the ticket to oneself is joining; assigning someone else is not", async () => {
    const agent = staffClient(server.url, cookie);
    const one = await waiting();
    const stream = customerStream(server.url, one.c.token);
    await stream.started;
    expect(await agent.inbox.take.mutate({ conversationId: one.c.conversationId })).toEqual({
      status: "handoff",
      joinedByName: "Bob Agent",
    });
    await stream.waitFor((es) => es.some((e) => e.type === "status" && e.joinedBy === "Bob Agent"));
    await stream.waitFor((es) =>
      es.some((e) => e.type === "message" && e.message.content === "Bob Agent joined the conversation."),
    );
    stream.stop();
    expect((await server.db.prisma.ticket.findUniqueOrThrow({ where: { id: one.ticket.ticketId } })).assigneeId).toBe(
      staff.agent.id,
    );
    // Taking it again changes nothing and says nothing twice.
    await agent.inbox.take.mutate({ conversationId: one.c.conversationId });
    expect((await history(one.c)).messages.filter((m) => m.content.endsWith("joined the conversation."))).toHaveLength(
      1,
    );

    const two = await waiting();
    await agent.ticket.assign.mutate({ id: two.ticket.ticketId, assigneeId: staff.admin.id });
    expect((await history(two.c)).joinedBy).toBeNull();
    await agent.ticket.assign.mutate({ id: two.ticket.ticketId, assigneeId: staff.agent.id });
    expect((await history(two.c)).joinedBy).toBe("Bob Agent");
  });

  it("handed back, the next hand-off waits for a person again", async () => {
    const { c } = await waiting();
    const agent = staffClient(server.url, cookie);
    await agent.inbox.reply.mutate({
      conversationId: c.conversationId,
      clientMessageId: randomUUID(),
      text: "Sorted!",
    });
    await agent.inbox.handBack.mutate({ conversationId: c.conversationId });
    expect(await history(c)).toMatchObject({ status: "bot", joinedBy: null, handoffOffer: null });
    await c.client.ticket.create.mutate({ sessionToken: c.token, issueSummary: "Another question" });
    expect(await history(c)).toMatchObject({ status: "handoff", joinedBy: null });
  });
});
