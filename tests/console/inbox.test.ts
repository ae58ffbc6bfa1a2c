// Inbox router: views (waiting, bot, mine, unassigned, closed, all), search (customer text, internal
// notes, contact, ticket number), taking over from the bot, assignment, and refusing a reply sent on
// top of a colleague's, with their permissions.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../../packages/api/src/lib/tokens.ts";
import { bearer, callerFor, codeOf, makeApiToken, signedInCaller, useStaffDatabase } from "./helpers.ts";

const world = useStaffDatabase();
let agent: ReturnType<typeof callerFor>;
let agent2: ReturnType<typeof callerFor>;
beforeAll(async () => {
  agent = await signedInCaller(world.db, "agent");
  agent2 = await signedInCaller(world.db, "agent2");
});

/** A conversation as the widget leaves it: customer and bot turns, optionally handed off with a ticket. */
async function conversation(
  opts: { status?: "bot" | "handoff" | "closed"; text?: string; contact?: string | null; ticket?: boolean } = {},
) {
  const session = await world.db.prisma.session.create({
    data: {
      tokenHash: hashSecret(randomUUID()),
      status: opts.status ?? "bot",
      handoffAt: opts.status === "handoff" ? new Date() : null,
      origin: "https://shop.example",
    },
  });
  await world.db.prisma.message.create({
    data: { sessionId: session.id, role: "user", content: opts.text ?? "Where is my order?" },
  });
  await world.db.prisma.message.create({
    data: { sessionId: session.id, role: "assistant", content: "Let me check." },
  });
  const ticket = opts.ticket
    ? await world.db.prisma.ticket.create({
        data: {
          sessionId: session.id,
          issueSummary: "Order missing",
          customerContact: opts.contact ?? null,
          conversationSnapshot: [],
        },
      })
    : null;
  return { id: session.id, ticket };
}

const ids = (items: Array<{ conversationId: string }>) => items.map((i) => i.conversationId);

