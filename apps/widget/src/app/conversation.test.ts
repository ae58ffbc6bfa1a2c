// The thread's state machine: a message is never lost or sent under a second clientMessageId.
import { describe, expect, it } from "vitest";
import { clientMessageIdFor, initialState, reduce, type ConversationState } from "./conversation.ts";
import { describeFailure } from "./errors.ts";

const ID = "11111111-1111-4111-8111-111111111111";
const reply = { id: "22222222-2222-4222-8222-222222222222", content: "Within 30 days.", sources: [], mode: "llm" as const, handoffSuggested: false, createdAt: "2025-01-01T00:00:00.000Z" };
const network = describeFailure(new TypeError("Failed to fetch"));

function typed(text: string): ConversationState {
  return reduce(initialState(null, false), { type: "draft", text });
}

describe("conversation state", () => {
  it("puts an undelivered message back in the box and reuses its clientMessageId when it is sent again", () => {
    let s = reduce(typed("Where is my order?"), { type: "turn-start", clientMessageId: ID, text: "Where is my order?" });
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
      history: {
        status: "bot",
        openTicket: null,
        messages: [{ id: "33333333-3333-4333-8333-333333333333", role: "user", content: "Hello", createdAt: new Date(), clientMessageId: ID, sources: [], mode: null, feedback: null, authorName: null }],
      },
    });
    expect(s.draft).toBe("");
    expect(s.unsent).toBeNull();
  });
});

describe("failure messages", () => {
  it("explains each failure in the customer's terms", () => {
    expect(describeFailure(null, { online: false }).kind).toBe("offline");
    expect(describeFailure({ data: { code: "TOO_MANY_REQUESTS" } }).message).toMatch(/faster than we can answer/);
    expect(describeFailure({ data: { code: "INTERNAL_SERVER_ERROR", requestId: "req-12345678" } })).toMatchObject({ kind: "server", requestId: "req-12345678" });
    expect(describeFailure({ data: { code: "BAD_REQUEST", zodError: { fieldErrors: { text: ["Messages are limited to 2000 characters"] } } } }).message).toBe(
      "Messages are limited to 2000 characters",
    );
    expect(describeFailure(new TypeError("Failed to fetch")).kind).toBe("network");
  });
});
