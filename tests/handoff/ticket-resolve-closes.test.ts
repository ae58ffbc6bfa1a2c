// Resolving a ticket ends its conversation's hand-off: the session is closed and the customer sees
// the same note as after the inbox's Resolve, unless another request of theirs is still open.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../../packages/api/src/lib/tokens.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { bearer, callerFor, makeApiToken, makeStaff, signedInCaller } from "../console/helpers.ts";

let db: TestDatabase;
let agent: ReturnType<typeof callerFor>;
beforeAll(async () => {
  db = await createTestDatabase();
  await makeStaff(db);
  agent = await signedInCaller(db, "agent");
});
afterAll(async () => db?.drop());

async function conversation(status: "bot" | "handoff" | "closed", tickets: Array<"open" | "in_progress" | "resolved">) {
  const session = await db.prisma.session.create({ data: { tokenHash: hashSecret(Math.random().toString()), status } });
  const ids = [];
  for (const s of tickets) {
    const t = await db.prisma.ticket.create({
      data: { sessionId: session.id, issueSummary: "My tent leaks", status: s, conversationSnapshot: [] },
    });
    ids.push(t.id);
  }
  return { sessionId: session.id, ticketIds: ids };
}

const state = async (sessionId: string) => ({
  status: (await db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).status,
  notes: (await db.prisma.message.findMany({ where: { sessionId, role: "system" }, orderBy: { seq: "asc" } })).map(
    (m) => m.content,
  ),
});

describe("resolving a ticket closes the hand-off", () => {
  it("setStatus resolved closes a conversation in hand-off with the inbox's note, once", async () => {
    const c = await conversation("handoff", ["in_progress"]);
    await agent.ticket.setStatus({ id: c.ticketIds[0]!, status: "resolved" });
    expect(await state(c.sessionId)).toEqual({
      status: "closed",
      notes: ["Bob Agent marked this conversation as resolved. Write again any time and our assistant will help."],
    });
    // Reopening and resolving again while the conversation is already closed posts nothing new.
    await agent.ticket.setStatus({ id: c.ticketIds[0]!, status: "open" });
    await agent.ticket.setStatus({ id: c.ticketIds[0]!, status: "resolved" });
    expect((await state(c.sessionId)).notes).toHaveLength(1);
  });

  it("the inbox's Resolve writes the same note (one function for both)", async () => {
    const c = await conversation("handoff", ["open"]);
    await agent.inbox.resolve({ conversationId: c.sessionId });
    expect(await state(c.sessionId)).toEqual({
      status: "closed",
      notes: ["Bob Agent marked this conversation as resolved. Write again any time and our assistant will help."],
    });
    expect((await db.prisma.ticket.findUniqueOrThrow({ where: { id: c.ticketIds[0]! } })).status).toBe("resolved");
    await agent.inbox.resolve({ conversationId: c.sessionId });
    expect((await state(c.sessionId)).notes).toHaveLength(1);
  });

  it("stays in hand-off while another ticket of the conversation is unresolved", async () => {
    const c = await conversation("handoff", ["open", "in_progress"]);
    await agent.ticket.setStatus({ id: c.ticketIds[0]!, status: "resolved" });
    expect(await state(c.sessionId)).toEqual({ status: "handoff", notes: [] });
    await agent.ticket.setStatus({ id: c.ticketIds[1]!, status: "resolved" });
    expect((await state(c.sessionId)).status).toBe("closed");
  });

  it("leaves conversations the bot has (handed back) alone", async () => {
    const c = await conversation("bot", ["in_progress"]);
    await agent.ticket.setStatus({ id: c.ticketIds[0]!, status: "resolved" });
    expect(await state(c.sessionId)).toEqual({ status: "bot", notes: [] });
  });

  it("bulk resolve closes each conversation it finished, not those it only skipped", async () => {
    const one = await conversation("handoff", ["open"]);
    const two = await conversation("handoff", ["in_progress", "open"]);
    // Taken over by an agent with only an old, already resolved ticket: not this call's doing.
    const old = await conversation("handoff", ["resolved"]);
    const r = await agent.ticket.bulkResolve({ ids: [one.ticketIds[0]!, two.ticketIds[0]!, old.ticketIds[0]!] });
    expect(r).toEqual({ resolved: 2, skipped: 1 });
    expect((await state(one.sessionId)).status).toBe("closed");
    expect((await state(two.sessionId)).status).toBe("handoff");
    expect(await state(old.sessionId)).toEqual({ status: "handoff", notes: [] });
  });

  it("a script's token resolving a ticket is not named to the customer", async () => {
    const c = await conversation("handoff", ["open"]);
    const script = callerFor(db, { headers: bearer(await makeApiToken(db, ["ticket:write"])) });
    await script.ticket.setStatus({ id: c.ticketIds[0]!, status: "resolved" });
    expect(await state(c.sessionId)).toEqual({
      status: "closed",
      notes: ["Our team marked this conversation as resolved. Write again any time and our assistant will help."],
    });
  });
});