describe("inbox views and search", () => {
  it("each view lists what its name says; search finds customer text, contact and ticket number literally", async () => {
    const bot = await conversation({ text: "Do you ship to Norway? 100% sure?" });
    const waiting = await conversation({ status: "handoff", ticket: true, contact: "nora@example.com" });
    const closed = await conversation({ status: "closed", text: "thanks_a_lot" });

    expect(ids(await agent.inbox.list({ view: "bot" }))).toContain(bot.id);
    expect(ids(await agent.inbox.list({ view: "bot" }))).not.toContain(waiting.id);
    expect(ids(await agent.inbox.list({ view: "waiting" }))).toEqual(expect.arrayContaining([waiting.id]));
    expect(ids(await agent.inbox.list({ view: "waiting" }))).not.toContain(bot.id);
    expect(ids(await agent.inbox.list({ view: "unassigned" }))).toContain(waiting.id);
    expect(ids(await agent.inbox.list({ view: "closed" }))).toEqual([closed.id]);
    expect(ids(await agent.inbox.list({ view: "all" }))).toEqual(
      expect.arrayContaining([bot.id, waiting.id, closed.id]),
    );
    // The older input shape still works: status "handoff" is the waiting view.
    expect(ids(await agent.inbox.list({ status: "handoff" }))).toContain(waiting.id);

    expect(ids(await agent.inbox.list({ view: "all", search: "norway" }))).toEqual([bot.id]);
    expect(ids(await agent.inbox.list({ view: "all", search: "NORA@example" }))).toEqual([waiting.id]);
    const reference = `#${waiting.ticket!.number}`;
    expect(ids(await agent.inbox.list({ view: "all", search: reference }))).toEqual([waiting.id]);
    expect(ids(await agent.inbox.list({ view: "all", search: String(waiting.ticket!.number) }))).toEqual([waiting.id]);
    // % and _ are the characters themselves, not wildcards.
    expect(ids(await agent.inbox.list({ view: "all", search: "100%" }))).toEqual([bot.id]);
    expect(ids(await agent.inbox.list({ view: "all", search: "%" }))).toEqual([bot.id]);
    expect(ids(await agent.inbox.list({ view: "all", search: "thanks_a" }))).toEqual([closed.id]);
    expect(ids(await agent.inbox.list({ view: "all", search: "thanks_b" }))).toEqual([]);
    // Search narrows the view it is made in.
    expect(ids(await agent.inbox.list({ view: "waiting", search: "norway" }))).toEqual([]);
    expect(await codeOf(agent.inbox.list({ view: "all", search: "x".repeat(201) }))).toBe("BAD_REQUEST");
  });

  it("search finds a conversation by what a colleague wrote in an internal or ticket note, literally", async () => {
    const noted = await conversation({ status: "handoff", ticket: true, text: "My parcel is damaged" });
    const other = await conversation({ status: "handoff", ticket: true, text: "My parcel is late" });
    await agent2.inbox.addNote({
      conversationId: noted.id,
      clientNoteId: randomUUID(),
      text: "Promised a 50%_refund by phone, courier ref QX-7781",
    });
    // The agent searching did not write the note; the customer never typed these words.
    expect(ids(await agent.inbox.list({ view: "all", search: "qx-7781" }))).toEqual([noted.id]);
    expect(ids(await agent.inbox.list({ view: "waiting", search: "50%_REFUND" }))).toEqual([noted.id]);
    // % and _ in a search are the characters themselves here too.
    expect(ids(await agent.inbox.list({ view: "all", search: "50%xrefund" }))).toEqual([]);
    expect(ids(await agent.inbox.list({ view: "all", search: "parcel is" }))).toEqual(
      expect.arrayContaining([noted.id, other.id]),
    );
    // Search still narrows the view: a noted conversation is not in "closed".
    expect(ids(await agent.inbox.list({ view: "closed", search: "qx-7781" }))).toEqual([]);
    // A note on the conversation's ticket (Tickets page) finds it too.
    await agent2.ticket.addNote({ id: other.ticket!.id, body: "Carrier claim opened: ZK-4410" });
    expect(ids(await agent.inbox.list({ view: "all", search: "zk-4410" }))).toEqual([other.id]);
  });

  it("opens with the whole thread, its ticket and where the chat started", async () => {
    const c = await conversation({ status: "handoff", ticket: true, contact: "kim@example.com" });
    const full = await agent.inbox.get({ conversationId: c.id });
    expect(full.messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "Where is my order?"],
      ["assistant", "Let me check."],
    ]);
    expect(full.ticket).toMatchObject({ id: c.ticket!.id, customerContact: "kim@example.com" });
    expect(full.customer.origin).toBe("https://shop.example");
  });
});

