// Periodic work on the job queue instead of per-process timers: pg-boss creates each scheduled job
// once whatever the number of instances, and the "stately" policy keeps at most one queued and one
// running job per queue, so a sweep never runs twice at once.
import type { Database } from "@support/db";
import { applyRetention } from "../domain/data-protection/retention.ts";
import { sendDueFollowUps, type FollowUpMail } from "../domain/follow-up/follow-up.ts";
import type { Logger } from "../lib/logger.ts";
import type { JobQueue, QueueDefinition } from "./queue.ts";

export const FOLLOW_UP_SWEEP_JOB = "follow-up.sweep";
export const RETENTION_JOB = "retention.apply";

/** Follow-ups are swept every 30 s: the cron (pg-boss's finest step is a minute) plus one queued 30 s after each sweep. */
export const FOLLOW_UP_SWEEP_SECONDS = 30;
const FOLLOW_UP_CRON = "* * * * *";
/** Hourly: a changed retention setting applies within the hour; a run with nothing due is one indexed query. */
const RETENTION_CRON = "23 * * * *";

export const SCHEDULED_QUEUES: readonly QueueDefinition[] = [
  // A sweep claims its rows itself (FOR UPDATE SKIP LOCKED) and retries failed mails on the next one.
  { name: FOLLOW_UP_SWEEP_JOB, policy: "stately", retryLimit: 0, expireInSeconds: 600 },
  { name: RETENTION_JOB, policy: "stately", retryLimit: 2, retryDelaySeconds: 60, expireInSeconds: 3600 },
];

export type FollowUpJobOptions = {
  publicUrl: string;
  delayMs: number;
  send: (mail: FollowUpMail) => Promise<void>;
};

export async function startScheduledJobs(
  db: Database,
  queue: JobQueue,
  opts: { log: Logger; followUp?: FollowUpJobOptions | null; now?: () => Date },
) {
  const now = opts.now ?? (() => new Date());
  const log = opts.log;
  if (opts.followUp) {
    const followUp = opts.followUp;
    await queue.work(FOLLOW_UP_SWEEP_JOB, async () => {
      try {
        const r = await sendDueFollowUps({
          db,
          now: now(),
          publicUrl: followUp.publicUrl,
          config: { delayMs: followUp.delayMs },
          send: followUp.send,
        });
        if (r.sent || r.failed) log.info(r, "follow-up emails swept");
      } finally {
        // The next sweep; refused (null) while one is already queued, so instances never pile them up.
        await queue
          .send(FOLLOW_UP_SWEEP_JOB, {}, { startAfter: FOLLOW_UP_SWEEP_SECONDS })
          .catch((err: unknown) => log.warn({ err }, "could not queue the next follow-up sweep"));
      }
    });
    await queue.schedule(FOLLOW_UP_SWEEP_JOB, FOLLOW_UP_CRON);
    await queue.send(FOLLOW_UP_SWEEP_JOB, {});
  }
  await queue.work(RETENTION_JOB, async () => {
    await applyRetention({ db, now: now(), log });
  });
  await queue.schedule(RETENTION_JOB, RETENTION_CRON);
}
