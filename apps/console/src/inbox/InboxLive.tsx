// One live.inbox stream for the whole console: new messages go straight into the open
// conversation's cache, the inbox lists refetch when something they show changes, and customer
// typing is kept for a few seconds. After a reconnect everything inbox-related is read again
// (status changes and typing are not replayed; messages are).
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { InboxEvent } from "@support/schemas";
import { trpc } from "../trpc.ts";

/** "Customer is typing…" disappears this long after the last typing signal. */
const TYPING_SHOWN_MS = 4_000;
/** Bursts of events refetch a list once. */
const LIST_REFETCH_DELAY_MS = 300;

type InboxLive = {
  /** Conversations whose customer is typing right now. */
  typing: ReadonlySet<string>;
  /** False while the stream is (re)connecting: the page says updates may be late. */
  connected: boolean;
};

const InboxLiveContext = createContext<InboxLive>({ typing: new Set(), connected: false });

export function useInboxLive(): InboxLive {
  return useContext(InboxLiveContext);
}

/** Stream events arrive as `{ id, data }` when they carry a resume cursor, else as themselves. */
function eventOf(raw: unknown): InboxEvent {
  const r = raw as { type?: unknown; data?: unknown };
  return (typeof r.type === "string" ? r : r.data) as InboxEvent;
}

export function InboxLiveProvider({ children }: { children: ReactNode }) {
  const utils = trpc.useUtils();
  const [typing, setTyping] = useState<ReadonlySet<string>>(new Set());
  const typingTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const listTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const starts = useRef(0);

  useEffect(() => {
    const timers = typingTimers.current;
    return () => {
      for (const t of timers.values()) clearTimeout(t);
      if (listTimer.current) clearTimeout(listTimer.current);
    };
  }, []);

  const refetchLists = () => {
    if (listTimer.current) return;
    listTimer.current = setTimeout(() => {
      listTimer.current = null;
      void utils.inbox.list.invalidate();
    }, LIST_REFETCH_DELAY_MS);
  };

  /** Whether any cached inbox list shows this conversation (bot-only chats don't concern it). */
  const listed = (conversationId: string) =>
    (["handoff", "closed", "all"] as const).some((status) => utils.inbox.list.getData({ status })?.some((i) => i.conversationId === conversationId));

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
        if (event.message.role === "user") stopTyping(conversationId);
        utils.inbox.get.setData({ conversationId }, (old) =>
          old && !old.messages.some((m) => m.id === event.message.id) ? { ...old, messages: [...old.messages, event.message] } : old,
        );
        if (listed(conversationId)) refetchLists();
      } else if (event.type === "status") {
        utils.inbox.get.setData({ conversationId }, (old) => (old ? { ...old, status: event.status, joinedByName: event.joinedBy ?? null } : old));
        // The ticket may have changed with it (resolved, in progress).
        void utils.inbox.get.invalidate({ conversationId });
        refetchLists();
      } else if (event.type === "typing") {
        clearTimeout(typingTimers.current.get(conversationId));
        typingTimers.current.set(
          conversationId,
          setTimeout(() => stopTyping(conversationId), TYPING_SHOWN_MS),
        );
        setTyping((t) => (t.has(conversationId) ? t : new Set(t).add(conversationId)));
      }
    },
  });
  const connected = stream.status === "pending";

  const value = useMemo(() => ({ typing, connected }), [typing, connected]);
  return <InboxLiveContext.Provider value={value}>{children}</InboxLiveContext.Provider>;
}
