// Staff ticket procedures (list, detail, transitions, bulk resolve, assignment, notes) and
// settings, with their permissions and validation.
import { beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  callerFor,
  codeOf,
  makeApiToken,
  makeClock,
  makeTicket,
  PASSWORDS,
  signIn,
  signedInCaller,
  useStaffDatabase,
} from "./helpers.ts";

const world = useStaffDatabase();
let agent: ReturnType<typeof callerFor>;
let agent2: ReturnType<typeof callerFor>;
let admin: ReturnType<typeof callerFor>;
beforeAll(async () => {
  agent = await signedInCaller(world.db, "agent");
  agent2 = await signedInCaller(world.db, "agent2");
  admin = await signedInCaller(world.db, "admin");
});

describe("ticket permissions", () => {
  it("anonymous callers get UNAUTHORIZED; read-only tokens can't change tickets", async () => {
    const t = await makeTicket(world.db);
    const anon = callerFor(world.db);
    // One at a time: a call started early could reject before anything awaits it.
    for (const call of [
      () => anon.ticket.list({}),
      () => anon.ticket.get({ id: t.id }),
      () => anon.ticket.assignees(),
      () => anon.ticket.setStatus({ id: t.id, status: "in_progress" }),
      () => anon.ticket.bulkResolve({ ids: [t.id] }),
      () => anon.ticket.assign({ id: t.id, assigneeId: null }),
      () => anon.ticket.addNote({ id: t.id, body: "hi" }),
    ]) {
      expect(await codeOf(call())).toBe("UNAUTHORIZED");
    }
    const read = callerFor(world.db, { headers: bearer(await makeApiToken(world.db, ["ticket:read"])) });
    expect(await codeOf(read.ticket.get({ id: t.id }))).toBe("OK");
    expect(await codeOf(read.ticket.setStatus({ id: t.id, status: "in_progress" }))).toBe("FORBIDDEN");
    expect(await codeOf(read.ticket.addNote({ id: t.id, body: "x" }))).toBe("FORBIDDEN");
    const write = callerFor(world.db, { headers: bearer(await makeApiToken(world.db, ["ticket:write"])) });
    const note = await write.ticket.addNote({ id: t.id, body: "From a script" });
    expect(note.author).toBeNull();
    expect(note.body).toMatch(/added by API token/);
  });
});

