// Follow-up by email: a staff reply the customer hasn't seen within the delay is emailed to them
// once per burst, through a real SMTP server started in-process, with a link that reopens the same
// conversation and an unsubscribe link that the real HTTP server honours. The clock is injected:
// no sleeps.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCaller,
  createContextInner,
  createMailNotifier,
  sendDueFollowUps,
  silentLogger,
  type FollowUpMail,
} from "@support/api";
import { callerFor, makeClock, makeStaff, PASSWORDS, signIn } from "../console/helpers.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { decodeQp, startSmtp } from "../harness/smtp.ts";
import { RELAXED_LIMITS } from "../harness/limits.ts";
import { serveApp, type ServedApp } from "../server/helpers.ts";

const SHOP = "https://shop.example";
const MINUTE = 60_000;

function linkIn(text: string, prefix: string): URL {
  const match = text.match(new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}[^\\s"<>]+`));
  if (!match) throw new Error(`no link starting ${prefix} in:\n${text}`);
  return new URL(match[0].replace(/&amp;/g, "&"));
}

let db: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let http: ServedApp;
let mailer: ReturnType<typeof createMailNotifier>;
let staffCookie: string;
const clock = makeClock(new Date());

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startSmtp();
  http = await serveApp(db);
  mailer = createMailNotifier({
    prisma: db.prisma,
    smtpUrl: smtp.url,
    mailDir: "/nonexistent",
    from: "Shop <help@shop.example>",
    publicUrl: http.url,
    log: silentLogger,
  });
  await db.prisma.settings.upsert({
    where: { id: 1 },
    create: { id: 1, allowedOrigins: [SHOP] },
    update: { allowedOrigins: [SHOP] },
  });
  await makeStaff(db);
  staffCookie = await signIn(db, "bob@example.com", PASSWORDS.agent);
});
afterAll(async () => {
  mailer?.close();
  await http?.close();
  await smtp?.close();
  await db?.drop();
});

const customer = () => createCaller(createContextInner({ db, clock, config: { rateLimits: RELAXED_LIMITS } }));
const staff = () => callerFor(db, { cookie: staffCookie, clock });
const sweep = (send: (m: FollowUpMail) => Promise<void> = (m) => mailer.sendFollowUp(m)) =>
  sendDueFollowUps({ db, now: clock.now(), publicUrl: http.url, send });

/** A customer on the shop's site who asked for a person and left an email. */
async function handedOffConversation(contact: string | null = "jo@customer.example") {
  const c = customer();
  const { sessionToken, conversationId } = await c.chat.start({ origin: SHOP });
  await db.prisma.message.create({
    data: { sessionId: conversationId, role: "user", content: "My Summit 2 tent leaks at the seams." },
  });
  await c.ticket.create({ sessionToken, issueSummary: "Tent leaks", ...(contact ? { customerContact: contact } : {}) });
  return { sessionToken, conversationId };
}

const reply = (conversationId: string, text: string) =>
  staff().inbox.reply({ conversationId, clientMessageId: randomUUID(), text });

