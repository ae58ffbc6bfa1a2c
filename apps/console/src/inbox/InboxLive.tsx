// One live.inbox stream for the whole console: new messages go straight into the open
// conversation's cache, the inbox lists refetch when something they show changes, customer typing
// and colleagues' presence are kept for a few seconds, and a customer who needs this agent raises
// an alert (tone, desktop notification, count in the tab title). After a reconnect everything
// inbox-related is read again (status changes, typing and presence are not replayed; messages are).
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { InboxEvent } from "@support/schemas";
import { navigate } from "../navigation.ts";
import { trpc } from "../trpc.ts";
import { notify, playAlertTone } from "./alerts.ts";

/** "Customer is typing…" disappears this long after the last typing signal. */
const TYPING_SHOWN_MS = 4_000;
/** A colleague's "viewing" lasts this long after their last heartbeat (they send one every PRESENCE_HEARTBEAT_MS). */
export const PRESENCE_HEARTBEAT_MS = 10_000;
const VIEWING_SHOWN_MS = 3 * PRESENCE_HEARTBEAT_MS;
/** Bursts of events refetch a list once. */
const LIST_REFETCH_DELAY_MS = 300;
const BASE_TITLE = "Support console";

export type Colleague = { staffId: string; name: string; state: "viewing" | "typing" };

type InboxLive = {
  /** Conversations whose customer is typing right now. */
  typing: ReadonlySet<string>;
  /** Colleagues with a conversation open, by conversation id. */
  presence: ReadonlyMap<string, Colleague[]>;
  /** False while the stream is (re)connecting: the page says updates may be late. */
  connected: boolean;
  /** Conversations needing this agent: nobody has taken them, or theirs with unread customer messages. */
  attention: number;
};

const InboxLiveContext = createContext<InboxLive>({
  typing: new Set(),
  presence: new Map(),
  connected: false,
  attention: 0,
});

export function useInboxLive(): InboxLive {
  return useContext(InboxLiveContext);
}

/** Stream events arrive as `{ id, data }` when they carry a resume cursor, else as themselves. */
function eventOf(raw: unknown): InboxEvent {
  const r = raw as { type?: unknown; data?: unknown };
  return (typeof r.type === "string" ? r : r.data) as InboxEvent;
}

type PresenceEntry = { name: string; viewingUntil: number; typingUntil: number };

