// Business hours as a customer meets them: the widget's config says whether people are working (and
// when they are back, or how fast they typically answer), the hand-off requires an email outside
// hours, and an admin's change applies to a customer already waiting. Injected clock, real database.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createContextInner } from "@support/api";
import { ZBusinessHoursInput } from "@support/schemas";
import { callerFor, codeOf, makeClock, makeStaff, PASSWORDS, signIn } from "../console/helpers.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { RELAXED_LIMITS } from "../harness/limits.ts";

let db: TestDatabase;
let adminCookie: string;
let agentCookie: string;
// Monday 2026-03-02, 10:00 UTC = 11:00 in Paris.
const clock = makeClock(new Date("2026-03-02T10:00:00Z"));
const WEEKDAYS_9_TO_17 = [1, 2, 3, 4, 5].map((day) => ({ day, open: "09:00", close: "17:00" }));

beforeAll(async () => {
  db = await createTestDatabase();
  await makeStaff(db);
  adminCookie = await signIn(db, "ada@example.com", PASSWORDS.admin, { clock });
  agentCookie = await signIn(db, "bob@example.com", PASSWORDS.agent, { clock });
});
afterAll(async () => db?.drop());

const customer = () => createCaller(createContextInner({ db, clock, config: { rateLimits: RELAXED_LIMITS } }));
const admin = () => callerFor(db, { cookie: adminCookie, clock });
const agent = () => callerFor(db, { cookie: agentCookie, clock });

async function askForPerson(contact?: string) {
  const c = customer();
  const { sessionToken, conversationId } = await c.chat.start();
  await db.prisma.message.create({ data: { sessionId: conversationId, role: "user", content: "I want a person." } });
  const create = () =>
    c.ticket.create({ sessionToken, issueSummary: "Refund please", ...(contact ? { customerContact: contact } : {}) });
  return { sessionToken, conversationId, create, c };
}

describe("business hours", () => {
  it("are validated: real time zones, closing after opening, no overlaps, real dates", async () => {
    expect(await codeOf(admin().settings.updateHours({ timeZone: "Mars/Olympus", weekly: [], holidays: [] }))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await codeOf(
        admin().settings.updateHours({
          timeZone: "UTC",
          weekly: [{ day: 1, open: "17:00", close: "09:00" }],
          holidays: [],
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        admin().settings.updateHours({
          timeZone: "UTC",
          weekly: [
            { day: 1, open: "09:00", close: "12:00" },
            { day: 1, open: "11:00", close: "13:00" },
          ],
          holidays: [],
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(admin().settings.updateHours({ timeZone: "UTC", weekly: [], holidays: ["2026-02-31x"] }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(agent().settings.updateHours({ timeZone: "UTC", weekly: [], holidays: [] }))).toBe("FORBIDDEN");
    expect(
      ZBusinessHoursInput.safeParse({ timeZone: "Europe/Paris", weekly: WEEKDAYS_9_TO_17, holidays: ["2026-12-25"] })
        .success,
    ).toBe(true);
  });

  it("inside hours: open, with the median first-reply time of the last 7 days; the hand-off needs no email", async () => {
    await admin().settings.updateHours({ timeZone: "Europe/Paris", weekly: WEEKDAYS_9_TO_17, holidays: [] });
    // Three hand-offs answered after 2, 4 and 30 minutes (median 4), one 8 days ago (ignored).
    for (const [minutesAgo, replyAfter] of [
      [60, 2],
      [50, 4],
      [40, 30],
      [8 * 24 * 60, 1],
    ] as const) {
      const handoffAt = new Date(clock.now().getTime() - minutesAgo * 60_000);
      const s = await db.prisma.session.create({ data: { tokenHash: randomUUID(), status: "handoff", handoffAt } });
      await db.prisma.message.create({
        data: {
          sessionId: s.id,
          role: "agent",
          content: "Hi",
          createdAt: new Date(handoffAt.getTime() + replyAfter * 60_000),
        },
      });
    }
    const config = await customer().widget.config();
    expect(config.availability).toMatchObject({
      open: true,
      backAt: null,
      timeZone: "Europe/Paris",
      typicalReplyMinutes: 4,
    });
    const { create } = await askForPerson();
    expect((await create()).status).toBe("created");
  });

  it("a holiday: closed, back the next working morning; the hand-off asks for an email first", async () => {
    await admin().settings.updateHours({
      timeZone: "Europe/Paris",
      weekly: WEEKDAYS_9_TO_17,
      holidays: ["2026-03-02"],
    });
    const config = await customer().widget.config();
    expect(config.availability).toEqual({
      open: false,
      backAt: "2026-03-03T08:00:00.000Z",
      timeZone: "Europe/Paris",
      typicalReplyMinutes: null,
    });
    const without = await askForPerson();
    await expect(without.create()).rejects.toThrow(/leave your email/);
    const withEmail = await askForPerson("jo@customer.example");
    expect((await withEmail.create()).status).toBe("created");
  });

  it("a change while a customer waits applies to their next step", async () => {
    await admin().settings.updateHours({ timeZone: "Europe/Paris", weekly: WEEKDAYS_9_TO_17, holidays: [] });
    const waiting = await askForPerson();
    expect((await waiting.c.widget.config()).availability.open).toBe(true);
    // The admin closes today while the customer is still typing their request.
    await admin().settings.updateHours({
      timeZone: "Europe/Paris",
      weekly: WEEKDAYS_9_TO_17,
      holidays: ["2026-03-02"],
    });
    expect((await waiting.c.widget.config()).availability.open).toBe(false);
    expect(await codeOf(waiting.create())).toBe("BAD_REQUEST");
    // ...and reopens it: the same request goes through without an email.
    await admin().settings.updateHours({ timeZone: "Europe/Paris", weekly: WEEKDAYS_9_TO_17, holidays: [] });
    expect((await waiting.create()).status).toBe("created");
  });

  it("evening in Paris is still afternoon in New York: the time zone decides", async () => {
    clock.advance(7 * 60 * 60_000); // 17:00 UTC: 18:00 Paris (closed), 12:00 New York (open)
    await admin().settings.updateHours({ timeZone: "Europe/Paris", weekly: WEEKDAYS_9_TO_17, holidays: [] });
    expect((await customer().widget.config()).availability).toMatchObject({
      open: false,
      backAt: "2026-03-03T08:00:00.000Z",
    });
    await admin().settings.updateHours({ timeZone: "America/New_York", weekly: WEEKDAYS_9_TO_17, holidays: [] });
    expect((await customer().widget.config()).availability.open).toBe(true);
  });
});
