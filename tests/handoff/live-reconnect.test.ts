// The live-events connection lost while the database stays up (a failover, a proxy restart, an
// idle-connection killer): /readyz says so, the bus reconnects, and what was committed in between
// reaches open streams exactly once, replayed from the event log.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { readyzTurns } from "../harness/readiness.ts";
import { makeStaff, PASSWORDS, signIn } from "../console/helpers.ts";
import { newCustomer, send } from "../chat/chat-client.ts";
import { customerStream, inboxStream, staffClient } from "./live-client.ts";

let server: TestServer;
let cookie: string;
beforeAll(async () => {
  // A first reconnect attempt late enough that the test can write while the bus is away.
  server = await startTestServer({ events: { reconnectInitialDelayMs: 1_500, reconnectMaxDelayMs: 1_500 } });
  const staff = await makeStaff(server.db);
  cookie = await signIn(server.db, staff.agent.email, PASSWORDS.agent);
});
afterAll(async () => server?.close());

/** Ends this database's LISTEN connection from the server side, as a failover would. */
async function killListenConnection() {
  const killed = await server.db.sql.query<{ pid: number }>(
    `SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`,
  );
  expect(killed).toHaveLength(1);
}

describe("live events after the LISTEN connection drops", () => {
  it("/readyz is 503 while it is down; what was written meanwhile reaches the customer and the inbox once", async () => {
    const c = await newCustomer(server.url);
    await send(c, "Are your tents waterproof?");
    await c.client.ticket.create.mutate({
      sessionToken: c.token,
      issueSummary: "My tent leaks at the seams",
      customerContact: "sam@example.com",
    });
    const agent = staffClient(server.url, cookie);
    // Cursors from the database, so the streams miss nothing whenever they are established.
    const last = await server.db.prisma.message.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const stream = customerStream(server.url, c.token, last.seq.toString());
    const inbox = inboxStream(server.url, cookie, last.seq.toString());
    // Both streams are live once an event written now reaches them.
    const first = await agent.inbox.reply.mutate({
      conversationId: c.conversationId,
      clientMessageId: randomUUID(),
      text: "Hi Sam, Bob here.",
    });
    await stream.waitFor((es) => es.some((e) => e.type === "message" && e.message.id === first.id));
    await inbox.waitFor((es) => es.some((e) => e.type === "message" && e.message.id === first.id));
    expect((await readyzTurns(server.url, 200)).body).toMatchObject({ ready: true, liveEvents: "listening" });

    await killListenConnection();
    const down = await readyzTurns(server.url, 503);
    expect(down.body).toMatchObject({ ready: false, database: "up", liveEvents: "reconnecting" });

    // Committed while nobody on this instance listens: the NOTIFYs are lost, the rows are not.
    const missed = await agent.inbox.reply.mutate({
      conversationId: c.conversationId,
      clientMessageId: randomUUID(),
      text: "Could you send a photo of the seam?",
    });
    await agent.inbox.handBack.mutate({ conversationId: c.conversationId });

    await readyzTurns(server.url, 200);
    const got = await stream.waitFor((es) => es.some((e) => e.type === "message" && e.message.id === missed.id));
    expect(got.find((e) => e.type === "message" && e.message.id === missed.id)).toMatchObject({
      message: { role: "agent", authorName: "Bob Agent", content: "Could you send a photo of the seam?" },
    });
    await stream.waitFor((es) => es.some((e) => e.type === "status" && e.status === "bot"));
    await inbox.waitFor(
      (es) => es.some((e) => e.type === "message" && e.message.id === missed.id) && es.some((e) => e.type === "resync"),
    );

    // Events flow again: a later message arrives, and nothing before it came twice.
    const c2 = await send(c, "Thanks, will do.");
    await stream.waitFor((es) => es.some((e) => e.type === "message" && e.message.id === c2.done?.id));
    const ids = stream.events.flatMap((e) => (e.type === "message" ? [e.message.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(stream.events.filter((e) => e.type === "status" && e.status === "bot")).toHaveLength(1);
    expect(stream.events.some((e) => (e as { type: string }).type === "error")).toBe(false);
    stream.stop();
    inbox.stop();
  });
});
