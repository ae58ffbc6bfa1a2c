// The composer's "/" detection and saved-reply matching, and notes placed in the thread by time.
import { describe, expect, it } from "vitest";
import { matchSavedReplies, slashQuery, type SavedReply } from "./SavedReplyPicker.tsx";
import { timeline } from "./Thread.tsx";
import type { Message, Note } from "./inbox-format.ts";

const reply = (shortcut: string, title: string): SavedReply => ({
  id: shortcut,
  shortcut,
  title,
  body: `${title} body`,
  updatedByName: null,
  updatedAt: new Date("2026-01-01T00:00:00.000Z"),
});

describe("slash query", () => {
  it("opens on a slash at the start or after a space, not inside words or links", () => {
    expect(slashQuery("/", 1)).toEqual({ start: 0, query: "" });
    expect(slashQuery("Hi! /Ship", 9)).toEqual({ start: 4, query: "ship" });
    expect(slashQuery("line one\n/ref", 13)).toEqual({ start: 9, query: "ref" });
    expect(slashQuery("and/or", 6)).toBeNull();
    expect(slashQuery("see https://example.com/x", 25)).toBeNull();
    // Only what is before the caret counts.
    expect(slashQuery("/ship and more", 14)).toBeNull();
    expect(slashQuery("/ship and more", 5)).toEqual({ start: 0, query: "ship" });
  });

  it("matches shortcut prefixes first, then shortcut or title substrings", () => {
    const all = [
      reply("canada", "Shipping to Canada"),
      reply("refund", "Refunds"),
      reply("shipping", "Shipping times"),
      reply("reship", "Sending again"),
    ];
    expect(matchSavedReplies(all, "ship").map((r) => r.shortcut)).toEqual(["shipping", "canada", "reship"]);
    expect(matchSavedReplies(all, "").map((r) => r.shortcut)).toEqual(["canada", "refund", "shipping", "reship"]);
    expect(matchSavedReplies(all, "zzz")).toEqual([]);
  });
});

describe("thread timeline", () => {
  it("places notes among messages by time; a tie keeps the message first", () => {
    const message = (id: string, at: string) =>
      ({
        id,
        seq: id,
        role: "user",
        content: id,
        createdAt: at,
        clientMessageId: null,
        authorName: null,
        sources: [],
        mode: null,
      }) as Message;
    const note = (id: string, at: string): Note => ({ id, authorName: "Bob", body: id, createdAt: at });
    const entries = timeline(
      [message("m1", "2026-01-01T10:00:00.000Z"), message("m2", "2026-01-01T10:05:00.000Z")],
      [note("n1", "2026-01-01T10:05:00.000Z"), note("n0", "2026-01-01T10:01:00.000Z")],
    );
    expect(entries.map((e) => (e.kind === "note" ? e.note.id : e.message.id))).toEqual(["m1", "n0", "m2", "n1"]);
  });
});
