// Follow-up emails are swept by a scheduled job on the job queue, not by a timer in each process:
// with two instances (two job queues on one database) every due email is sent exactly once.
import { afterAll, beforeAll, expect, it } from "vitest";
import { silentLogger, startJobs, type FollowUpMail, type JobQueue, type Logger } from "@support/api";
import { makeStaff } from "../console/helpers.ts";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";
import { seedConversation } from "../data-protection/seed.ts";
import { changeWaiter } from "../harness/wait.ts";

const DUE = 12;
let db: TestDatabase;
const queues: JobQueue[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const { agent } = await makeStaff(db);
  for (let i = 0; i < DUE; i++)
    await seedConversation(db, {
      now: new Date(),
      ageDays: 1,
      status: "handoff",
      ticketStatus: "open",
      staffId: agent.id,
    });
  // Each burst ends at the conversation's staff reply.
  await db.sql.query(
    `UPDATE "FollowUpEmail" f SET "lastReplySeq" = (SELECT max(seq) FROM "Message" m WHERE m."sessionId" = f."sessionId" AND m.role = 'agent')`,
  );
});
afterAll(async () => {
  // A sweep the minute's cron started may still be running: stop waits for it (the default grace)
  // before the database goes, or its last queries would meet a closed pool.
  for (const q of queues) await q.stop();
  await db?.drop();
});

it("two instances send each due follow-up email once", async () => {
  const sent: Array<{ by: string; to: string }> = [];
  // Each sweep logs what it sent once its rows are done: the sweeps are over when they add up to DUE.
  let sweptSent = 0;
  const swept = changeWaiter();
  const log: Logger = {
    ...silentLogger,
    info: (o, msg) => {
      if (msg !== "follow-up emails swept") return;
      sweptSent += (o as { sent: number }).sent;
      swept.changed();
    },
    child: () => log,
  };
  for (const by of ["a", "b"]) {
    const send = async (mail: FollowUpMail) => void sent.push({ by, to: mail.to });
    queues.push(
      await startJobs(db, {
        log,
        pollingIntervalSeconds: 0.5,
        followUp: { publicUrl: "http://localhost:3000", delayMs: 60_000, send },
      }),
    );
  }
  await swept.until(() => sweptSent >= DUE, `sweeps sending ${DUE} mails`, 60_000);
  expect(await db.prisma.followUpEmail.count()).toBe(0);
  expect(sent).toHaveLength(DUE);
  expect(new Set(sent.map((s) => s.to)).size).toBe(DUE);
  // The next sweep is already queued (one at a time: the queue refuses a second one while it waits).
  // The sweep queues it after its mails are sent, in a pg-boss query that nothing announces: a
  // bounded poll rather than a read at once.
  const queuedSweeps = async () =>
    (
      await db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'follow-up.sweep' AND state = 'created'`,
      )
    )[0]!.n;
  await expect.poll(queuedSweeps, { timeout: 30_000, interval: 200 }).toBe(1);
});