describe("follow-up email", () => {
  it("sends one email per burst of unseen replies, after the delay, with both replies", async () => {
    const { conversationId } = await handedOffConversation();
    const before = smtp.received.length;
    await reply(conversationId, "Sorry to hear that! Which size is it?");
    clock.advance(1 * MINUTE);
    await reply(conversationId, "And could you send a photo of the seam?");
    clock.advance(3 * MINUTE);
    expect(await sweep()).toEqual({ sent: 0, skipped: 0, failed: 0 });
    clock.advance(2 * MINUTE);
    expect((await sweep()).sent).toBe(1);
    expect((await sweep()).sent).toBe(0);
    clock.advance(30 * MINUTE);
    expect((await sweep()).sent).toBe(0);

    const mails = smtp.received.slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(["jo@customer.example"]);
    const text = decodeQp(mails[0]!.raw);
    expect(text).toContain("Subject: Bob Agent from Acme Outfitters replied to your message");
    expect(text).toContain("Sorry to hear that! Which size is it?");
    expect(text).toContain("And could you send a photo of the seam?");
    expect(text).toMatch(/List-Unsubscribe:\s+<http/);
  });

  it("sends nothing when the customer saw the replies in the widget, or left no email", async () => {
    const seen = await handedOffConversation();
    const noEmail = await handedOffConversation(null);
    const before = smtp.received.length;
    const last = await reply(seen.conversationId, "Here is your refund.");
    await reply(noEmail.conversationId, "Anyone there?");
    clock.advance(1 * MINUTE);
    await customer().chat.seen({ sessionToken: seen.sessionToken, messageId: last.id });
    clock.advance(10 * MINUTE);
    expect(await sweep()).toEqual({ sent: 0, skipped: 2, failed: 0 });
    expect(smtp.received.length).toBe(before);
  });

  it("a later reply after the email starts a new burst, with only the new reply", async () => {
    const { conversationId } = await handedOffConversation();
    await reply(conversationId, "First answer.");
    clock.advance(6 * MINUTE);
    expect((await sweep()).sent).toBe(1);
    await reply(conversationId, "Second answer, a day later.");
    clock.advance(6 * MINUTE);
    const before = smtp.received.length;
    expect((await sweep()).sent).toBe(1);
    const text = decodeQp(smtp.received[before]!.raw);
    expect(text).toContain("Second answer, a day later.");
    expect(text).not.toContain("First answer.");
  });

  it("two instances sweeping at once send it once", async () => {
    const { conversationId } = await handedOffConversation();
    await reply(conversationId, "Only once, please.");
    clock.advance(6 * MINUTE);
    const sent: FollowUpMail[] = [];
    const slowSend = async (m: FollowUpMail) => {
      sent.push(m);
      await new Promise((r) => setImmediate(r));
    };
    const results = await Promise.all([sweep(slowSend), sweep(slowSend), sweep(slowSend)]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(sent.filter((m) => m.replies.some((r) => r.content === "Only once, please."))).toHaveLength(1);
  });

  it("the link reopens the same conversation on the shop's site, and stops working when it expires", async () => {
    const { conversationId } = await handedOffConversation();
    await reply(conversationId, "Your replacement ships today.");
    clock.advance(6 * MINUTE);
    const before = smtp.received.length;
    await sweep();
    const link = linkIn(decodeQp(smtp.received[before]!.raw), `${SHOP}/?support_chat=`);
    const reopenToken = link.searchParams.get("support_chat")!;

    const reopened = await customer().chat.reopen({ reopenToken });
    expect(reopened.conversationId).toBe(conversationId);
    const history = await customer().chat.history({ sessionToken: reopened.sessionToken });
    expect(history.messages.map((m) => m.content)).toContain("Your replacement ships today.");

    clock.advance(8 * 24 * 60 * MINUTE);
    await expect(customer().chat.reopen({ reopenToken })).rejects.toThrow(/expired/);
  });

  it("unsubscribe: the link's page asks first; its button stops further emails for the conversation", async () => {
    // The previous test moved the clock past the staff session's idle limit.
    staffCookie = await signIn(db, "bob@example.com", PASSWORDS.agent, { clock });
    const { conversationId } = await handedOffConversation();
    await reply(conversationId, "We are on it.");
    clock.advance(6 * MINUTE);
    const before = smtp.received.length;
    await sweep();
    const unsubscribe = linkIn(decodeQp(smtp.received[before]!.raw), `${http.url}/email/unsubscribe?token=`);

    const page = await fetch(unsubscribe);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Stop these emails");
    expect((await db.prisma.session.findUniqueOrThrow({ where: { id: conversationId } })).followUpOptOutAt).toBeNull();

    const done = await fetch(unsubscribe, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("no more emails");

    await reply(conversationId, "Another update.");
    clock.advance(6 * MINUTE);
    const after = smtp.received.length;
    expect((await sweep()).skipped).toBe(1);
    expect(smtp.received.length).toBe(after);

    const bad = await fetch(`${http.url}/email/unsubscribe?token=${"x".repeat(43)}`, { method: "POST" });
    expect(bad.status).toBe(404);
  });
});
