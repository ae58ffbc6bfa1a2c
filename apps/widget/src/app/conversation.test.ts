// The thread's state machine: a message is never lost or sent under a second clientMessageId.
import { describe, expect, it } from "vitest";
import {
  clientMessageIdFor,
  initialState,
  reduce,
  type ConversationState,
  type HistoryPayload,
  type LivePayload,
} from "./conversation.ts";
import { describeFailure } from "./errors.ts";

const ID = "11111111-1111-4111-8111-111111111111";
const reply = {
  id: "22222222-2222-4222-8222-222222222222",
  content: "Within 30 days.",
  sources: [],
  mode: "llm" as const,
  handoffSuggested: false,
  createdAt: "2025-01-01T00:00:00.000Z",
};
/** chat.history's answer for a conversation with the bot, with `fields` changed. */
function history(fields: Partial<HistoryPayload>): HistoryPayload {
  return {
    conversationId: "44444444-4444-4444-8444-444444444444",
    status: "bot",
    joinedBy: null,
    handoffOffer: null,
    knownContact: null,
    messages: [],
    openTicket: null,
    ...fields,
  };
}
const network = describeFailure(new TypeError("Failed to fetch"));

function typed(text: string): ConversationState {
  return reduce(initialState(null, false), { type: "draft", text });
}

