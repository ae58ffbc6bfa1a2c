// Retention over a seeded history with an injected clock: closed conversations idle for longer
// than Settings.retentionDays lose their transcript and the customer's details (kept as anonymous
// shells, tickets keep their summary), in batches; open, recent, still-active and unresolved ones
// stay; no other row in the database changes; Insights' counts read the same before and after;
// the run logs counts only; a second instance holding the lock makes a run give way; and the
// scheduled job on the real queue does the same work.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyRetention, RETENTION_JOB, silentLogger, startJobs, type JobQueue, type Logger } from "@support/api";
import { makeStaff, signedInCaller } from "../console/helpers.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { changedKeys, DAY, dumpRows, seedConversation, type SeededConversation } from "./seed.ts";

const NOW = new Date("2026-06-30T12:00:00Z");
const BULK = 1_100;

let db: TestDatabase;
let staffId: string;
let endpointId: string;
const seeded: Record<string, SeededConversation> = {};
let bulkIds: string[] = [];

function capturingLogger(lines: Array<{ obj: unknown; msg?: string }>): Logger {
  const log: Logger = {
    debug: () => undefined,
    info: (obj, msg) => void lines.push({ obj, msg }),
    warn: (obj, msg) => void lines.push({ obj, msg }),
    error: (obj, msg) => void lines.push({ obj, msg }),
    child: () => log,
  };
  return log;
}

/** Many old closed bot conversations (two messages each), written in bulk. */
async function seedBulk(count: number, ageDays: number): Promise<string[]> {
  const at = new Date(NOW.getTime() - ageDays * DAY);
  const ids = Array.from({ length: count }, () => randomUUID());
  await db.prisma.session.createMany({
    data: ids.map((id) => ({
      id,
      tokenHash: `bulk-${id}`,
      status: "closed" as const,
      createdAt: at,
      lastSeenAt: at,
      userAgent: "bulk",
    })),
  });
  await db.prisma.message.createMany({
    data: ids.flatMap((id, i) => [
      { sessionId: id, role: "user" as const, content: `bulk question ${i}`, createdAt: at },
      {
        sessionId: id,
        role: "assistant" as const,
        content: `bulk answer ${i}`,
        createdAt: new Date(at.getTime() + 1_000),
        promptTokens: 500,
        completionTokens: 20,
        model: "gpt-4o-mini",
      },
    ]),
  });
  return ids;
}

beforeAll(async () => {
  db = await createTestDatabase();
  staffId = (await makeStaff(db)).agent.id;
  endpointId = (
    await db.prisma.webhookEndpoint.create({
      data: { url: "http://127.0.0.1:9/hook", events: ["message.created"], secret: "whsec_test" },
    })
  ).id;
  const base = { now: NOW, staffId, endpointId };
  seeded.oldResolved = await seedConversation(db, { ...base, ageDays: 100, ticketStatus: "resolved" });
  seeded.oldBot = await seedConversation(db, { ...base, ageDays: 95 });
  seeded.oldUnresolvedTicket = await seedConversation(db, { ...base, ageDays: 100, ticketStatus: "in_progress" });
  seeded.oldStillOpen = await seedConversation(db, { ...base, ageDays: 100, status: "bot" });
  seeded.oldHandoff = await seedConversation(db, { ...base, ageDays: 100, status: "handoff", ticketStatus: "open" });
  seeded.oldButRecentMessage = await seedConversation(db, { ...base, ageDays: 100, lateMessageDaysAgo: 5 });
  seeded.recent = await seedConversation(db, { ...base, ageDays: 10, ticketStatus: "resolved" });
  seeded.justInside = await seedConversation(db, { ...base, ageDays: 89 });
  bulkIds = await seedBulk(BULK, 120);
  await db.prisma.settings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
});
afterAll(async () => {
  await db?.drop();
});

const goes = () => [seeded.oldResolved!.id, seeded.oldBot!.id, ...bulkIds];
const stays = () =>
  ["oldUnresolvedTicket", "oldStillOpen", "oldHandoff", "oldButRecentMessage", "recent", "justInside"].map(
    (k) => seeded[k]!.id,
  );

