// The Inbox's agent tools through the router, with permissions: saved replies (every member of
// staff lists them, only admins change them, bad input is a 4xx) and the customer context beside
// a conversation (page, browser, time zone, the same browser's other conversations).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createContextInner } from "@support/api";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { RELAXED_LIMITS } from "../harness/limits.ts";
import { callerFor, codeOf, JSON_HEADERS, makeStaff, signedInCaller } from "./helpers.ts";

let db: TestDatabase;
let admin: ReturnType<typeof callerFor>;
let agent: ReturnType<typeof callerFor>;
beforeAll(async () => {
  db = await createTestDatabase();
  await makeStaff(db);
  admin = await signedInCaller(db, "admin");
  agent = await signedInCaller(db, "agent");
});
afterAll(async () => db?.drop());

describe("saved replies", () => {
  it("admins add, change and delete them; agents list them and can't change them", async () => {
    const created = await admin.savedReply.create({
      shortcut: "Refund-Policy",
      title: "Refund policy",
      body: "You can return any item within **30 days**.",
    });
    // Shortcuts are stored lower-case, as agents type them after "/".
    expect(created).toMatchObject({ shortcut: "refund-policy", title: "Refund policy", updatedByName: "Ada Admin" });
    await admin.savedReply.create({ shortcut: "hello", title: "Greeting", body: "Hi! Thanks for waiting." });
    expect((await agent.savedReply.list()).map((r) => r.shortcut)).toEqual(["hello", "refund-policy"]);

    expect(await codeOf(agent.savedReply.create({ shortcut: "mine", title: "Mine", body: "Agent's own" }))).toBe(
      "FORBIDDEN",
    );
    expect(
      await codeOf(
        agent.savedReply.update({ id: created.id, shortcut: "refund-policy", title: "Changed", body: "Changed" }),
      ),
    ).toBe("FORBIDDEN");
    expect(await codeOf(agent.savedReply.remove({ id: created.id }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(db, { headers: JSON_HEADERS }).savedReply.list())).toBe("UNAUTHORIZED");

    const updated = await admin.savedReply.update({
      id: created.id,
      shortcut: "refunds",
      title: "Refunds",
      body: "Returns within 30 days, refunds in 5 days.",
    });
    expect(updated).toMatchObject({
      id: created.id,
      shortcut: "refunds",
      body: "Returns within 30 days, refunds in 5 days.",
    });
    expect(await admin.savedReply.remove({ id: created.id })).toEqual({ removed: true });
    expect(await admin.savedReply.remove({ id: created.id })).toEqual({ removed: false });
    expect((await agent.savedReply.list()).map((r) => r.shortcut)).toEqual(["hello"]);
  });

  it("refuses bad input with a clear 4xx", async () => {
    expect(await codeOf(admin.savedReply.create({ shortcut: "two words", title: "T", body: "B" }))).toBe("BAD_REQUEST");
    expect(await codeOf(admin.savedReply.create({ shortcut: "ok", title: "  ", body: "B" }))).toBe("BAD_REQUEST");
    expect(await codeOf(admin.savedReply.create({ shortcut: "ok", title: "T", body: "x".repeat(4001) }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(admin.savedReply.create({ shortcut: "ok", title: "T", body: "nul \u0000" }))).toBe(
      "BAD_REQUEST",
    );
    await admin.savedReply.create({ shortcut: "shipping", title: "Shipping", body: "We ship in 2 days." });
    const dup = await admin.savedReply
      .create({ shortcut: "SHIPPING", title: "Again", body: "Again" })
      .catch((e: unknown) => e as { code: string; message: string });
    expect(dup).toMatchObject({
      code: "CONFLICT",
      message: "Another saved reply already uses /shipping. Choose a different shortcut.",
    });
    const other = await admin.savedReply.create({
      shortcut: "delivery",
      title: "Delivery",
      body: "Delivered in 3 days.",
    });
    expect(await codeOf(admin.savedReply.update({ id: other.id, shortcut: "shipping", title: "D", body: "D" }))).toBe(
      "CONFLICT",
    );
    expect(await codeOf(admin.savedReply.update({ id: randomUUID(), shortcut: "gone", title: "G", body: "G" }))).toBe(
      "NOT_FOUND",
    );
  });
});

describe("customer context", () => {
  const FIREFOX_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0";
  /** The widget's calls as the server sees them: its user agent comes from the request. */
  const customer = (userAgent: string) =>
    createCaller(
      createContextInner({
        db,
        config: { rateLimits: RELAXED_LIMITS },
        req: { ip: "198.51.100.4", userAgent, headers: { ...JSON_HEADERS, "user-agent": userAgent } },
      }),
    );

  it("shows the page the chat started on, the browser, the time zone and the same browser's other conversations", async () => {
    const browserId = "b_".padEnd(24, "x");
    const first = await customer(FIREFOX_MAC).chat.start({
      origin: "https://shop.example",
      pageUrl: "https://shop.example/tents?id=7#reviews",
      timeZone: "Europe/Berlin",
      browserId,
    });
    // The reply streams: read it to the end, as the widget does.
    for await (const event of await customer(FIREFOX_MAC).chat.send({
      sessionToken: first.sessionToken,
      clientMessageId: randomUUID(),
      text: "Do you have the Summit 2 in green?",
    }))
      void event;
    const second = await customer(FIREFOX_MAC).chat.start({
      origin: "https://shop.example",
      pageUrl: "https://shop.example/checkout",
      timeZone: "Europe/Berlin",
      browserId,
    });
    // Another browser's conversation is not listed.
    await customer(FIREFOX_MAC).chat.start({ origin: "https://shop.example", browserId: "c_".padEnd(24, "y") });

    const { customer: context } = await agent.inbox.get({ conversationId: second.conversationId });
    expect(context).toMatchObject({
      origin: "https://shop.example",
      pageUrl: "https://shop.example/checkout",
      browser: "Firefox 128 on macOS Sonoma",
      device: "desktop",
      timeZone: "Europe/Berlin",
    });
    expect(context.otherConversations).toEqual([
      {
        conversationId: first.conversationId,
        startedAt: expect.any(String),
        status: "bot",
        firstMessage: "Do you have the Summit 2 in green?",
        ticketReference: null,
      },
    ]);
    // The fragment never reaches a server and is not kept.
    expect((await agent.inbox.get({ conversationId: first.conversationId })).customer.pageUrl).toBe(
      "https://shop.example/tents?id=7",
    );
  });

  it("drops what it can't use instead of refusing the chat; a malformed browser id is a 400", async () => {
    const odd = await customer("curl/8.0").chat.start({
      pageUrl: "javascript:alert(1)",
      timeZone: "Mars/Olympus_Mons",
    });
    const { customer: context } = await agent.inbox.get({ conversationId: odd.conversationId });
    expect(context).toMatchObject({ pageUrl: null, timeZone: null, browser: null, otherConversations: [] });
    expect(await codeOf(customer("curl/8.0").chat.start({ browserId: "short" }))).toBe("BAD_REQUEST");
    expect(await codeOf(customer("curl/8.0").chat.start({ pageUrl: "https://x.example/".padEnd(2001, "a") }))).toBe(
      "BAD_REQUEST",
    );
  });
});