describe("conversation state", () => {
  it("puts an undelivered message back in the box and reuses its clientMessageId when it is sent again", () => {
    let s = reduce(typed("Where is my order?"), {
      type: "turn-start",
      clientMessageId: ID,
      text: "Where is my order?",
    });
    expect(s.draft).toBe("");
    s = reduce(s, { type: "turn-failed", failure: network });
    expect(s.draft).toBe("Where is my order?");
    expect(s.failure?.retry).toEqual({ clientMessageId: ID, text: "Where is my order?", accepted: false });
    expect(clientMessageIdFor(s, "Where is my order?", () => "new")).toBe(ID);
    expect(clientMessageIdFor(s, "Something else", () => "new")).toBe("new");
  });

  it("keeps an accepted message in the thread when only the reply failed", () => {
    let s = reduce(typed("Hi"), { type: "turn-start", clientMessageId: ID, text: "Hi" });
    s = reduce(s, { type: "turn-accepted", userMessageId: "33333333-3333-4333-8333-333333333333" });
    s = reduce(s, { type: "turn-failed", failure: network });
    expect(s.draft).toBe("");
    expect(s.messages.map((m) => [m.role, m.content])).toEqual([["user", "Hi"]]);
    expect(s.failure?.retry?.accepted).toBe(true);
  });

  it("does not overwrite what the customer typed meanwhile", () => {
    let s = reduce(typed("first"), { type: "turn-start", clientMessageId: ID, text: "first" });
    s = reduce(s, { type: "draft", text: "second" });
    s = reduce(s, { type: "turn-failed", failure: network });
    expect(s.draft).toBe("second");
    expect(s.unsent).toEqual({ clientMessageId: ID, text: "first" });
  });

  it("streams, resets on a fallback, and stores the final reply once", () => {
    let s = reduce(typed("Returns?"), { type: "turn-start", clientMessageId: ID, text: "Returns?" });
    s = reduce(s, { type: "turn-accepted", userMessageId: "33333333-3333-4333-8333-333333333333" });
    s = reduce(s, { type: "turn-delta", text: "Happy" });
    expect(s.turn?.streamed).toBe("Happy");
    s = reduce(s, { type: "turn-reset-stream" });
    expect(s.turn?.streamed).toBe("");
    s = reduce(s, { type: "turn-done", reply });
    s = reduce(s, { type: "turn-start", clientMessageId: ID, text: "Returns?" });
    s = reduce(s, { type: "turn-accepted", userMessageId: "33333333-3333-4333-8333-333333333333" });
    s = reduce(s, { type: "turn-done", reply }); // a replayed turn
    expect(s.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(s.turn).toBeNull();
  });

  it("drops a restored 'unsent' message that the server did receive", () => {
    let s = initialState({ clientMessageId: ID, text: "Hello" }, true);
    expect(s.draft).toBe("Hello");
    s = reduce(s, {
      type: "restored",
      history: history({
        messages: [
          {
            id: "33333333-3333-4333-8333-333333333333",
            role: "user",
            content: "Hello",
            createdAt: "2025-01-01T00:00:00.000Z",
            clientMessageId: ID,
            sources: [],
            mode: null,
            feedback: null,
            authorName: null,
          },
        ],
      }),
    });
    expect(s.draft).toBe("");
    expect(s.unsent).toBeNull();
  });
});

describe("live stream", () => {
  const USER = "33333333-3333-4333-8333-333333333333";
  const live = (over: Partial<LivePayload>): LivePayload => ({
    id: "44444444-4444-4444-8444-444444444444",
    seq: "1",
    role: "agent",
    content: "Hi, I'm Bob.",
    createdAt: "2025-01-01T00:00:00.000Z",
    clientMessageId: null,
    authorName: "Bob Agent",
    sources: [],
    mode: null,
    ...over,
  });

  it("shows the customer's own message once, whether the stream or the turn reports it first", () => {
    let s = reduce(typed("Hi"), { type: "turn-start", clientMessageId: ID, text: "Hi" });
    s = reduce(s, {
      type: "live-message",
      message: live({ id: USER, role: "user", content: "Hi", clientMessageId: ID, authorName: null }),
    });
    // The bot's reply seen live while it still streams waits for the turn's end.
    s = reduce(s, {
      type: "live-message",
      message: live({ id: reply.id, role: "assistant", content: reply.content, authorName: null }),
    });
    expect(s.messages.map((m) => m.role)).toEqual(["user"]);
    s = reduce(s, { type: "turn-done", reply });
    expect(s.messages.map((m) => [m.role, m.id])).toEqual([
      ["user", USER],
      ["assistant", reply.id],
    ]);
    s = reduce(s, {
      type: "live-message",
      message: live({ id: reply.id, role: "assistant", content: reply.content, authorName: null }),
    });
    expect(s.messages).toHaveLength(2);
  });

  it("adds a person's replies and keeps them across a history refresh; writes no notice of its own", () => {
    let s = reduce(initialState(null, false), { type: "live-status", status: "handoff", joinedBy: null });
    expect(s).toMatchObject({ status: "handoff", joinedBy: null, messages: [] });
    s = reduce(s, {
      type: "live-message",
      message: live({
        id: "55555555-5555-4555-8555-555555555555",
        role: "system",
        content: "Bob Agent joined the conversation.",
        authorName: null,
      }),
    });
    s = reduce(s, { type: "live-status", status: "handoff", joinedBy: "Bob Agent" });
    s = reduce(s, { type: "live-message", message: live({}) });
    s = reduce(s, { type: "live-message", message: live({}) });
    expect(s.messages.map((m) => m.role)).toEqual(["system", "agent"]);
    expect(s.joinedBy).toBe("Bob Agent");
    // History read before the agent's reply was stored: the reply stays.
    s = reduce(s, {
      type: "restored",
      history: history({
        status: "handoff",
        joinedBy: "Bob Agent",
        openTicket: { ticketId: "55555555-5555-4555-8555-555555555555", reference: "#7" },
      }),
    });
    expect(s.messages.map((m) => m.role)).toEqual(["system", "agent"]);
    expect(s.ticketReference).toBe("#7");
  });

  it("waits for a person after the customer's request; back to the bot, they may ask again", () => {
    let s = reduce(initialState(null, false), { type: "escalated", reference: "#8", contact: "jo@example.com" });
    expect(s).toMatchObject({ status: "handoff", joinedBy: null, knownContact: "jo@example.com" });
    s = reduce(s, { type: "live-status", status: "handoff", joinedBy: null });
    expect(s.messages).toEqual([]);
    s = reduce(s, { type: "live-status", status: "bot", joinedBy: null });
    expect(s).toMatchObject({ status: "bot", ticketReference: null, joinedBy: null });
  });
});

describe("the offer of a person", () => {
  it("a miss brings the offer; writing again or declining clears it; asking in words ends the turn at the hand-off step", () => {
    let s = reduce(typed("Pizza in Rome?"), { type: "turn-start", clientMessageId: ID, text: "Pizza in Rome?" });
    s = reduce(s, { type: "turn-done", reply: { ...reply, handoffSuggested: true } });
    s = reduce(s, { type: "offer", offer: "offered" });
    expect(s.offer).toBe("offered");
    s = reduce(s, { type: "offer", offer: null });
    expect(s.offer).toBeNull();
    s = reduce(s, {
      type: "turn-start",
      clientMessageId: "66666666-6666-4666-8666-666666666666",
      text: "I want to talk to a person",
    });
    s = reduce(s, { type: "offer", offer: "accepted" });
    expect(s.turn).toBeNull();
    expect(s.offer).toBe("accepted");
    expect(s.messages.at(-1)).toMatchObject({ role: "user", content: "I want to talk to a person" });
  });
});

describe("failure messages", () => {
  it("explains each failure in the customer's terms", () => {
    expect(describeFailure(null, { online: false }).kind).toBe("offline");
    expect(describeFailure({ data: { code: "TOO_MANY_REQUESTS" } }).message).toMatch(/faster than we can answer/);
    expect(describeFailure({ data: { code: "INTERNAL_SERVER_ERROR", requestId: "req-12345678" } })).toMatchObject({
      kind: "server",
      requestId: "req-12345678",
    });
    expect(
      describeFailure({
        data: { code: "BAD_REQUEST", zodError: { fieldErrors: { text: ["Messages are limited to 2000 characters"] } } },
      }).message,
    ).toBe("Messages are limited to 2000 characters");
    expect(describeFailure(new TypeError("Failed to fetch")).kind).toBe("network");
  });
});
