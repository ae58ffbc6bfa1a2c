// The offer rule and the status table on their own: when a person is offered, and what each change
// tells the customer.
import { describe, expect, it } from "vitest";
import { decideHandoffOffer } from "./handoff-offer.ts";
import { noticeFor, STATUS_TRANSITIONS } from "./status.ts";

const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
const miss = (minute: number) => ({ handoffSuggested: true, createdAt: t(minute) });
const hit = (minute: number) => ({ handoffSuggested: false, createdAt: t(minute) });
const base = {
  status: "bot" as const,
  handoffAt: null,
  handoffDeclinedAt: null,
  lastReplies: [],
  lastUserMessage: null,
  ticketSince: false,
};

describe("decideHandoffOffer", () => {
  it("offers a person after a miss, not after an answer", () => {
    expect(decideHandoffOffer({ ...base, lastReplies: [miss(1)] })).toBe("offered");
    expect(decideHandoffOffer({ ...base, lastReplies: [hit(2), miss(1)] })).toBeNull();
  });

  it("after 'No thanks', offers again only after two misses in a row since then", () => {
    const declined = { ...base, handoffDeclinedAt: t(5) };
    expect(decideHandoffOffer({ ...declined, lastReplies: [miss(4), miss(3)] })).toBeNull();
    expect(decideHandoffOffer({ ...declined, lastReplies: [miss(6), miss(4)] })).toBeNull();
    expect(decideHandoffOffer({ ...declined, lastReplies: [miss(7), hit(6)] })).toBeNull();
    expect(decideHandoffOffer({ ...declined, lastReplies: [miss(7), miss(6)] })).toBe("offered");
  });

  it("a request in words is the offer accepted, until a ticket follows or the customer backs out", () => {
    const asked = {
      ...base,
      lastUserMessage: { content: "Can I talk to a real person please?", createdAt: t(3), answered: false },
    };
    expect(decideHandoffOffer(asked)).toBe("accepted");
    expect(decideHandoffOffer({ ...asked, ticketSince: true })).toBeNull();
    expect(decideHandoffOffer({ ...asked, handoffDeclinedAt: t(4) })).toBeNull();
    expect(
      decideHandoffOffer({
        ...asked,
        lastUserMessage: { ...asked.lastUserMessage, content: "Do you sell gift cards?" },
      }),
    ).toBeNull();
  });

  it("offers nothing while people have the conversation, nor for a miss from before the last hand-off", () => {
    expect(decideHandoffOffer({ ...base, status: "handoff", lastReplies: [miss(1)] })).toBeNull();
    expect(decideHandoffOffer({ ...base, handoffAt: t(2), lastReplies: [miss(1)] })).toBeNull();
  });
});

describe("conversation status table", () => {
  it("each change leads to one status, from the statuses it applies to", () => {
    expect(STATUS_TRANSITIONS.handed_back).toEqual({ from: ["handoff"], to: "bot" });
    expect(STATUS_TRANSITIONS.handoff_requested.from).not.toContain("handoff");
    expect(STATUS_TRANSITIONS.customer_returned).toEqual({ from: ["closed"], to: "bot" });
  });

  it("one wording per state, saying what happens next", () => {
    expect(
      noticeFor({ kind: "handoff_requested", reason: "customer_request", ticketReference: "#1001", contact: null }),
    ).toBe("We've passed this to our team (ticket #1001). You'll get the reply here.");
    expect(
      noticeFor({
        kind: "handoff_requested",
        reason: "missing_knowledge",
        ticketReference: "#1001",
        contact: "jo@example.com",
      }),
    ).toBe("We've passed this to our team (ticket #1001). You'll get the reply here, and by email at jo@example.com.");
    expect(noticeFor({ kind: "staff_joined", staffName: "Alice Smith" })).toBe("Alice Smith joined the conversation.");
    expect(noticeFor({ kind: "customer_returned" })).toBeNull();
  });
});
