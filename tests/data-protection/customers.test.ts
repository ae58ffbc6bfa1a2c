// Per-person export and erasure: one customer among many is found by email, exported (one JSON
// document with everything stored about them) and erased; afterwards every row in the database is
// compared with before: only that person's rows changed, and exactly in the erased fields. Who may
// do it (admins, API tokens with the scope; not agents), bad input, and the audit log entries.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../../packages/api/src/lib/tokens.ts";
import { callerFor, makeClock, makeStaff, signedInCaller } from "../console/helpers.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { changedKeys, dumpRows, seedConversation, type SeededConversation } from "./seed.ts";

const NOW = new Date("2026-06-30T12:00:00Z");
const EMAIL = "Jo.Doe@Customer.example";

let db: TestDatabase;
let jo: SeededConversation[] = [];
const others: SeededConversation[] = [];
let endpointId: string;
let staffId: string;
/** The session tokens in Jo's and another customer's browsers (their widgets' keys to the conversation). */
const joToken = randomBytes(32).toString("base64url");
const otherToken = randomBytes(32).toString("base64url");

beforeAll(async () => {
  db = await createTestDatabase();
  staffId = (await makeStaff(db)).agent.id;
  endpointId = (
    await db.prisma.webhookEndpoint.create({
      data: { url: "http://127.0.0.1:9/hook", events: ["message.created"], secret: "whsec_test" },
    })
  ).id;
  // A second integration that follows tickets: erasure resolves Jo's open ticket, and says so.
  await db.prisma.webhookEndpoint.create({
    data: { url: "http://127.0.0.1:9/tickets", events: ["ticket.updated"], secret: "whsec_tickets" },
  });
  await db.prisma.settings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
  const base = { now: NOW, staffId, endpointId };
  // Jo: an old resolved hand-off and one still waiting for a person, under two spellings of the email.
  jo = [
    await seedConversation(db, { ...base, ageDays: 20, ticketStatus: "resolved", email: EMAIL }),
    await seedConversation(db, {
      ...base,
      ageDays: 2,
      status: "handoff",
      ticketStatus: "open",
      email: EMAIL.toLowerCase(),
    }),
  ];
  for (let i = 0; i < 12; i++) {
    others.push(
      await seedConversation(db, {
        ...base,
        ageDays: 1 + i,
        ticketStatus: i % 3 === 0 ? "resolved" : i % 3 === 1 ? "open" : null,
        status: i % 3 === 1 ? "handoff" : "closed",
      }),
    );
  }
  await db.prisma.session.update({ where: { id: jo[1]!.id }, data: { tokenHash: hashSecret(joToken) } });
  await db.prisma.session.update({ where: { id: others[1]!.id }, data: { tokenHash: hashSecret(otherToken) } });
});
afterAll(async () => {
  await db?.drop();
});

function tokenCaller(secret: string) {
  return callerFor(db, {
    headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
    clock: makeClock(NOW),
  });
}

