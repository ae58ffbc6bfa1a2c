// Presence between agents over the live inbox stream: "viewing" (a heartbeat), "typing", "left",
// never one's own; and "changed" when a conversation's owner or ticket changes, from any path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboxEvent } from "@support/schemas";
import { startTestServer, type TestServer } from "../harness/server.ts";
import { makeStaff, PASSWORDS, signIn } from "../console/helpers.ts";
import { newCustomer, send } from "../chat/chat-client.ts";
import { inboxStream, staffClient, type Collected } from "./live-client.ts";

let server: TestServer;
let staff: Awaited<ReturnType<typeof makeStaff>>;
let bobCookie: string;
let cyCookie: string;
beforeAll(async () => {
  server = await startTestServer();
  staff = await makeStaff(server.db);
  bobCookie = await signIn(server.db, staff.agent.email, PASSWORDS.agent);
  cyCookie = await signIn(server.db, staff.agent2.email, PASSWORDS.agent2);
});
afterAll(async () => server?.close());

/** Sends one `beat` once `stream` is open (so it cannot miss it) and waits for its event. */
async function beatSeen(beat: () => Promise<unknown>, stream: Collected<InboxEvent>, pred: (e: InboxEvent) => boolean) {
  await stream.started;
  await beat();
  return stream.waitFor((es) => es.some(pred));
}

describe("presence in the inbox", () => {
  it("Cy sees Bob viewing, typing and leaving; Bob's own stream never shows Bob", async () => {
    const c = await newCustomer(server.url);
    await send(c, "Are your tents waterproof?");
    await c.client.ticket.create.mutate({
      sessionToken: c.token,
      issueSummary: "Leaking tent",
      customerContact: "sam@example.com",
    });
    const bob = staffClient(server.url, bobCookie);
    const bobStream = inboxStream(server.url, bobCookie);
    const cyStream = inboxStream(server.url, cyCookie);
    const conversationId = c.conversationId;
    const is = (state: string) => (e: InboxEvent) =>
      e.type === "presence" && e.conversationId === conversationId && e.state === state;

    await beatSeen(() => bob.inbox.presence.mutate({ conversationId, state: "viewing" }), cyStream, is("viewing"));
    expect(cyStream.events.find(is("viewing"))).toEqual({
      type: "presence",
      conversationId,
      staffId: staff.agent.id,
      name: "Bob Agent",
      state: "viewing",
    });

    await bob.inbox.typing.mutate({ conversationId });
    await cyStream.waitFor((es) => es.some(is("typing")));
    await bob.inbox.presence.mutate({ conversationId, state: "left" });
    await cyStream.waitFor((es) => es.some(is("left")));

    // Cy's own heartbeat reaches Bob, so Bob's stream was open all along, yet it has none of Bob's.
    const cy = staffClient(server.url, cyCookie);
    await beatSeen(() => cy.inbox.presence.mutate({ conversationId, state: "viewing" }), bobStream, is("viewing"));
    expect(
      bobStream.events
        .filter((e) => e.type === "presence")
        .every((e) => e.type === "presence" && e.staffId === staff.agent2.id),
    ).toBe(true);
    bobStream.stop();
    cyStream.stop();
  });

  it("assigning the conversation or changing its ticket tells every console to read it again", async () => {
    const c = await newCustomer(server.url);
    await send(c, "Are your tents waterproof?");
    const ticket = await c.client.ticket.create.mutate({
      sessionToken: c.token,
      issueSummary: "Leaking tent",
      customerContact: "sam@example.com",
    });
    const bob = staffClient(server.url, bobCookie);
    const cyStream = inboxStream(server.url, cyCookie);
    const conversationId = c.conversationId;
    const changed = (e: InboxEvent) => e.type === "changed" && e.conversationId === conversationId;
    await beatSeen(
      () => bob.inbox.presence.mutate({ conversationId, state: "viewing" }),
      cyStream,
      (e) => e.type === "presence",
    );

    // Each step adds at least one event: a step that announced nothing would leave the count short.
    expect(cyStream.events.filter(changed)).toHaveLength(0);
    await bob.ticket.addNote.mutate({ id: ticket.ticketId, body: "Asked the warehouse." });
    await cyStream.waitFor((es) => es.filter(changed).length >= 1);
    await bob.ticket.setStatus.mutate({ id: ticket.ticketId, status: "in_progress" });
    await cyStream.waitFor((es) => es.filter(changed).length >= 2);
    await bob.inbox.assign.mutate({ conversationId, assigneeId: staff.agent2.id });
    await cyStream.waitFor((es) => es.filter(changed).length >= 3);
    cyStream.stop();
  });
});