describe("retention", () => {
  it("does nothing while the setting is off", async () => {
    const before = await dumpRows(db);
    expect(await applyRetention({ db, now: NOW, log: silentLogger })).toEqual({ ran: false, reason: "off" });
    expect(changedKeys(before, await dumpRows(db))).toEqual([]);
  });

  it("gives way while another instance holds the lock", async () => {
    await db.prisma.settings.upsert({
      where: { id: 1 },
      create: { id: 1, retentionDays: 90 },
      update: { retentionDays: 90 },
    });
    const other = await db.pool!.connect();
    try {
      await other.query("SELECT pg_advisory_lock($1)", [0x5b0b_0002]);
      expect(await applyRetention({ db, now: NOW, log: silentLogger })).toEqual({
        ran: false,
        reason: "another run holds the lock",
      });
      expect(await db.prisma.session.count({ where: { erasedAt: { not: null } } })).toBe(0);
    } finally {
      await other.query("SELECT pg_advisory_unlock($1)", [0x5b0b_0002]);
      other.release();
    }
  });

  it("removes old closed conversations' data in batches, keeps everything else and Insights' counts", async () => {
    const admin = await signedInCaller(db, "admin");
    const range = { from: "2026-02-01", to: "2026-06-30", grouping: "week" as const };
    const insightsBefore = {
      resolution: await admin.insights.resolution(range),
      cost: await admin.insights.cost(range),
    };
    const before = await dumpRows(db);
    const logLines: Array<{ obj: unknown; msg?: string }> = [];

    const report = await applyRetention({ db, now: NOW, log: capturingLogger(logLines) });

    const erased = goes();
    expect(report).toMatchObject({
      ran: true,
      retentionDays: 90,
      cutoff: new Date(NOW.getTime() - 90 * DAY),
      batches: Math.ceil(erased.length / 500),
      conversations: erased.length,
      // bulk: 2 each; oldResolved: user + bot + agent; oldBot: user + bot
      messages: BULK * 2 + 3 + 2,
      tickets: 1,
      ticketNotes: 0,
      followUps: 1,
      reopenLinks: 1,
      webhookDeliveries: 1,
    });

    // Only the erased conversations' rows changed.
    const after = await dumpRows(db);
    const changed = changedKeys(before, after);
    const sessionsChanged = changed.filter((k) => k.startsWith("Session:")).map((k) => k.slice("Session:".length));
    expect(sessionsChanged.sort()).toEqual([...erased].sort());
    const ownRows = new Set<string>();
    for (const m of await db.prisma.message.findMany({ where: { sessionId: { in: erased } }, select: { id: true } }))
      ownRows.add(`Message:${m.id}`);
    for (const t of await db.prisma.ticket.findMany({ where: { sessionId: { in: erased } }, select: { id: true } }))
      ownRows.add(`Ticket:${t.id}`);
    for (const d of await db.sql.query<{ id: string }>(
      `SELECT id::text AS id FROM "WebhookDelivery" WHERE payload->'data'->>'conversationId' = ANY($1::text[])`,
      [erased],
    ))
      ownRows.add(`WebhookDelivery:${d.id}`);
    const old = seeded.oldResolved!.id;
    const outside = changed.filter(
      (k) =>
        !k.startsWith("Session:") &&
        !ownRows.has(k) &&
        k !== `FollowUpEmail:${old}` &&
        !k.startsWith(`ReopenLink:reopen-${old}`),
    );
    expect(outside).toEqual([]);

    // What stays of an erased conversation: an anonymous shell.
    const shell = await db.prisma.session.findUniqueOrThrow({
      where: { id: old },
      include: {
        messages: { orderBy: { seq: "asc" } },
        tickets: { include: { notes: true } },
        followUp: true,
        reopenLinks: true,
      },
    });
    expect(shell).toMatchObject({
      status: "closed",
      origin: null,
      userAgent: null,
      pageUrl: null,
      timeZone: null,
      browserIdHash: null,
      unsubscribeToken: null,
      tokenHash: `erased:${old}`,
      erasedAt: NOW,
      followUp: null,
      reopenLinks: [],
    });
    expect(shell.messages.map((m) => [m.role, m.content])).toEqual([
      ["user", ""],
      ["assistant", ""],
      ["agent", ""],
    ]);
    expect(shell.messages[1]).toMatchObject({ feedback: expect.any(String), promptTokens: 900, completionTokens: 40 });
    const [ticket] = shell.tickets;
    expect(ticket).toMatchObject({
      issueSummary: expect.stringMatching(/^Order \d+ missing$/),
      customerContact: null,
      conversationSnapshot: [],
      rating: 4,
      ratingComment: null,
      status: "resolved",
    });
    expect(ticket!.notes).toHaveLength(1);
    const [delivery] = await db.sql.query<{ payload: { data: Record<string, unknown> } }>(
      `SELECT payload FROM "WebhookDelivery" WHERE payload->'data'->>'conversationId' = $1`,
      [old],
    );
    expect(delivery!.payload.data).toEqual({
      conversationId: old,
      messageId: expect.any(String),
      role: "customer",
      authorName: null,
    });

    // Conversations that stay are untouched, text included.
    for (const id of stays()) {
      const s = await db.prisma.session.findUniqueOrThrow({ where: { id }, include: { messages: true } });
      expect(s.erasedAt).toBeNull();
      expect(s.messages.every((m) => m.content.length > 0)).toBe(true);
    }

    // Insights count the same conversations, hand-offs, thumbs and tokens.
    expect({ resolution: await admin.insights.resolution(range), cost: await admin.insights.cost(range) }).toEqual(
      insightsBefore,
    );

    // The log says how much went, never what or whose.
    expect(logLines).toHaveLength(1);
    const logged = JSON.stringify(logLines);
    expect(logged).toContain(`"conversations":${erased.length}`);
    for (const c of Object.values(seeded)) {
      expect(logged).not.toContain(c.secretText);
      if (c.email) expect(logged).not.toContain(c.email);
      expect(logged).not.toContain(c.id);
    }
  });

  it("a second run finds nothing more to do", async () => {
    const before = await dumpRows(db);
    expect(await applyRetention({ db, now: NOW, log: silentLogger })).toMatchObject({
      ran: true,
      conversations: 0,
      batches: 0,
    });
    expect(changedKeys(before, await dumpRows(db))).toEqual([]);
  });

  it("runs as the scheduled job on the job queue", async () => {
    // Real time here: the queue's job uses the system clock.
    const fresh = await seedConversation(db, {
      now: new Date(),
      ageDays: 91,
      ticketStatus: "resolved",
      staffId,
      endpointId,
    });
    const lines: Array<{ obj: unknown; msg?: string }> = [];
    let queue: JobQueue | null = null;
    try {
      queue = await startJobs(db, { log: capturingLogger(lines), pollingIntervalSeconds: 0.5 });
      await queue.send(RETENTION_JOB, {});
      await expect
        .poll(async () => (await db.prisma.session.findUniqueOrThrow({ where: { id: fresh.id } })).erasedAt, {
          timeout: 30_000,
          interval: 200,
        })
        .not.toBeNull();
      expect(lines.some((l) => l.msg?.startsWith("retention:"))).toBe(true);
    } finally {
      await queue?.stop(5_000);
    }
  });
});