describe("customer data requests", () => {
  it("finds a customer's conversations by email (any case) or by conversation id", async () => {
    const admin = await signedInCaller(db, "admin");
    const byEmail = await admin.customers.find({ email: "  jo.doe@CUSTOMER.example " });
    expect(byEmail.conversations.map((c) => c.id).sort()).toEqual(jo.map((c) => c.id).sort());
    expect(byEmail.conversations[0]).toMatchObject({
      messageCount: 3,
      erasedAt: null,
      tickets: [{ reference: expect.stringMatching(/^#\d+$/) }],
    });
    const byId = await admin.customers.find({ conversationId: others[0]!.id });
    expect(byId.conversations.map((c) => c.id)).toEqual([others[0]!.id]);
    expect((await admin.customers.find({ email: "nobody@customer.example" })).conversations).toEqual([]);
  });

  it("refuses bad input with 400 and agents with 403", async () => {
    const admin = await signedInCaller(db, "admin");
    await expect(admin.customers.find({ email: "not an email" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.customers.export({ conversationIds: ["nope"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.customers.erase({ conversationIds: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const agent = await signedInCaller(db, "agent");
    await expect(agent.customers.find({ email: EMAIL })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.customers.erase({ conversationIds: [jo[0]!.id] })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("API tokens need customers:export to find and export, customers:erase to erase", async () => {
    const admin = await signedInCaller(db, "admin");
    const exporter = await admin.apiToken.create({ name: "DSAR export", scopes: ["customers:export"] });
    const script = tokenCaller(exporter.secret);
    expect((await script.customers.find({ email: EMAIL })).conversations).toHaveLength(2);
    expect((await script.customers.export({ conversationIds: [jo[0]!.id] })).document.conversations).toHaveLength(1);
    await expect(script.customers.erase({ conversationIds: [jo[0]!.id] })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "This API token lacks the 'customers:erase' scope",
    });
    const reader = await admin.apiToken.create({ name: "tickets", scopes: ["ticket:read"] });
    await expect(tokenCaller(reader.secret).customers.find({ email: EMAIL })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("exports everything stored about the customer as one document", async () => {
    const admin = await signedInCaller(db, "admin");
    const ids = jo.map((c) => c.id);
    const { filename, document } = await admin.customers.export({ conversationIds: ids });
    expect(filename).toMatch(/^customer-data-\d{4}-\d{2}-\d{2}\.json$/);
    expect(document.format).toBe("support-bot/customer-export@1");
    expect(document.conversations.map((c) => c.id).sort()).toEqual([...ids].sort());
    const old = document.conversations.find((c) => c.id === jo[0]!.id)!;
    expect(old).toMatchObject({
      origin: "https://shop.example",
      userAgent: expect.stringContaining("Mozilla"),
      pageUrl: expect.stringContaining("/orders/"),
      timeZone: "Europe/Berlin",
      erasedAt: null,
    });
    expect(old.notes).toEqual([
      { body: expect.stringContaining("sounds upset"), authorName: "Bob Agent", createdAt: expect.any(Date) },
    ]);
    expect(old.messages.map((m) => m.role)).toEqual(["user", "assistant", "agent"]);
    expect(old.messages[0]!.content).toBe(jo[0]!.secretText);
    expect(old.messages[1]!.feedback).toMatch(/up|down/);
    expect(old.tickets[0]).toMatchObject({
      customerContact: EMAIL,
      rating: 4,
      ratingComment: expect.any(String),
      notes: [{ body: expect.any(String), authorName: "Bob Agent" }],
    });
    expect(old.tickets[0]!.conversationSnapshot).toEqual([expect.objectContaining({ content: jo[0]!.secretText })]);
    expect(old.pendingFollowUpEmail).toEqual({ dueAt: expect.any(Date) });
    expect(old.webhookDeliveries).toEqual([
      expect.objectContaining({
        event: "message.created",
        payload: expect.objectContaining({ data: expect.objectContaining({ content: jo[0]!.secretText }) }),
      }),
    ]);
    // Nobody else's data is in it.
    const text = JSON.stringify(document);
    for (const o of others) {
      expect(text).not.toContain(o.secretText);
      expect(text).not.toContain(o.id);
    }
  });

  it("erases the customer: only their rows change, the rest of the database is untouched", async () => {
    const admin = await signedInCaller(db, "admin");
    const ids = jo.map((c) => c.id);
    const before = await dumpRows(db);

    const counts = await admin.customers.erase({ conversationIds: ids });
    expect(counts).toEqual({
      conversations: 2,
      messages: 7,
      tickets: 2,
      ticketNotes: 4,
      followUps: 2,
      reopenLinks: 2,
      webhookDeliveries: 2,
    });

    const after = await dumpRows(db);
    const joRows = new Set<string>();
    for (const id of ids) joRows.add(`Session:${id}`).add(`FollowUpEmail:${id}`).add(`ReopenLink:reopen-${id}`);
    for (const m of await db.prisma.message.findMany({ where: { sessionId: { in: ids } } }))
      joRows.add(`Message:${m.id}`);
    const tickets = await db.prisma.ticket.findMany({ where: { sessionId: { in: ids } } });
    for (const t of tickets) joRows.add(`Ticket:${t.id}`);
    for (const k of before.keys())
      if ((k.startsWith("TicketNote:") || k.startsWith("ConversationNote:")) && !after.has(k)) joRows.add(k);
    for (const d of await db.sql.query<{ id: string }>(
      `SELECT id::text AS id FROM "WebhookDelivery" WHERE payload->'data'->>'conversationId' = ANY($1::text[])`,
      [ids],
    ))
      joRows.add(`WebhookDelivery:${d.id}`);
    const changed = changedKeys(before, after);
    // Every other row is byte-for-byte what it was; the new ones are the audit entry, the
    // "resolved" notice posted in the conversation that was still open and the ticket.updated
    // delivery for its ticket (all of them Jo's rows or audit rows).
    const unexpected = changed.filter((k) => !joRows.has(k) && !k.startsWith("AuditLog:"));
    expect(unexpected).toEqual([]);
    expect(changed.filter((k) => k.startsWith("TicketNote:"))).toHaveLength(2);
    expect(changed.filter((k) => k.startsWith("ConversationNote:"))).toHaveLength(2);

    // Jo's conversations, row by row.
    for (const id of ids) {
      const s = await db.prisma.session.findUniqueOrThrow({
        where: { id },
        include: { messages: true, tickets: { include: { notes: true } }, followUp: true, reopenLinks: true },
      });
      expect(s).toMatchObject({
        status: "closed",
        origin: null,
        userAgent: null,
        pageUrl: null,
        timeZone: null,
        browserIdHash: null,
        unsubscribeToken: null,
        tokenHash: `erased:${id}`,
        followUp: null,
        reopenLinks: [],
      });
      expect(s.erasedAt).not.toBeNull();
      expect(s.messages.every((m) => m.content === "")).toBe(true);
      for (const t of s.tickets)
        expect(t).toMatchObject({
          issueSummary: "",
          customerContact: null,
          conversationSnapshot: [],
          ratingComment: null,
          status: "resolved",
          notes: [],
        });
    }
    const dump = JSON.stringify([...after.values()]);
    for (const c of jo) expect(dump).not.toContain(c.secretText);
    // Insights' derived rows (kept up to date by triggers) lose the customer's words too.
    const flagged = await db.sql.query<{ content: string }>(
      `SELECT content FROM "InsightsUnansweredFlag" WHERE "sessionId" = ANY($1::uuid[])`,
      [ids],
    );
    expect(flagged.length).toBeGreaterThan(0);
    for (const f of flagged) expect(f.content).toBe("");
    expect(dump.toLowerCase()).not.toContain(EMAIL.toLowerCase());
    // Everyone else still has all their text.
    for (const o of others) expect(dump).toContain(o.secretText);

    // Found again, it is an anonymous shell with the same number of messages (counts stay right).
    const again = await admin.customers.find({ conversationId: jo[0]!.id });
    expect(again.conversations[0]).toMatchObject({
      messageCount: 3,
      erasedAt: expect.any(Date),
      tickets: [{ customerContact: null }],
    });
    expect((await admin.customers.find({ email: EMAIL })).conversations).toEqual([]);
  });

  it("announces ticket.updated for the ticket the erasure resolved, without any erased text", async () => {
    const deliveries = await db.prisma.webhookDelivery.findMany({ where: { event: "ticket.updated" } });
    // Only Jo's ticket that was still open; the one resolved weeks ago did not change.
    expect(deliveries).toHaveLength(1);
    const ticket = await db.prisma.ticket.findFirstOrThrow({ where: { sessionId: jo[1]!.id } });
    expect(deliveries[0]!.status).toBe("pending");
    expect(deliveries[0]!.payload).toEqual({
      id: deliveries[0]!.eventId,
      type: "ticket.updated",
      createdAt: expect.any(String),
      data: {
        ticketId: ticket.id,
        reference: expect.stringMatching(/^#\d+$/),
        conversationId: jo[1]!.id,
        status: "resolved",
        assigneeId: null,
      },
    });
    const body = JSON.stringify(deliveries[0]!.payload).toLowerCase();
    expect(body).not.toContain(jo[1]!.secretText.toLowerCase());
    expect(body).not.toContain("jo.doe");
    expect(body).not.toContain("missing");
  });

  it("after erasure the inbox shows when, the widget's token no longer opens it and replies are refused", async () => {
    const admin = await signedInCaller(db, "admin");
    const shell = await admin.inbox.get({ conversationId: jo[1]!.id });
    expect(shell.erasedAt).toEqual(expect.any(String));
    expect(shell.messages.length).toBeGreaterThan(0);
    expect(shell.messages.every((m) => m.content === "")).toBe(true);
    const listed = await admin.inbox.list({ view: "all" });
    expect(listed.find((i) => i.conversationId === jo[1]!.id)?.erasedAt).toEqual(shell.erasedAt);
    expect(listed.find((i) => i.conversationId === others[1]!.id)?.erasedAt).toBeNull();
    expect((await admin.inbox.get({ conversationId: others[1]!.id })).erasedAt).toBeNull();

    // The customer's widget: its stored token is refused as expired (it then starts a new chat);
    // another customer's token still opens theirs.
    const widget = callerFor(db, { clock: makeClock(NOW) });
    await expect(widget.chat.history({ sessionToken: joToken })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await widget.chat.history({ sessionToken: otherToken })).messages.length).toBeGreaterThan(0);

    // A reply could never reach them: refused with a reason, nothing stored.
    const count = await db.prisma.message.count({ where: { sessionId: jo[1]!.id } });
    await expect(
      admin.inbox.reply({ conversationId: jo[1]!.id, clientMessageId: randomUUID(), text: "Hello again?" }),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "This conversation's data was erased; the customer can no longer be reached here.",
    });
    expect(await db.prisma.message.count({ where: { sessionId: jo[1]!.id } })).toBe(count);
  });

  it("records every find, export and erase in the audit log, with the conversation ids, never the email", async () => {
    const entries = await db.prisma.auditLog.findMany({
      where: { action: { startsWith: "customers." } },
      orderBy: { id: "asc" },
    });
    const summary = entries.map((e) => `${e.action} ${e.kind} ${e.actorKind} ${e.outcome}`);
    expect(summary).toContain("customers.find read staff ok");
    expect(summary).toContain("customers.export read staff ok");
    expect(summary).toContain("customers.export read api ok");
    expect(summary).toContain("customers.erase change staff ok");
    expect(summary).toContain("customers.erase change staff FORBIDDEN");
    const erase = entries.find((e) => e.action === "customers.erase" && e.outcome === "ok")!;
    expect([...erase.targets].sort()).toEqual(jo.map((c) => c.id).sort());
    expect(JSON.stringify(entries.map(({ id: _id, ...e }) => e)).toLowerCase()).not.toContain("jo.doe");
  });
});