export function InboxLiveProvider({ meId, children }: { meId: string; children: ReactNode }) {
  const utils = trpc.useUtils();
  const [typing, setTyping] = useState<ReadonlySet<string>>(new Set());
  const typingTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const listTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const starts = useRef(0);
  // conversationId -> staffId -> entry; pruned by a timer while anyone is present.
  const presenceRef = useRef(new Map<string, Map<string, PresenceEntry>>());
  const [presenceVersion, setPresenceVersion] = useState(0);

  // Kept current by the stream: what the title count and alerts are computed from.
  const waiting = trpc.inbox.list.useQuery({ view: "waiting" }, { refetchInterval: 60_000 });
  const mine = trpc.inbox.list.useQuery({ view: "mine" }, { refetchInterval: 60_000 });
  const attention = useMemo(() => {
    const ids = new Set<string>();
    for (const i of waiting.data ?? []) if (i.assignee === null) ids.add(i.conversationId);
    for (const i of mine.data ?? []) if (i.unread > 0) ids.add(i.conversationId);
    return ids.size;
  }, [waiting.data, mine.data]);

  useEffect(() => {
    document.title = attention > 0 ? `(${attention}) ${BASE_TITLE}` : BASE_TITLE;
  }, [attention]);
  useEffect(() => () => void (document.title = BASE_TITLE), []);

  useEffect(() => {
    const timers = typingTimers.current;
    return () => {
      for (const t of timers.values()) clearTimeout(t);
      if (listTimer.current) clearTimeout(listTimer.current);
    };
  }, []);

  useEffect(() => {
    const prune = setInterval(() => {
      const now = Date.now();
      let changed = false;
      for (const [conversationId, people] of presenceRef.current) {
        for (const [staffId, p] of people) {
          if (p.viewingUntil < now && p.typingUntil < now) {
            people.delete(staffId);
            changed = true;
          } else if (p.typingUntil !== 0 && p.typingUntil < now) {
            p.typingUntil = 0;
            changed = true;
          }
        }
        if (people.size === 0) presenceRef.current.delete(conversationId);
      }
      if (changed) setPresenceVersion((v) => v + 1);
    }, 1_000);
    return () => clearInterval(prune);
  }, []);

  const refetchLists = () => {
    if (listTimer.current) return;
    listTimer.current = setTimeout(() => {
      listTimer.current = null;
      void utils.inbox.list.invalidate();
    }, LIST_REFETCH_DELAY_MS);
  };

  /** Whether this agent owns the conversation, as far as the cached lists and conversation say. */
  const isMine = (conversationId: string) =>
    utils.inbox.get.getData({ conversationId })?.assignee?.id === meId ||
    Boolean(utils.inbox.list.getData({ view: "mine" })?.some((i) => i.conversationId === conversationId));

  /** The agent is looking at this conversation right now: no alert needed. */
  const onScreen = (conversationId: string) =>
    document.visibilityState === "visible" && window.location.pathname.endsWith(`/inbox/${conversationId}`);

  const alert = (conversationId: string, title: string, body: string) => {
    if (onScreen(conversationId)) return;
    playAlertTone();
    notify(title, body, () => navigate(`/inbox/${conversationId}`));
  };

  const stopTyping = (conversationId: string) => {
    clearTimeout(typingTimers.current.get(conversationId));
    typingTimers.current.delete(conversationId);
    setTyping((t) => {
      if (!t.has(conversationId)) return t;
      const next = new Set(t);
      next.delete(conversationId);
      return next;
    });
  };

  const stream = trpc.live.inbox.useSubscription(undefined, {
    onStarted: () => {
      starts.current += 1;
      if (starts.current > 1) void utils.inbox.invalidate();
    },
    onData: (raw) => {
      const event = eventOf(raw);
      if (event.type === "resync") {
        void utils.inbox.invalidate();
        return;
      }
      const { conversationId } = event;
      if (event.type === "message") {
        if (event.message.role === "user") {
          stopTyping(conversationId);
          if (isMine(conversationId))
            alert(conversationId, "New message from your customer", event.message.content.slice(0, 140));
        }
        utils.inbox.get.setData({ conversationId }, (old) =>
          old && !old.messages.some((m) => m.id === event.message.id)
            ? { ...old, messages: [...old.messages, event.message] }
            : old,
        );
        refetchLists();
      } else if (event.type === "status") {
        utils.inbox.get.setData({ conversationId }, (old) =>
          old ? { ...old, status: event.status, joinedByName: event.joinedBy ?? null } : old,
        );
        // A hand-off nobody has joined yet: a customer is waiting for a person.
        if (event.status === "handoff" && event.joinedBy === null)
          alert(conversationId, "A customer is waiting for a person", "Open the Inbox to take the conversation.");
        // The ticket and owner may have changed with it (resolved, in progress, taken).
        void utils.inbox.get.invalidate({ conversationId });
        refetchLists();
      } else if (event.type === "changed") {
        void utils.inbox.get.invalidate({ conversationId });
        void utils.ticket.invalidate();
        refetchLists();
      } else if (event.type === "typing") {
        clearTimeout(typingTimers.current.get(conversationId));
        typingTimers.current.set(
          conversationId,
          setTimeout(() => stopTyping(conversationId), TYPING_SHOWN_MS),
        );
        setTyping((t) => (t.has(conversationId) ? t : new Set(t).add(conversationId)));
      } else if (event.type === "presence") {
        const people = presenceRef.current.get(conversationId) ?? new Map<string, PresenceEntry>();
        presenceRef.current.set(conversationId, people);
        if (event.state === "left") people.delete(event.staffId);
        else {
          const now = Date.now();
          const p = people.get(event.staffId) ?? { name: event.name, viewingUntil: 0, typingUntil: 0 };
          // Typing implies viewing.
          p.viewingUntil = now + VIEWING_SHOWN_MS;
          if (event.state === "typing") p.typingUntil = now + TYPING_SHOWN_MS;
          people.set(event.staffId, p);
        }
        setPresenceVersion((v) => v + 1);
      }
    },
  });
  const connected = stream.status === "pending";

  const presence = useMemo(() => {
    void presenceVersion;
    const out = new Map<string, Colleague[]>();
    for (const [conversationId, people] of presenceRef.current) {
      out.set(
        conversationId,
        [...people].map(([staffId, p]) => ({
          staffId,
          name: p.name,
          state: p.typingUntil > 0 ? ("typing" as const) : ("viewing" as const),
        })),
      );
    }
    return out;
  }, [presenceVersion]);

  const value = useMemo(() => ({ typing, presence, connected, attention }), [typing, presence, connected, attention]);
  return <InboxLiveContext.Provider value={value}>{children}</InboxLiveContext.Provider>;
}
