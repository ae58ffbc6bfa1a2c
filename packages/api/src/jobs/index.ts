// The one place that starts background work: the queue, its queues, this process's workers and the
// schedules (follow-up sweeps, retention).
// Every instance runs the same workers; the queue hands each job to one of them.
import type { Database } from "@support/db";
import type { Logger } from "../lib/logger.ts";
import { MAIL_TICKET_CREATED_JOB, type MailNotifier } from "../mail/notifier.ts";
import { createJobQueue, type JobQueue } from "./queue.ts";
import { SCHEDULED_QUEUES, startScheduledJobs, type FollowUpJobOptions } from "./scheduled.ts";
import {
  attemptDelivery,
  queueStrandedDeliveries,
  WEBHOOK_DELIVER_JOB,
  WEBHOOK_RETRY_LIMIT,
  webhookQueue,
} from "./webhooks.ts";

export type StartJobsOptions = {
  log: Logger;
  /** New-ticket mails become jobs of this queue. */
  mailer?: MailNotifier | null;
  /** First retry delay of a webhook delivery; doubles on each retry. */
  webhookRetryDelaySeconds?: number;
  pollingIntervalSeconds?: number;
  /** Follow-up emails of staff replies customers haven't seen (swept every 30 s); null in tests that don't send them. */
  followUp?: FollowUpJobOptions | null;
};

export async function startJobs(db: Database, opts: StartJobsOptions): Promise<JobQueue> {
  const log = opts.log.child({ component: "jobs" });
  const queue = await createJobQueue(db, {
    log: opts.log,
    pollingIntervalSeconds: opts.pollingIntervalSeconds,
    queues: [
      // 3 attempts, 2 s then 4 s apart: what the in-process retries did before.
      { name: MAIL_TICKET_CREATED_JOB, retryLimit: 2, retryDelaySeconds: 2, retryBackoff: true },
      webhookQueue(opts.webhookRetryDelaySeconds ?? 10),
      ...SCHEDULED_QUEUES,
    ],
  });
  if (opts.mailer) await opts.mailer.useQueue(queue);
  await queue.work<{ deliveryId: string }>(
    WEBHOOK_DELIVER_JOB,
    (data, job) =>
      attemptDelivery(db.prisma, data.deliveryId, { retryCount: job.retryCount, retryLimit: WEBHOOK_RETRY_LIMIT, log }),
    { concurrency: 4 },
  );
  // Follow-up sweeps and retention: scheduled jobs, one run at a time across all instances.
  await startScheduledJobs(db, queue, { log, followUp: opts.followUp });
  const stranded = await queueStrandedDeliveries(db.prisma, queue);
  if (stranded) log.info({ deliveries: stranded }, "queued webhook deliveries recorded while no job queue ran");
  return queue;
}
