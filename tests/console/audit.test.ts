// The audit log: staff and API-token calls that change data or read customer data are recorded
// (who, what, when, from where, outcome) by one middleware; other calls are not; admins filter and
// export it; the table refuses changes.
import { describe, expect, it } from "vitest";
import { bearer, callerFor, codeOf, makeApiToken, makeTicket, signedInCaller, useStaffDatabase } from "./helpers.ts";

const world = useStaffDatabase();

describe("audit log", () => {
  it("records changes and customer-data reads by staff and API tokens, and nothing else", async () => {
    const ticket = await makeTicket(world.db);
    const agent = await signedInCaller(world.db, "agent");
    await agent.ticket.setStatus({ id: ticket.id, status: "in_progress" });
    await agent.ticket.get({ id: ticket.id });
    await agent.inbox.typing({ conversationId: ticket.sessionId });
    await agent.faq.list({});
    expect(await codeOf(agent.webhook.create({ url: "https://hooks.example.com/x", events: ["ticket.created"] }))).toBe(
      "FORBIDDEN",
    );
    const token = await makeApiToken(world.db, ["ticket:read"]);
    await callerFor(world.db, { headers: bearer(token), ip: "198.51.100.9" }).ticket.get({ id: ticket.id });

    const rows = await world.db.prisma.auditLog.findMany({ orderBy: { id: "asc" } });
    // signIn (public) isn't audited; typing (changes nothing stored) and faq.list (no customer data) aren't either.
    expect(rows.map((r) => [r.actorKind, r.actorName, r.action, r.kind, r.outcome])).toEqual([
      ["staff", "Bob Agent", "ticket.setStatus", "change", "ok"],
      ["staff", "Bob Agent", "ticket.get", "read", "ok"],
      ["staff", "Bob Agent", "webhook.create", "change", "FORBIDDEN"],
      ["api", "test ticket:read", "ticket.get", "read", "ok"],
    ]);
    expect(rows[0]).toMatchObject({ actorId: world.staff.agent.id, targets: [ticket.id], ip: "203.0.113.7" });
    expect(rows[3]).toMatchObject({ targets: [ticket.id], ip: "198.51.100.9" });
    // Free text from the input (the webhook URL here) never goes into the log.
    expect(JSON.stringify({ ...rows[2], id: String(rows[2]!.id) })).not.toContain("hooks.example.com");
  });

  it("lets admins filter and export it, and agents not at all", async () => {
    const admin = await signedInCaller(world.db, "admin");
    const agent = await signedInCaller(world.db, "agent");
    expect(await codeOf(agent.audit.list({}))).toBe("FORBIDDEN");
    const byAgent = await admin.audit.list({ actorId: world.staff.agent.id });
    expect(byAgent.entries.map((e) => e.action)).toEqual(["webhook.create", "ticket.get", "ticket.setStatus"]);
    const reads = await admin.audit.list({ kind: "read" });
    expect(reads.entries.every((e) => e.kind === "read")).toBe(true);
    const ticketCalls = await admin.audit.list({ action: "ticket.", limit: 2 });
    expect(ticketCalls.entries).toHaveLength(2);
    const next = await admin.audit.list({ action: "ticket.", limit: 2, before: ticketCalls.nextBefore! });
    expect(next.entries.map((e) => e.action)).toEqual(["ticket.setStatus"]);

    const csv = await admin.audit.exportCsv({ actorId: world.staff.agent.id });
    const lines = csv.csv.trim().split("\r\n");
    expect(lines[0]).toBe("id,at,actorKind,actorId,actorName,action,kind,targets,outcome,ip,userAgent,requestId");
    expect(lines.slice(1).map((l) => l.split(",")[5])).toEqual(["webhook.create", "ticket.get", "ticket.setStatus"]);
    expect(csv.filename).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it("is append-only", async () => {
    await expect(world.db.sql.query(`UPDATE "AuditLog" SET "actorName" = 'someone else'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(world.db.sql.query(`DELETE FROM "AuditLog"`)).rejects.toThrow(/append-only/);
    expect(await world.db.prisma.auditLog.count({ where: { actorName: "someone else" } })).toBe(0);
  });
});
