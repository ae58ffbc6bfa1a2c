// New-ticket mail against a real SMTP server started in-process, the .eml fallback without
// SMTP_URL, and retries that never affect the customer's escalation.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createContextInner, createMailNotifier, silentLogger, startJobs } from "@support/api";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { decodeQp, startSmtp } from "../harness/smtp.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.settings.upsert({
    where: { id: 1 },
    create: { id: 1, notificationEmails: ["support@shop.example", "lead@shop.example"] },
    update: { notificationEmails: ["support@shop.example", "lead@shop.example"] },
  });
});
afterAll(async () => db?.drop());

async function escalate(notifier: ReturnType<typeof createMailNotifier>) {
  const customer = createCaller(createContextInner({ db, notifier }));
  const { sessionToken } = await customer.chat.start();
  await db.prisma.message.createMany({
    data: [
      {
        sessionId: (await db.prisma.session.findFirstOrThrow({ orderBy: { createdAt: "desc" } })).id,
        role: "user",
        content: "My Summit 2 tent leaks at the seams.",
      },
    ],
  });
  return customer.ticket.create({
    sessionToken,
    issueSummary: "Tent leaks after one night",
    customerContact: "jo@customer.example",
  });
}

/**
 * A notifier whose warnings and errors are kept, so a test can see each retry it reported.
 * Without retryDelaysMs it sends once and leaves retries to the job queue, as the server runs it.
 */
function recordingNotifier(opts: { smtpUrl: string; retryDelaysMs?: number[] }) {
  const warnings: string[] = [];
  const errors: string[] = [];
  const log = {
    ...silentLogger,
    warn: (_o: unknown, msg?: string) => void warnings.push(String(msg)),
    error: (_o: unknown, msg?: string) => void errors.push(String(msg)),
    child: () => log,
  };
  const notifier = createMailNotifier({
    prisma: db.prisma,
    mailDir: "/nonexistent",
    from: "bot@shop.example",
    publicUrl: "http://x",
    log,
    ...opts,
  });
  return { notifier, warnings, errors };
}

describe("new-ticket mail", () => {
  it("mails every notification address with summary, contact, last messages and a link to the ticket", async () => {
    const smtp = await startSmtp();
    const notifier = createMailNotifier({
      prisma: db.prisma,
      smtpUrl: smtp.url,
      mailDir: "/nonexistent",
      from: "Support Bot <bot@shop.example>",
      publicUrl: "https://support.shop.example/",
      log: silentLogger,
    });
    try {
      const ticket = await escalate(notifier);
      await notifier.idle();
      expect(smtp.received).toHaveLength(1);
      const mail = smtp.received[0]!;
      expect(mail.from).toBe("bot@shop.example");
      expect(mail.to.sort()).toEqual(["lead@shop.example", "support@shop.example"]);
      const body = decodeQp(mail.raw);
      expect(body).toMatch(new RegExp(`^Subject: New ticket ${ticket.reference}: Tent leaks after one night`, "m"));
      expect(body).toMatch(/^Reply-To: jo@customer\.example/m);
      expect(body).toContain("Contact: jo@customer.example");
      expect(body).toContain("Customer (");
      expect(body).toContain("My Summit 2 tent leaks at the seams.");
      expect(body).toContain(`https://support.shop.example/console/tickets/${ticket.ticketId}`);
    } finally {
      notifier.close();
      await smtp.close();
    }
  });

  it("retries a failed send with backoff", async () => {
    const smtp = await startSmtp({ failFirst: 2 });
    const { notifier, warnings } = recordingNotifier({ smtpUrl: smtp.url, retryDelaysMs: [50, 50] });
    try {
      await escalate(notifier);
      await notifier.idle();
      expect(smtp.received).toHaveLength(1);
      expect(warnings.filter((w) => w.includes("retrying"))).toHaveLength(2);
    } finally {
      notifier.close();
      await smtp.close();
    }
  });

  it("with the job queue (as the server runs it), a failed send is a job the queue retries", async () => {
    const smtp = await startSmtp({ failFirst: 1 });
    const { notifier, warnings } = recordingNotifier({ smtpUrl: smtp.url });
    const jobs = await startJobs(db, { log: silentLogger, mailer: notifier, pollingIntervalSeconds: 0.5 });
    try {
      await escalate(notifier);
      await notifier.idle();
      // The retry delivers the mail (the SMTP server's event); pg-boss then marks the job completed
      // in a query of its own that nothing announces, so that last step is a bounded poll.
      await smtp.mails(1);
      const query = `SELECT state, retry_count FROM pgboss.job WHERE name = 'mail.ticket-created'`;
      const job = async () => (await db.sql.query<{ state: string; retry_count: number }>(query))[0];
      await expect.poll(async () => (await job())?.state, { timeout: 10_000, interval: 50 }).toBe("completed");
      expect(smtp.received).toHaveLength(1);
      expect(warnings).toContain("new-ticket mail failed; the job queue retries it");
      expect(await job()).toMatchObject({ state: "completed", retry_count: 1 });
    } finally {
      await jobs.stop(1_000);
      notifier.close();
      await smtp.close();
    }
  });

  it("never blocks or fails the escalation when the mail server is down", async () => {
    const { notifier, errors } = recordingNotifier({ smtpUrl: "smtp://127.0.0.1:1", retryDelaysMs: [20, 20] });
    const started = Date.now();
    const ticket = await escalate(notifier);
    expect(ticket.status).toBe("created");
    expect(Date.now() - started).toBeLessThan(2_000);
    await notifier.idle();
    expect(errors.some((e) => e.includes("giving up"))).toBe(true);
    notifier.close();
  });

  it("without SMTP_URL writes an .eml file per mail", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mail-"));
    const notifier = createMailNotifier({
      prisma: db.prisma,
      mailDir: join(dir, "mail"),
      from: "bot@shop.example",
      publicUrl: "http://localhost:3000",
      log: silentLogger,
    });
    try {
      const ticket = await escalate(notifier);
      await notifier.idle();
      const files = readdirSync(join(dir, "mail"));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const eml = decodeQp(readFileSync(join(dir, "mail", files[0]!), "utf8"));
      expect(eml).toMatch(/^To: support@shop\.example, lead@shop\.example/m);
      expect(eml).toContain(`http://localhost:3000/console/tickets/${ticket.ticketId}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
