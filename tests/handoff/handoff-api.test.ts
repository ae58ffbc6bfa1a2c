// Live hand-off across two server instances sharing one PostgreSQL: the customer on A, the agent on
// B, events carried by LISTEN/NOTIFY. Replay after a dropped connection, and isolation.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { queryInput } from "../harness/trpc-http.ts";
import { makeStaff, PASSWORDS, signIn } from "../console/helpers.ts";
import { newCustomer, send } from "../chat/chat-client.ts";
import { customerStream, inboxStream, staffClient } from "./live-client.ts";

let a: TestServer;
let b: TestServer;
let cookie: string;
beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({ db: a.db, seed: false });
  const staff = await makeStaff(a.db);
  cookie = await signIn(a.db, staff.agent.email, PASSWORDS.agent);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

async function escalated() {
  const c = await newCustomer(a.url);
  await send(c, "Are your tents waterproof?");
  const ticket = await c.client.ticket.create.mutate({
    sessionToken: c.token,
    issueSummary: "My tent leaks at the seams",
    customerContact: "sam@example.com",
  });
  return { c, ticket };
}

describe("hand-off across instances", () => {
  it("agent on B replies live to the customer on A and back; hand back to the bot; resolve", async () => {
    const { c, ticket } = await escalated();
    const agent = staffClient(b.url, cookie);
    const inbox = inboxStream(b.url, cookie);
    const stream = customerStream(a.url, c.token);
    await Promise.all([inbox.started, stream.started]);

    const waiting = await agent.inbox.list.query();
    const item = waiting.find((i) => i.conversationId === c.conversationId)!;
    expect(item).toMatchObject({
      status: "handoff",
      handoffReason: "customer_request",
      ticket: { id: ticket.ticketId, reference: ticket.reference },
    });
    expect(item.unread).toBeGreaterThan(0);
    expect(item.waitingSince).not.toBeNull();

    // Waiting for a person: a message the FAQs don't answer reaches the agent on B, and no bot reply.
    const during = await send(c, "Hello? Anyone there?");
    expect(during.events.map((e) => e.type)).toEqual(["accepted", "handoff"]);
    await inbox.waitFor((es) => es.some((e) => e.type === "message" && e.message.content === "Hello? Anyone there?"));

    // Typing both ways.
    await c.client.live.customerTyping.mutate({ sessionToken: c.token });
    await inbox.waitFor((es) => es.some((e) => e.type === "typing" && e.conversationId === c.conversationId));
    await agent.inbox.typing.mutate({ conversationId: c.conversationId });
    await stream.waitFor((es) => es.some((e) => e.type === "typing" && e.name === "Bob Agent"));

    const reply = await agent.inbox.reply.mutate({
      conversationId: c.conversationId,
      clientMessageId: randomUUID(),
      text: "Hi Sam, I'm Bob. Sorry about the tent!",
    });
    const got = await stream.waitFor((es) => es.some((e) => e.type === "message" && e.message.id === reply.id));
    const msg = got.find((e) => e.type === "message" && e.message.id === reply.id)!;
    expect(msg).toMatchObject({
      type: "message",
      message: { role: "agent", authorName: "Bob Agent", content: "Hi Sam, I'm Bob. Sorry about the tent!" },
    });
    const opened = await a.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.ticketId } });
    expect(opened.status).toBe("in_progress");

    // The whole conversation, not only the snapshot.
    const full = await agent.inbox.get.query({ conversationId: c.conversationId });
    expect(full.messages.map((m) => m.role)).toEqual(["user", "assistant", "system", "user", "system", "agent"]);
    expect(full.joinedByName).toBe("Bob Agent");

    // Hand back: the customer sees it, the bot answers again, with the agent's turn as history.
    await agent.inbox.handBack.mutate({ conversationId: c.conversationId });
    await stream.waitFor((es) => es.some((e) => e.type === "status" && e.status === "bot"));
    const again = await send(c, "Is shipping free?");
    expect(again.done?.mode).toBe("llm");
    const prompt = a.openai!.requests.at(-1)!.body.messages as Array<{ role: string; content: string; name?: string }>;
    expect(prompt.filter((m) => m.name === "staff")).toEqual([
      { role: "assistant", name: "staff", content: "[Staff: Bob Agent] Hi Sam, I'm Bob. Sorry about the tent!" },
    ]);
    const roles = prompt.slice(1).map((m) => m.role);
    for (let i = 1; i < roles.length; i++) expect(roles[i]).not.toBe(roles[i - 1]);

    await agent.inbox.resolve.mutate({ conversationId: c.conversationId });
    await stream.waitFor((es) => es.some((e) => e.type === "status" && e.status === "closed"));
    expect((await a.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.ticketId } })).status).toBe("resolved");
    stream.stop();
    inbox.stop();
  });

  it("after a dropped connection, missed agent replies arrive exactly once and in order", async () => {
    const { c } = await escalated();
    const agent = staffClient(b.url, cookie);
    const first = customerStream(a.url, c.token);
    await first.started;
    const r1 = await agent.inbox.reply.mutate({
      conversationId: c.conversationId,
      clientMessageId: randomUUID(),
      text: "one",
    });
    const seen = await first.waitFor((es) => es.some((e) => e.type === "message" && e.message.id === r1.id));
    const lastId = (seen.filter((e) => e.type === "message").at(-1) as { message: { seq: string } }).message.seq;
    first.stop();

    const missed = [];
    for (const text of ["two", "three", "four"]) {
      missed.push(
        await agent.inbox.reply.mutate({ conversationId: c.conversationId, clientMessageId: randomUUID(), text }),
      );
    }
    const resumed = customerStream(a.url, c.token, lastId);
    await resumed.waitFor((es) => es.filter((e) => e.type === "message").length >= 3);
    // A live reply after the replay: the stream is in order, so a duplicate would come before it.
    const five = await agent.inbox.reply.mutate({
      conversationId: c.conversationId,
      clientMessageId: randomUUID(),
      text: "five",
    });
    await resumed.waitFor((es) => es.some((e) => e.type === "message" && e.message.id === five.id));
    const messages = resumed.events
      .filter((e) => e.type === "message")
      .map((e) => (e as { message: { content: string } }).message.content);
    expect(messages).toEqual(["two", "three", "four", "five"]);
    resumed.stop();
  });

  it("events of one conversation never reach another conversation's stream; an agent retry is not sent twice", async () => {
    const one = await escalated();
    const two = await escalated();
    const agent = staffClient(b.url, cookie);
    const streamOne = customerStream(a.url, one.c.token);
    const streamTwo = customerStream(a.url, two.c.token);
    await Promise.all([streamOne.started, streamTwo.started]);
    const id = randomUUID();
    const reply = await agent.inbox.reply.mutate({
      conversationId: two.c.conversationId,
      clientMessageId: id,
      text: "Only for two",
    });
    const retry = await agent.inbox.reply.mutate({
      conversationId: two.c.conversationId,
      clientMessageId: id,
      text: "Only for two",
    });
    expect(retry.id).toBe(reply.id);
    await agent.inbox.typing.mutate({ conversationId: two.c.conversationId });
    await streamTwo.waitFor((es) => es.some((e) => e.type === "typing"));
    // Then something for one: events arrive in order, so anything of two's would have come first.
    await agent.inbox.typing.mutate({ conversationId: one.c.conversationId });
    await streamOne.waitFor((es) => es.length > 0);
    expect(streamOne.events).toEqual([{ type: "typing", who: "agent", name: "Bob Agent" }]);
    // The reply once, after the one "Bob Agent joined" notice.
    expect(
      streamTwo.events
        .filter((e) => e.type === "message")
        .map((e) => (e as { message: { role: string } }).message.role),
    ).toEqual(["system", "agent"]);
    streamOne.stop();
    streamTwo.stop();
  });

  it("asking for a person again after a hand-back hands the conversation over again", async () => {
    const { c, ticket } = await escalated();
    const agent = staffClient(b.url, cookie);
    await agent.inbox.handBack.mutate({ conversationId: c.conversationId });
    expect((await send(c, "Is shipping free?")).done?.mode).toBe("llm");
    const again = await c.client.ticket.create.mutate({ sessionToken: c.token, issueSummary: "Still leaking" });
    expect(again.ticketId).toBe(ticket.ticketId);
    const history = await c.client.chat.history.query({ sessionToken: c.token });
    expect(history.status).toBe("handoff");
    expect(history.messages.at(-1)).toMatchObject({
      role: "system",
      content: expect.stringContaining(ticket.reference),
    });
    expect((await send(c, "Hello?")).events.map((e) => e.type)).toEqual(["accepted", "handoff"]);
  });

  it("a customer stream needs the session token in a header, never the URL", async () => {
    const { c } = await escalated();
    const res = await fetch(`${a.url}/trpc/live.conversation?input=${queryInput({ sessionToken: c.token })}`, {
      headers: { accept: "text/event-stream" },
    });
    const text = await res.text();
    expect(text).toMatch(/METHOD_NOT_SUPPORTED|Customer requests must use POST/);
  });
});

describe("after a hand-off", () => {
  it("a resolved conversation the customer writes to again is answered by the bot", async () => {
    const { c } = await escalated();
    await staffClient(b.url, cookie).inbox.resolve.mutate({ conversationId: c.conversationId });
    const next = await send(c, "One more thing: is shipping free?");
    expect(next.done?.mode).toBe("llm");
    expect((await a.db.prisma.session.findUniqueOrThrow({ where: { id: c.conversationId } })).status).toBe("bot");
  });

  it("many open streams on one instance are normal: no listener-leak warning in the server's log", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    const customers = await Promise.all(Array.from({ length: 15 }, () => newCustomer(a.url)));
    const streams = customers.map((c) => customerStream(a.url, c.token));
    try {
      const last = customers[customers.length - 1]!;
      await send(last, "Are your tents waterproof?");
      await streams[streams.length - 1]!.waitFor((es) => es.some((e) => e.type === "message"));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
      for (const s of streams) s.stop();
    }
  });
});
