// What the Inbox's pieces share: its views, its URLs, and how waiting times, customers and
// colleagues' presence are put into words.
import { useEffect, useState } from "react";
import type { InboxView } from "@support/schemas";
import { toDate } from "../../components/ui.tsx";
import type { Colleague } from "../../inbox/InboxLive.tsx";
import type { RouterOutputs } from "../../trpc.ts";

export type InboxItem = RouterOutputs["inbox"]["list"][number];
export type Conversation = RouterOutputs["inbox"]["get"];
export type Message = Conversation["messages"][number];
export type Note = Conversation["notes"][number];

export const FILTERS: Array<{ value: InboxView; label: string; empty: string }> = [
  {
    value: "waiting",
    label: "Waiting for us",
    empty: "When a customer asks for a person, the conversation appears here at once.",
  },
  {
    value: "bot",
    label: "Bot handling",
    empty: "Conversations the bot is answering on its own appear here; you can take one over.",
  },
  { value: "mine", label: "Mine", empty: "Conversations you took or were assigned appear here." },
  { value: "unassigned", label: "Unassigned", empty: "Hand-offs nobody owns yet appear here." },
  { value: "closed", label: "Closed", empty: "Resolved conversations are listed here." },
  { value: "all", label: "All", empty: "Every conversation with a message appears here." },
];
export const VIEWS = new Set<string>(FILTERS.map((f) => f.value));

/** The Inbox URL for a view, search and (optionally) an open conversation. */
export function inboxUrl(view: InboxView, search: string, conversationId: string | null = null): string {
  const q = new URLSearchParams();
  if (view !== "waiting") q.set("view", view);
  if (search) q.set("q", search);
  const qs = q.toString();
  return `/inbox${conversationId ? `/${conversationId}` : ""}${qs ? `?${qs}` : ""}`;
}

/** The current time, re-read every `ms` so "waiting 4 min" keeps counting. */
export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export function formatWaiting(since: string | Date | null, now: number): string | null {
  const d = toDate(since);
  if (!d) return null;
  const min = Math.max(0, Math.floor((now - d.getTime()) / 60_000));
  if (min < 1) return "waiting <1 min";
  if (min < 60) return `waiting ${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `waiting ${h} h${min % 60 ? ` ${min % 60} min` : ""}`;
  return `waiting ${Math.floor(h / 24)} d`;
}

export function customerName(item: {
  ticket: { customerContact: string | null } | null;
  conversationId: string;
}): string {
  return item.ticket?.customerContact ?? `Visitor ${item.conversationId.slice(0, 4).toUpperCase()}`;
}

/** "Alice is viewing" / "Alice is typing…", for colleagues with the conversation open. */
export function presenceText(colleagues: Colleague[]): string | null {
  if (colleagues.length === 0) return null;
  const typing = colleagues.filter((c) => c.state === "typing");
  if (typing.length > 0) return `${typing.map((c) => c.name).join(", ")} ${typing.length > 1 ? "are" : "is"} typing…`;
  return `${colleagues.map((c) => c.name).join(", ")} ${colleagues.length > 1 ? "are" : "is"} viewing`;
}
