// Mails staff about each new ticket. Sending happens after the customer's request has returned:
// a slow or failing mail server never delays or fails an escalation. Failed sends are retried
// with backoff: by the job queue when the server gives one (jobs/), so a restart or a second
// instance loses or repeats nothing; in-process otherwise (scripts, tests). Without SMTP_URL, each mail is written as an .eml file under mailDir and logged.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { PrismaClient } from "@support/db";
import { ZSnapshotMessage, ticketReference } from "@support/schemas";
import { z } from "zod";
import type { Notifier } from "../context.ts";
import type { JobQueue } from "../jobs/queue.ts";
import type { Logger } from "../lib/logger.ts";
import { loadSettings } from "../domain/settings/settings.ts";
import type { FollowUpMail } from "../domain/follow-up/follow-up.ts";
import { renderFollowUpMail } from "./follow-up-mail.ts";
import { renderTicketMail } from "./ticket-mail.ts";

export type MailNotifierOptions = {
  prisma: PrismaClient;
  /** smtp://user:pass@host:587 or smtps://...; unset: write .eml files to mailDir. */
  smtpUrl?: string;
  mailDir: string;
  from: string;
  publicUrl: string;
  log: Logger;
  /** Waits before the 2nd, 3rd, ... attempt; defaults to 3 attempts (2 s, then 10 s later). */
  retryDelaysMs?: number[];
};

export const MAIL_TICKET_CREATED_JOB = "mail.ticket-created";

export type MailNotifier = Notifier & {
  /**
   * From now on new-ticket mails are jobs on `queue` (retried by it with backoff), and this process
   * sends the mails of any instance. Failed attempts throw, for the queue to retry.
   */
  useQueue(queue: JobQueue): Promise<void>;
  /** Sends one follow-up email to a customer now (one attempt: the follow-up sweep retries). */
  sendFollowUp(mail: FollowUpMail): Promise<void>;
  /** Resolves when every mail started so far has been sent or given up on (tests, shutdown). */
  idle(): Promise<void>;
  close(): void;
};

export const DEFAULT_RETRY_DELAYS_MS = [2_000, 10_000];

export function createMailNotifier(opts: MailNotifierOptions): MailNotifier {
  const transport = opts.smtpUrl
    ? nodemailer.createTransport(opts.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const delays = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const pending = new Set<Promise<void>>();
  const log = opts.log.child({ component: "mail" });

  let queue: JobQueue | null = null;

  /** One attempt; throws when the mail server refuses, returns when there is nothing to send. */
  async function sendOnce(ticketId: string, attempt: number): Promise<void> {
    const [ticket, settings] = await Promise.all([
      opts.prisma.ticket.findUnique({ where: { id: ticketId } }),
      loadSettings(opts.prisma),
    ]);
    if (!ticket) return log.warn({ ticketId }, "new-ticket mail skipped: ticket not found");
    const to = settings.notificationEmails;
    if (to.length === 0) {
      return log.info({ ticketId }, "new-ticket mail skipped: no notification addresses in Settings");
    }
    const snapshot = z.array(ZSnapshotMessage).safeParse(ticket.conversationSnapshot);
    const content = renderTicketMail({
      ...ticket,
      snapshot: snapshot.success ? snapshot.data : [],
      businessName: settings.businessName,
      publicUrl: opts.publicUrl,
    });
    const message = {
      from: opts.from,
      to,
      subject: content.subject,
      text: content.text,
      html: content.html,
      ...(ticket.customerContact && { replyTo: ticket.customerContact }),
    };
    const reference = ticketReference(ticket.number);
    const info = await transport.sendMail(message);
    if (opts.smtpUrl) {
      log.info({ ticketId, to, messageId: info.messageId, attempt }, `new-ticket mail sent for ${reference}`);
    } else {
      await mkdir(opts.mailDir, { recursive: true });
      const file = join(opts.mailDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-ticket-${ticket.number}.eml`);
      await writeFile(file, (info as unknown as { message: Buffer }).message);
      log.info({ ticketId, to, file }, `SMTP_URL not set: new-ticket mail for ${reference} written to ${file}`);
    }
  }

  async function deliver(ticketId: string): Promise<void> {
    const reference = `ticket ${ticketId}`;
    for (let attempt = 1; ; attempt++) {
      try {
        return await sendOnce(ticketId, attempt);
      } catch (err) {
        const wait = delays[attempt - 1];
        if (wait === undefined) {
          log.error({ err, ticketId, attempts: attempt }, `new-ticket mail for ${reference} failed; giving up`);
          return;
        }
        log.warn({ err, ticketId, attempt, retryInMs: wait }, `new-ticket mail for ${reference} failed; retrying`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  return {
    async useQueue(q) {
      queue = q;
      await q.work<{ ticketId: string }>(MAIL_TICKET_CREATED_JOB, async ({ ticketId }, job) => {
        try {
          await sendOnce(ticketId, job.retryCount + 1);
        } catch (err) {
          log.warn({ err, ticketId, attempt: job.retryCount + 1 }, "new-ticket mail failed; the job queue retries it");
          throw err;
        }
      });
    },
    ticketCreated(ticketId) {
      if (queue) {
        const sent = queue.send(MAIL_TICKET_CREATED_JOB, { ticketId }).then(
          () => undefined,
          // The queue unreachable right after the ticket committed: send from here rather than not at all.
          (err: unknown) => {
            log.warn({ err, ticketId }, "could not queue the new-ticket mail; sending it from this process");
            return deliver(ticketId);
          },
        );
        const job = sent.finally(() => pending.delete(job));
        pending.add(job);
        return;
      }
      const job = deliver(ticketId)
        .catch((err: unknown) => log.error({ err, ticketId }, "new-ticket mail failed"))
        .finally(() => pending.delete(job));
      pending.add(job);
    },
    async sendFollowUp(mail) {
      const content = renderFollowUpMail(mail);
      const info = await transport.sendMail({
        from: opts.from,
        to: mail.to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        headers: content.headers,
      });
      if (opts.smtpUrl) {
        log.info({ messageId: info.messageId }, "follow-up mail sent");
      } else {
        await mkdir(opts.mailDir, { recursive: true });
        const file = join(opts.mailDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-follow-up.eml`);
        await writeFile(file, (info as unknown as { message: Buffer }).message);
        log.info({ file }, `SMTP_URL not set: follow-up mail written to ${file}`);
      }
    },
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
    close() {
      transport.close();
    },
  };
}