describe("taking over, ownership", () => {
  it("an agent takes over a bot conversation: the customer sees them join, it is theirs, a colleague can't take it again", async () => {
    const c = await conversation();
    expect(await agent.inbox.take({ conversationId: c.id })).toEqual({ status: "handoff", joinedByName: "Bob Agent" });
    const full = await agent.inbox.get({ conversationId: c.id });
    expect(full.messages.at(-1)).toMatchObject({ role: "system", content: "Bob Agent joined the conversation." });
    expect(full.assignee).toEqual({ id: world.staff.agent.id, name: "Bob Agent" });
    expect(ids(await agent.inbox.list({ view: "mine" }))).toContain(c.id);
    expect(ids(await agent2.inbox.list({ view: "mine" }))).not.toContain(c.id);
    expect(ids(await agent.inbox.list({ view: "bot" }))).not.toContain(c.id);
    expect(ids(await agent.inbox.list({ view: "unassigned" }))).not.toContain(c.id);

    const err = await agent2.inbox
      .take({ conversationId: c.id })
      .catch((e: unknown) => e as { code: string; message: string });
    expect(err).toMatchObject({ code: "CONFLICT", message: "Bob Agent has already taken this conversation." });
    // Taking it again oneself changes nothing.
    await agent.inbox.take({ conversationId: c.id });
    expect((await agent.inbox.get({ conversationId: c.id })).messages.filter((m) => m.role === "system")).toHaveLength(
      1,
    );
  });

  it("assignment is shown in the list and can be changed to a colleague or nobody, with its open ticket", async () => {
    const c = await conversation({ status: "handoff", ticket: true });
    expect(await agent.inbox.assign({ conversationId: c.id, assigneeId: world.staff.agent2.id })).toEqual({
      assignee: { id: world.staff.agent2.id, name: "Cy Agent" },
    });
    const item = (await agent.inbox.list({ view: "all" })).find((i) => i.conversationId === c.id)!;
    expect(item.assignee).toEqual({ id: world.staff.agent2.id, name: "Cy Agent" });
    expect(ids(await agent2.inbox.list({ view: "mine" }))).toContain(c.id);
    expect((await world.db.prisma.ticket.findUniqueOrThrow({ where: { id: c.ticket!.id } })).assigneeId).toBe(
      world.staff.agent2.id,
    );
    // Assigning is not joining: the customer is still waiting for a person.
    expect((await agent.inbox.get({ conversationId: c.id })).joinedByName).toBeNull();

    await agent.inbox.assign({ conversationId: c.id, assigneeId: null });
    expect(ids(await agent.inbox.list({ view: "unassigned" }))).toContain(c.id);
    expect(await codeOf(agent.inbox.assign({ conversationId: c.id, assigneeId: randomUUID() }))).toBe("BAD_REQUEST");
    expect(await codeOf(agent.inbox.assign({ conversationId: randomUUID(), assigneeId: null }))).toBe("NOT_FOUND");
  });

  it("a reply written without seeing a colleague's newer reply is refused with CONFLICT; after reading it, it goes", async () => {
    const c = await conversation({ status: "handoff", ticket: true });
    const seen = (await agent.inbox.get({ conversationId: c.id })).messages.at(-1)!.seq;
    await agent2.inbox.reply({ conversationId: c.id, clientMessageId: randomUUID(), text: "Hi, Cy here." });
    const err = await agent.inbox
      .reply({ conversationId: c.id, clientMessageId: randomUUID(), text: "Hi, Bob here.", lastSeenSeq: seen })
      .catch((e: unknown) => e as { code: string; message: string });
    expect(err).toMatchObject({
      code: "CONFLICT",
      message: "Cy Agent replied while you were writing. Read their reply, then send yours again.",
    });
    const now = (await agent.inbox.get({ conversationId: c.id })).messages;
    expect(now.filter((m) => m.role === "agent").map((m) => m.content)).toEqual(["Hi, Cy here."]);
    const ok = await agent.inbox.reply({
      conversationId: c.id,
      clientMessageId: randomUUID(),
      text: "Hi, Bob here.",
      lastSeenSeq: now.at(-1)!.seq,
    });
    expect(ok.content).toBe("Hi, Bob here.");
    // One's own earlier replies never conflict.
    await agent.inbox.reply({
      conversationId: c.id,
      clientMessageId: randomUUID(),
      text: "One more thing.",
      lastSeenSeq: now.at(-1)!.seq,
    });
  });

  it("signed-out callers and API tokens can't use the inbox", async () => {
    const c = await conversation({ status: "handoff" });
    const anon = callerFor(world.db);
    const token = callerFor(world.db, {
      headers: bearer(await makeApiToken(world.db, ["ticket:read", "ticket:write"])),
    });
    for (const caller of [anon, token]) {
      for (const call of [
        () => caller.inbox.list({ view: "all" }),
        () => caller.inbox.take({ conversationId: c.id }),
        () => caller.inbox.assign({ conversationId: c.id, assigneeId: null }),
        () => caller.inbox.presence({ conversationId: c.id, state: "viewing" }),
      ]) {
        expect(["UNAUTHORIZED", "FORBIDDEN"]).toContain(await codeOf(call()));
      }
    }
  });
});
