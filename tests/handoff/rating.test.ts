// "How did we do?": asked only once a hand-off is resolved, stored once per ticket, validated, and
// shown to staff on the ticket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createContextInner } from "@support/api";
import { callerFor, codeOf, makeStaff, PASSWORDS, signIn } from "../console/helpers.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { RELAXED_LIMITS } from "../harness/limits.ts";

let db: TestDatabase;
let staff: ReturnType<typeof callerFor>;
beforeAll(async () => {
  db = await createTestDatabase();
  await makeStaff(db);
  staff = callerFor(db, { cookie: await signIn(db, "bob@example.com", PASSWORDS.agent) });
});
afterAll(async () => db?.drop());

describe("rating a resolved hand-off", () => {
  it("is due only after resolution, is stored once, and staff see it on the ticket", async () => {
    const customer = createCaller(createContextInner({ db, config: { rateLimits: RELAXED_LIMITS } }));
    const { sessionToken, conversationId } = await customer.chat.start();
    await db.prisma.message.create({
      data: { sessionId: conversationId, role: "user", content: "Where is my order?" },
    });
    const { ticketId } = await customer.ticket.create({ sessionToken, issueSummary: "Order late" });

    expect(await customer.chat.ratingDue({ sessionToken })).toBeNull();
    expect(await codeOf(customer.chat.rate({ sessionToken, score: 5 }))).toBe("BAD_REQUEST");

    await staff.ticket.setStatus({ id: ticketId, status: "resolved" });
    expect(await customer.chat.ratingDue({ sessionToken })).toMatchObject({ ticketId });
    expect(await codeOf(customer.chat.rate({ sessionToken, score: 6 }))).toBe("BAD_REQUEST");
    expect(await codeOf(customer.chat.rate({ sessionToken, score: 0 }))).toBe("BAD_REQUEST");

    await customer.chat.rate({ sessionToken, score: 4, comment: "  Quick and kind.  " });
    expect(await customer.chat.ratingDue({ sessionToken })).toBeNull();
    expect(await codeOf(customer.chat.rate({ sessionToken, score: 1 }))).toBe("CONFLICT");

    const ticket = await staff.ticket.get({ id: ticketId });
    expect(ticket.rating).toMatchObject({ score: 4, comment: "Quick and kind." });
  });
});