describe("tickets", () => {
  it("lists newest first with counts per status, and filters by status, dates, assignee and text", async () => {
    await world.db.prisma.ticket.deleteMany();
    const t1 = await makeTicket(world.db, {
      summary: "Refund for order 555",
      createdAt: new Date("2026-01-05T12:00:00Z"),
    });
    const t2 = await makeTicket(world.db, {
      summary: "Broken zip on backpack",
      contact: null,
      createdAt: new Date("2026-01-10T12:00:00Z"),
    });
    const t3 = await makeTicket(world.db, {
      summary: "Where is my parcel",
      createdAt: new Date("2026-01-20T12:00:00Z"),
    });
    await agent.ticket.setStatus({ id: t2.id, status: "in_progress" });
    await agent.ticket.assign({ id: t2.id, assigneeId: world.staff.agent.id });
    await agent.ticket.setStatus({ id: t3.id, status: "resolved" });

    const all = await agent.ticket.list({});
    expect(all.items.map((t) => t.id)).toEqual([t3.id, t2.id, t1.id]);
    expect(all.counts).toEqual({ open: 1, in_progress: 1, resolved: 1 });
    expect(all.items[0]?.reference).toBe(`#${t3.number}`);

    expect((await agent.ticket.list({ status: "open" })).items.map((t) => t.id)).toEqual([t1.id]);
    const jan = await agent.ticket.list({ from: new Date("2026-01-06"), to: new Date("2026-01-15") });
    expect(jan.items.map((t) => t.id)).toEqual([t2.id]);
    expect(jan.counts).toEqual({ open: 0, in_progress: 1, resolved: 0 });
    expect((await agent.ticket.list({ assignee: world.staff.agent.id })).items.map((t) => t.id)).toEqual([t2.id]);
    expect((await agent.ticket.list({ assignee: "unassigned" })).total).toBe(2);
    expect((await agent.ticket.list({ search: "ZIP" })).items.map((t) => t.id)).toEqual([t2.id]);
    expect((await agent.ticket.list({ search: "cust@example" })).total).toBe(2);
    expect((await agent.ticket.list({ search: `#${t1.number}` })).items.map((t) => t.id)).toEqual([t1.id]);
    expect(await codeOf(agent.ticket.list({ from: "not a date" as unknown as Date }))).toBe("BAD_REQUEST");
    expect(await codeOf(agent.ticket.list({ assignee: "someone" }))).toBe("BAD_REQUEST");
  });

  it("searches for % and _ literally, not as wildcards", async () => {
    const percent = await makeTicket(world.db, { summary: "I was promised 20% off", contact: null });
    const underscore = await makeTicket(world.db, { summary: "Order ref ab_12 is missing", contact: null });
    expect((await agent.ticket.list({ search: "%" })).items.map((t) => t.id)).toEqual([percent.id]);
    expect((await agent.ticket.list({ search: "_" })).items.map((t) => t.id)).toEqual([underscore.id]);
  });

  it("shows the conversation snapshot, contact, assignee and notes", async () => {
    const t = await makeTicket(world.db);
    await agent.ticket.addNote({ id: t.id, body: "Called the customer." });
    const detail = await agent2.ticket.get({ id: t.id });
    expect(detail.snapshot.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(detail.customerContact).toBe("cust@example.com");
    expect(detail.notes).toEqual([
      expect.objectContaining({
        body: "Called the customer.",
        author: { id: world.staff.agent.id, name: "Bob Agent" },
      }),
    ]);
    expect(detail.allowedTransitions).toEqual(["in_progress", "resolved"]);
    expect(await codeOf(agent.ticket.get({ id: "00000000-0000-4000-8000-00000000ffff" }))).toBe("NOT_FOUND");
    expect(await codeOf(agent.ticket.addNote({ id: t.id, body: "   " }))).toBe("BAD_REQUEST");
  });

  it("enforces status transitions: open -> in_progress -> resolved, reopen resolved -> open", async () => {
    const clock = makeClock();
    const t = await makeTicket(world.db);
    const c = callerFor(world.db, {
      cookie: await signIn(world.db, "bob@example.com", PASSWORDS.agent, { clock }),
      clock,
    });
    expect(await codeOf(c.ticket.setStatus({ id: t.id, status: "open" }))).toBe("BAD_REQUEST");
    expect((await c.ticket.setStatus({ id: t.id, status: "in_progress" })).status).toBe("in_progress");
    const resolved = await c.ticket.setStatus({ id: t.id, status: "resolved" });
    expect(resolved.resolvedAt?.toISOString()).toBe(clock.now().toISOString());
    await expect(c.ticket.setStatus({ id: t.id, status: "in_progress" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "A ticket that is resolved can't be moved to in progress",
    });
    expect(await codeOf(c.ticket.setStatus({ id: t.id, status: "resolved" }))).toBe("BAD_REQUEST");
    const reopened = await c.ticket.setStatus({ id: t.id, status: "open" });
    expect(reopened).toMatchObject({ status: "open", resolvedAt: null });
    expect(await codeOf(c.ticket.setStatus({ id: t.id, status: "closed" as "open" }))).toBe("BAD_REQUEST");
  });

  it("bulk-resolves, skipping tickets already resolved", async () => {
    const [a, b, done] = [await makeTicket(world.db), await makeTicket(world.db), await makeTicket(world.db)];
    await agent.ticket.setStatus({ id: done.id, status: "resolved" });
    expect(await agent2.ticket.bulkResolve({ ids: [a.id, b.id, done.id] })).toEqual({ resolved: 2, skipped: 1 });
    expect(await world.db.prisma.ticket.count({ where: { id: { in: [a.id, b.id] }, status: "resolved" } })).toBe(2);
    expect(await codeOf(agent.ticket.bulkResolve({ ids: [] }))).toBe("BAD_REQUEST");
  });

  it("assigns to active staff only, and unassigns", async () => {
    const t = await makeTicket(world.db);
    expect((await agent.ticket.assign({ id: t.id, assigneeId: world.staff.agent2.id })).assignee).toEqual({
      id: world.staff.agent2.id,
      name: "Cy Agent",
    });
    const assignees = await agent.ticket.assignees();
    expect(assignees.map((a) => a.name)).toEqual(["Ada Admin", "Bob Agent", "Cy Agent"]);
    expect(JSON.stringify(assignees)).not.toMatch(/email|password/);
    await admin.staff.setActive({ id: world.staff.agent2.id, isActive: false });
    expect(await codeOf(agent.ticket.assign({ id: t.id, assigneeId: world.staff.agent2.id }))).toBe("BAD_REQUEST");
    await admin.staff.setActive({ id: world.staff.agent2.id, isActive: true });
    expect((await agent.ticket.assign({ id: t.id, assigneeId: null })).assignee).toBeNull();
  });
});

describe("settings", () => {
  const valid = {
    businessName: "Trail & Peak",
    persona: "Warm and brief.",
    welcomeMessage: "Hello! How can we help?",
    widgetColor: "#0f766e",
    widgetPosition: "left" as const,
    allowedOrigins: ["https://shop.example.com/", "https://shop.example.com", "http://localhost:5173"],
    historyLength: 10,
    faqTokenBudget: 3000,
    dailyTokenCap: 500000,
    notificationEmails: ["Support@Example.com"],
  };

  it("are for admins only", async () => {
    expect(await codeOf(callerFor(world.db).settings.get())).toBe("UNAUTHORIZED");
    expect(await codeOf(agent.settings.get())).toBe("FORBIDDEN");
    expect(await codeOf(agent.settings.update(valid))).toBe("FORBIDDEN");
  });

  it("admins read and update them; values are validated and normalised", async () => {
    const saved = await admin.settings.update(valid);
    expect(saved).toMatchObject({
      businessName: "Trail & Peak",
      widgetPosition: "left",
      allowedOrigins: ["https://shop.example.com", "http://localhost:5173"],
      notificationEmails: ["support@example.com"],
    });
    expect((await admin.settings.get()).historyLength).toBe(10);
    expect(await codeOf(admin.settings.update({ ...valid, widgetColor: "blue" }))).toBe("BAD_REQUEST");
    expect(await codeOf(admin.settings.update({ ...valid, allowedOrigins: ["https://shop.example.com/path"] }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(admin.settings.update({ ...valid, allowedOrigins: ["javascript:alert(1)"] }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(admin.settings.update({ ...valid, historyLength: 0 }))).toBe("BAD_REQUEST");
    expect(await codeOf(admin.settings.update({ ...valid, notificationEmails: ["nope"] }))).toBe("BAD_REQUEST");
    expect(await codeOf(admin.settings.update({ ...valid, businessName: " " }))).toBe("BAD_REQUEST");
  });

  it("link domains: normalised to host names, kept when left out, and the widget gets them with the origins' hosts and the server's own", async () => {
    const saved = await admin.settings.update({
      ...valid,
      allowedLinkDomains: ["https://Help.Example.org/faq", "example.net", "example.net"],
    });
    expect(saved.allowedLinkDomains).toEqual(["help.example.org", "example.net"]);
    expect((await admin.settings.update(valid)).allowedLinkDomains).toEqual(["help.example.org", "example.net"]);
    expect(await codeOf(admin.settings.update({ ...valid, allowedLinkDomains: ["not a domain!"] }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(admin.settings.update({ ...valid, allowedLinkDomains: ["javascript:alert(1)"] }))).toBe(
      "BAD_REQUEST",
    );
    const config = await callerFor(world.db).widget.config();
    expect(config.linkDomains).toEqual(["help.example.org", "example.net", "shop.example.com", "localhost"]);
  });
});
