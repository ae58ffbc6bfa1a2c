// Live inbox: every conversation in one place (waiting for us, with the bot, mine, unassigned,
// closed, all; filters and search in the URL), the whole conversation with a reply box, its owner,
// colleagues viewing or typing, and the ticket beside it. Everything updates from the live stream
// (see inbox/InboxLive.tsx) without a reload.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import type { InboxView } from "@support/schemas";
import { ConfirmDialog, Empty, ErrorAlert, errorText, formatDateTime, formatRelative, Loading, toDate, useDebounced, useToast } from "../components/ui.tsx";
import { Markdown } from "../components/Markdown.tsx";
import { newClientMessageId } from "@support/client";
import { PRESENCE_HEARTBEAT_MS, useInboxLive, type Colleague } from "../inbox/InboxLive.tsx";
import { askNotificationPermission, notificationPermission, useSoundMuted } from "../inbox/alerts.ts";
import { ArrowLeftIcon, BellIcon, BellOffIcon, CheckIcon, EyeIcon, FolderIcon } from "../components/icons.tsx";
import { Link, navigate, useSearchParams } from "../router.tsx";
import { trpc, type RouterOutputs } from "../trpc.ts";
import { StatusBadge } from "./TicketsPage.tsx";

type Filter = InboxView;
type Item = RouterOutputs["inbox"]["list"][number];
type Conversation = RouterOutputs["inbox"]["get"];
type Message = Conversation["messages"][number];

const FILTERS: Array<{ value: Filter; label: string; empty: string }> = [
  { value: "waiting", label: "Waiting for us", empty: "When a customer asks for a person, the conversation appears here at once." },
  { value: "bot", label: "Bot handling", empty: "Conversations the bot is answering on its own appear here; you can take one over." },
  { value: "mine", label: "Mine", empty: "Conversations you took or were assigned appear here." },
  { value: "unassigned", label: "Unassigned", empty: "Hand-offs nobody owns yet appear here." },
  { value: "closed", label: "Closed", empty: "Resolved conversations are listed here." },
  { value: "all", label: "All", empty: "Every conversation with a message appears here." },
];
const VIEWS = new Set<string>(FILTERS.map((f) => f.value));

/** The Inbox URL for a view, search and (optionally) an open conversation. */
function inboxUrl(view: Filter, search: string, conversationId: string | null = null): string {
  const q = new URLSearchParams();
  if (view !== "waiting") q.set("view", view);
  if (search) q.set("q", search);
  const qs = q.toString();
  return `/inbox${conversationId ? `/${conversationId}` : ""}${qs ? `?${qs}` : ""}`;
}

const REASON: Record<string, string> = {
  customer_request: "Customer asked for a person",
  missing_knowledge: "The bot had no answer",
  model_failure: "The bot was unavailable",
};

const CONVERSATION_STATUS: Record<Conversation["status"], string> = { bot: "With the bot", handoff: "Waiting for us", closed: "Resolved" };

/** Agent typing reaches the customer at most this often. */
const TYPING_SEND_EVERY_MS = 2_000;

/** The current time, re-read every `ms` so "waiting 4 min" keeps counting. */
function useNow(ms = 15_000): number {
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

function customerName(item: { ticket: { customerContact: string | null } | null; conversationId: string }): string {
  return item.ticket?.customerContact ?? `Visitor ${item.conversationId.slice(0, 4).toUpperCase()}`;
}


export function InboxPage({ conversationId }: { conversationId: string | null }) {
  const params = useSearchParams();
  const viewParam = params.get("view") ?? "waiting";
  const filter: Filter = VIEWS.has(viewParam) ? (viewParam as Filter) : "waiting";
  const urlSearch = params.get("q") ?? "";
  const [searchText, setSearchText] = useState(urlSearch);
  const search = useDebounced(searchText.trim(), 250);
  // Typing in the search box updates the URL (replacing, not adding history entries).
  useEffect(() => {
    if (search !== urlSearch) navigate(inboxUrl(filter, search, conversationId), { replace: true, keepScroll: true });
  }, [search]); // eslint-disable-line react-hooks/exhaustive-deps
  const list = trpc.inbox.list.useQuery({ view: filter, search: search || undefined }, { placeholderData: (prev) => prev, refetchInterval: 60_000 });
  const waiting = trpc.inbox.list.useQuery({ view: "waiting" }, { refetchInterval: 60_000 });
  const live = useInboxLive();
  const now = useNow();
  const items = list.data ?? [];
  const current = FILTERS.find((f) => f.value === filter)!;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Inbox</h1>
          <p>Every conversation: the bot's, those waiting for a person, and those you own. New messages appear as they are written.</p>
        </div>
        <div className="row wrap">
          <AlertControls />
          <span className={`live-state${live.connected ? " on" : ""}`} role="status">
            <span className="dot" aria-hidden /> {live.connected ? "Live" : "Connecting…"}
          </span>
        </div>
      </div>
      <div className={`inbox${conversationId ? " has-open" : ""}`}>
        <section className="panel inbox-list" aria-label="Conversations">
          <div className="tabs inbox-tabs" role="tablist" aria-label="Show">
            {FILTERS.map((f) => (
              <button
                key={f.value}
                role="tab"
                aria-selected={filter === f.value}
                className={filter === f.value ? "on" : ""}
                onClick={() => navigate(inboxUrl(f.value, search, conversationId), { keepScroll: true })}
              >
                {f.label}
                {f.value === "waiting" && <span className="count">{waiting.data ? waiting.data.length : "–"}</span>}
              </button>
            ))}
          </div>
          <div className="inbox-search">
            <label htmlFor="inbox-search" className="visually-hidden">
              Search conversations
            </label>
            <input
              id="inbox-search"
              type="search"
              placeholder="Search text, email or ticket #"
              value={searchText}
              maxLength={200}
              onChange={(e) => setSearchText(e.target.value)}
            />
          </div>
          <ErrorAlert error={list.error} />
          {list.isPending && <Loading />}
          {list.data && items.length === 0 && (
            <Empty icon={<CheckIcon />} title={search ? "No conversation matches" : filter === "waiting" ? "Nobody is waiting" : "No conversations here"}>
              <p>{search ? `Nothing under "${current.label}" mentions "${search}". Try "All".` : current.empty}</p>
            </Empty>
          )}
          <ul className="inbox-items">
            {items.map((item) => (
              <InboxRow
                key={item.conversationId}
                item={item}
                to={inboxUrl(filter, search, item.conversationId)}
                active={item.conversationId === conversationId}
                typing={live.typing.has(item.conversationId)}
                colleagues={live.presence.get(item.conversationId) ?? []}
                now={now}
              />
            ))}
          </ul>
        </section>
        {conversationId ? (
          <ConversationPane key={conversationId} conversationId={conversationId} backTo={inboxUrl(filter, search)} now={now} />
        ) : (
          <section className="panel inbox-placeholder" aria-label="Conversation">
            <Empty icon={<ArrowLeftIcon />} title="Choose a conversation">
              <p>Open one on the left to read it and reply. The customer sees your reply in their chat right away.</p>
            </Empty>
          </section>
        )}
      </div>
    </>
  );
}

/** Sound on/off (remembered in this browser) and desktop notifications (asked from this click only). */
function AlertControls() {
  const [muted, setMuted] = useSoundMuted();
  const [permission, setPermission] = useState(notificationPermission);
  return (
    <>
      <button className="small" aria-pressed={!muted} onClick={() => setMuted(!muted)} title={muted ? "Alert sound is off" : "Alert sound is on"}>
        {muted ? <BellOffIcon /> : <BellIcon />} {muted ? "Sound off" : "Sound on"}
      </button>
      {permission === "default" && (
        <button className="small" onClick={() => void askNotificationPermission().then(setPermission)}>
          Turn on desktop notifications
        </button>
      )}
      {permission === "denied" && <span className="faint small">Desktop notifications are blocked in this browser</span>}
    </>
  );
}

/** "Alice is viewing" / "Alice is typing…", for colleagues with the conversation open. */
function presenceText(colleagues: Colleague[]): string | null {
  if (colleagues.length === 0) return null;
  const typing = colleagues.filter((c) => c.state === "typing");
  if (typing.length > 0) return `${typing.map((c) => c.name).join(", ")} ${typing.length > 1 ? "are" : "is"} typing…`;
  return `${colleagues.map((c) => c.name).join(", ")} ${colleagues.length > 1 ? "are" : "is"} viewing`;
}

function InboxRow({ item, to, active, typing, colleagues, now }: { item: Item; to: string; active: boolean; typing: boolean; colleagues: Colleague[]; now: number }) {
  const last = item.lastMessage;
  const who = !last ? "" : last.role === "user" ? "" : last.role === "agent" ? `${last.authorName ?? "Agent"}: ` : last.role === "assistant" ? "Bot: " : "";
  const wait = item.status === "handoff" ? formatWaiting(item.waitingSince, now) : null;
  return (
    <li>
      <Link
        to={to}
        className={`inbox-item${active ? " active" : ""}${item.unread > 0 ? " unread" : ""}`}
        aria-current={active ? "page" : undefined}
        data-testid="inbox-item"
      >
        <span className="inbox-item-top">
          <strong className="inbox-name">{customerName(item)}</strong>
          <span className="faint small nowrap">{formatRelative(item.lastActivityAt)}</span>
        </span>
        <span className="inbox-preview">{typing ? <em className="typing-text">typing…</em> : last ? `${who}${last.content}` : <span className="faint">No messages yet</span>}</span>
        <span className="inbox-item-meta">
          {wait && <span className="badge waiting">{wait}</span>}
          {item.status === "closed" && <span className="badge resolved">Resolved</span>}
          {item.status === "bot" && <span className="badge conv-bot">Bot</span>}
          {item.ticket && <span className="faint small">{item.ticket.reference}</span>}
          <span className="faint small nowrap" data-testid="inbox-item-assignee">
            {item.assignee ? item.assignee.name : item.status === "handoff" ? "Unassigned" : ""}
          </span>
          {colleagues.length > 0 && (
            <span className="presence small" title={presenceText(colleagues) ?? undefined}>
              <EyeIcon /> {colleagues.length}
            </span>
          )}
          <span className="spacer" />
          {item.unread > 0 && (
            <span className="badge unread-count" aria-label={`${item.unread} unread`}>
              {item.unread}
            </span>
          )}
        </span>
      </Link>
    </li>
  );
}

/** Tells colleagues this conversation is open here while it is, and that it closed when it does. */
function usePresenceHeartbeat(conversationId: string) {
  const presence = trpc.inbox.presence.useMutation();
  const send = useRef(presence.mutate);
  send.current = presence.mutate;
  useEffect(() => {
    const beat = () => document.visibilityState === "visible" && send.current({ conversationId, state: "viewing" });
    beat();
    const timer = setInterval(beat, PRESENCE_HEARTBEAT_MS);
    document.addEventListener("visibilitychange", beat);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", beat);
      send.current({ conversationId, state: "left" });
    };
  }, [conversationId]);
}

function ConversationPane({ conversationId, backTo, now }: { conversationId: string; backTo: string; now: number }) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const live = useInboxLive();
  usePresenceHeartbeat(conversationId);
  const conversation = trpc.inbox.get.useQuery({ conversationId });
  const staffList = trpc.ticket.assignees.useQuery(undefined, { staleTime: 60_000 });
  const assign = trpc.inbox.assign.useMutation({
    onSuccess: async ({ assignee }) => {
      toast(assignee ? `Assigned to ${assignee.name}.` : "Nobody owns this conversation now.");
      await Promise.all([utils.inbox.get.invalidate({ conversationId }), utils.inbox.list.invalidate(), utils.ticket.invalidate()]);
    },
    onError: (err) => toast(errorText(err), { kind: "error" }),
  });
  const waitingList = trpc.inbox.list.useQuery({ view: "waiting" }, { refetchInterval: 60_000 });
  const waitingSince = waitingList.data?.find((i) => i.conversationId === conversationId)?.waitingSince ?? null;
  const [confirmResolve, setConfirmResolve] = useState(false);
  const markRead = trpc.inbox.markRead.useMutation({ onSuccess: () => utils.inbox.list.invalidate() });
  const handBack = trpc.inbox.handBack.useMutation({
    onSuccess: async () => {
      toast("The bot answers this customer again.");
      await Promise.all([utils.inbox.get.invalidate({ conversationId }), utils.inbox.list.invalidate()]);
    },
    onError: (err) => toast(errorText(err), { kind: "error" }),
  });
  // Taking a waiting conversation tells the customer a person joined (before the first reply).
  const take = trpc.inbox.take.useMutation({
    onSuccess: async () => {
      toast("You joined: the customer sees that a person has the conversation.");
      await Promise.all([utils.inbox.get.invalidate({ conversationId }), utils.inbox.list.invalidate(), utils.ticket.invalidate()]);
    },
    onError: async (err) => {
      toast(errorText(err), { kind: "error" });
      // Someone else took it meanwhile: show who.
      await Promise.all([utils.inbox.get.invalidate({ conversationId }), utils.inbox.list.invalidate()]);
    },
  });
  const resolve = trpc.inbox.resolve.useMutation({
    onSuccess: async () => {
      setConfirmResolve(false);
      toast("Conversation resolved.");
      await Promise.all([utils.inbox.get.invalidate({ conversationId }), utils.inbox.list.invalidate(), utils.ticket.invalidate()]);
    },
  });

  // Read on open, and again whenever the customer writes while it is open and on screen.
  const lastCustomerMessage = conversation.data?.messages.filter((m) => m.role === "user").at(-1)?.id;
  const markReadRef = useRef(markRead.mutate);
  markReadRef.current = markRead.mutate;
  useEffect(() => {
    if (!conversation.data) return;
    const read = () => document.visibilityState === "visible" && markReadRef.current({ conversationId });
    read();
    document.addEventListener("visibilitychange", read);
    return () => document.removeEventListener("visibilitychange", read);
  }, [conversationId, lastCustomerMessage, Boolean(conversation.data)]); // eslint-disable-line react-hooks/exhaustive-deps

  if (conversation.isPending) return <section className="panel inbox-placeholder"><Loading label="Opening the conversation…" /></section>;
  if (conversation.error) {
    return (
      <section className="panel panel-body inbox-placeholder">
        {conversation.error.data?.code === "NOT_FOUND" ? (
          <Empty icon={<FolderIcon size={28} />} title="Conversation not found">
            <p>
              The link may be wrong. <Link to="/inbox">Back to the inbox</Link>
            </p>
          </Empty>
        ) : (
          <ErrorAlert error={conversation.error} />
        )}
      </section>
    );
  }
  const c = conversation.data;
  const typing = live.typing.has(conversationId);
  const ticket = c.ticket;
  const name = ticket?.customerContact ?? `Visitor ${c.conversationId.slice(0, 4).toUpperCase()}`;
  const firstHandoff = c.messages.find((m) => m.role === "system");
  const colleagues = live.presence.get(conversationId) ?? [];
  const colleaguesText = presenceText(colleagues);

  return (
    <>
      <section className="panel inbox-conversation" aria-label={`Conversation with ${name}`}>
        <header className="conv-head">
          <button className="ghost small conv-back" onClick={() => navigate(backTo)} aria-label="Back to the list">
            <ArrowLeftIcon />
          </button>
          <div className="conv-title">
            <h2>{name}</h2>
            <span className={`badge conv-${c.status}`}>{CONVERSATION_STATUS[c.status]}</span>
            {c.status === "handoff" && waitingSince && <span className="faint small">{formatWaiting(waitingSince, now)}</span>}
          </div>
          <div className="actions">
            {c.status === "handoff" && c.joinedByName === null && (
              <button className="small primary" disabled={take.isPending} onClick={() => take.mutate({ conversationId })}>
                Take conversation
              </button>
            )}
            {c.status === "bot" && (
              <button className="small primary" disabled={take.isPending} onClick={() => take.mutate({ conversationId })}>
                Take over from the bot
              </button>
            )}
            <a className="button small ghost conv-ticket-link" href="#conversation-details">
              Details
            </a>
            {c.status === "handoff" && (
              <button className="small" disabled={handBack.isPending} onClick={() => handBack.mutate({ conversationId })}>
                Hand back to bot
              </button>
            )}
            {c.status !== "closed" && (
              <button className="small primary" onClick={() => setConfirmResolve(true)}>
                Resolve
              </button>
            )}
          </div>
        </header>
        <div className="conv-presence" role="status" data-testid="conv-presence">
          {colleaguesText && (
            <>
              <EyeIcon /> {colleaguesText}
            </>
          )}
        </div>
        <Thread messages={c.messages} typing={typing} />
        <ReplyBox conversationId={conversationId} status={c.status} lastSeq={c.messages.at(-1)?.seq ?? null} colleagueTyping={colleagues.some((p) => p.state === "typing")} />
      </section>
      <aside className="panel panel-body inbox-side" id="conversation-details" aria-label="Ticket and customer">
        <h3>Owner</h3>
        <label htmlFor="conv-assignee" className="visually-hidden">
          Assigned to
        </label>
        <select
          id="conv-assignee"
          value={c.assignee?.id ?? ""}
          disabled={assign.isPending || !staffList.data}
          onChange={(e) => assign.mutate({ conversationId, assigneeId: e.target.value || null })}
        >
          <option value="">Unassigned</option>
          {c.assignee && !staffList.data?.some((s) => s.id === c.assignee!.id) && <option value={c.assignee.id}>{c.assignee.name}</option>}
          {staffList.data?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <h3 style={{ marginTop: 16 }}>Ticket</h3>
        {ticket ? (
          <dl className="kv">
            <dt>Ticket</dt>
            <dd>
              <Link to={`/tickets/${ticket.id}`}>{ticket.reference}</Link> <StatusBadge status={ticket.status as "open" | "in_progress" | "resolved"} />
            </dd>
            <dt>Issue</dt>
            <dd>{ticket.issueSummary}</dd>
            <dt>Assignee</dt>
            <dd>{ticket.assignee ?? <span className="muted">Nobody</span>}</dd>
            <dt>Contact</dt>
            <dd>
              {ticket.customerContact ? (
                <a href={`mailto:${ticket.customerContact}?subject=${encodeURIComponent(`Your request ${ticket.reference}`)}`}>{ticket.customerContact}</a>
              ) : (
                <span className="muted">Not given: reply here</span>
              )}
            </dd>
          </dl>
        ) : (
          <p className="muted">No ticket: a person joined this conversation without one.</p>
        )}
        <dl className="kv" style={{ marginTop: 12 }}>
          {/* Without a ticket nobody asked for a person: staff took it over from the bot. */}
          {c.handoffReason && ticket && (
            <>
              <dt>Why</dt>
              <dd>{REASON[c.handoffReason] ?? c.handoffReason}</dd>
            </>
          )}
          {c.status === "handoff" && (
            <>
              <dt>Person</dt>
              <dd>{c.joinedByName ?? <span className="muted">Nobody has joined yet: the customer is waiting</span>}</dd>
            </>
          )}
          <dt>Started</dt>
          <dd>{formatDateTime(c.messages[0]?.createdAt ?? firstHandoff?.createdAt ?? c.customer.startedAt)}</dd>
          <dt>Site</dt>
          <dd className="break">{c.customer.origin ?? <span className="muted">Not known</span>}</dd>
          <dt>Browser</dt>
          <dd>{browserName(c.customer.userAgent) ?? <span className="muted">Not known</span>}</dd>
          <dt>Messages</dt>
          <dd>{c.messages.filter((m) => m.role !== "system").length}</dd>
          {c.status === "handoff" && (
            <>
              <dt>Last activity</dt>
              <dd>{formatRelative(c.messages.at(-1)?.createdAt)}</dd>
            </>
          )}
        </dl>
        <p className="hint" style={{ marginTop: 12 }}>
          The customer sees your first name and your replies in their chat at once.
        </p>
      </aside>
      {confirmResolve && (
        <ConfirmDialog
          title="Resolve this conversation?"
          confirmLabel="Resolve"
          busy={resolve.isPending}
          error={resolve.error}
          onCancel={() => setConfirmResolve(false)}
          onConfirm={() => resolve.mutate({ conversationId })}
        >
          <p>
            The customer sees that it was resolved{ticket && ticket.status !== "resolved" ? `, and ticket ${ticket.reference} is marked resolved` : ""}. If they write
            again, the assistant answers.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

const WHO: Record<Message["role"], string> = { user: "Customer", assistant: "Bot", agent: "Agent", system: "" };

function Thread({ messages, typing }: { messages: Message[]; typing: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [messages.length, typing]);
  return (
    <div
      className="conv-thread"
      ref={ref}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
      }}
    >
      {/* role=log: screen readers announce messages added at the end, not the whole thread. */}
      <div className="thread" role="log" aria-live="polite" aria-label="Messages">
        {messages.map((m) => (
          <div key={m.id} className={`msg ${m.role}`} data-testid={`msg-${m.role}`}>
            {m.role !== "system" && (
              <span className="meta">
                {m.role === "agent" && m.authorName ? m.authorName : WHO[m.role]} · <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
              </span>
            )}
            <div className="bubble">{m.role === "assistant" || m.role === "agent" ? <Markdown text={m.content} /> : m.content}</div>
            {m.role === "assistant" && m.sources.length > 0 && <span className="meta">From FAQ: {m.sources.map((s) => s.question).join(" · ")}</span>}
          </div>
        ))}
      </div>
      <div className="customer-typing" role="status">
        {typing && (
          <>
            <span className="dots" aria-hidden>
              <i />
              <i />
              <i />
            </span>{" "}
            Customer is typing…
          </>
        )}
      </div>
    </div>
  );
}

const BROWSERS: Array<[name: string, pattern: RegExp]> = [
  ["Edge", /Edg\/(\d+)/],
  ["Firefox", /Firefox\/(\d+)/],
  ["Chrome", /Chrome\/(\d+)/],
  ["Safari", /Version\/(\d+)[^ ]* .*Safari/],
];
const SYSTEMS: Array<[name: string, pattern: RegExp]> = [
  ["Android", /Android/],
  ["iOS", /iPhone|iPad/],
  ["Windows", /Windows/],
  ["macOS", /Mac OS X/],
  ["Linux", /Linux/],
];

/** A short "Chrome 131 on Windows" from a user-agent string; null when it says nothing recognisable. */
export function browserName(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = BROWSERS.map(([name, re]) => [name, re.exec(userAgent)?.[1]] as const).find(([, v]) => v !== undefined);
  const os = SYSTEMS.find(([, re]) => re.test(userAgent))?.[0];
  const parts = [browser ? `${browser[0]} ${browser[1]}` : null, os ?? null].filter(Boolean);
  return parts.length ? parts.join(" on ") : null;
}

function ReplyBox({
  conversationId,
  status,
  lastSeq,
  colleagueTyping,
}: {
  conversationId: string;
  status: Conversation["status"];
  /** The newest message this agent has on screen: a colleague's reply after it makes the server refuse ours. */
  lastSeq: string | null;
  colleagueTyping: boolean;
}) {
  const utils = trpc.useUtils();
  const [text, setText] = useState("");
  // A failed send keeps its id: sending the same text again cannot post it twice.
  const pending = useRef<{ clientMessageId: string; text: string } | null>(null);
  const lastTyping = useRef(0);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const typingSignal = trpc.inbox.typing.useMutation();
  const reply = trpc.inbox.reply.useMutation({
    // A colleague replied first: their reply is loaded into the thread; ours stays in the box.
    onError: (err) => {
      if (err.data?.code === "CONFLICT") void utils.inbox.get.invalidate({ conversationId });
    },
    onSuccess: (message) => {
      pending.current = null;
      setText((t) => (t.trim() === message.content ? "" : t));
      utils.inbox.get.setData({ conversationId }, (old) => (old && !old.messages.some((m) => m.id === message.id) ? { ...old, messages: [...old.messages, message] } : old));
      // Replying starts work on the ticket and may take the conversation from the bot.
      void utils.inbox.get.invalidate({ conversationId });
      void utils.inbox.list.invalidate();
    },
  });

  useEffect(() => {
    inputRef.current?.focus();
  }, [conversationId]);

  const send = () => {
    const body = text.trim();
    if (!body || reply.isPending) return;
    const clientMessageId = pending.current?.text === body ? pending.current.clientMessageId : newClientMessageId();
    pending.current = { clientMessageId, text: body };
    reply.mutate({ conversationId, clientMessageId, text: body, ...(lastSeq ? { lastSeenSeq: lastSeq } : {}) });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };
  const onChange = (value: string) => {
    setText(value);
    const now = Date.now();
    if (value.trim() && now - lastTyping.current >= TYPING_SEND_EVERY_MS) {
      lastTyping.current = now;
      typingSignal.mutate({ conversationId });
    }
  };

  return (
    <form
      className="reply-box"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {colleagueTyping && <p className="hint">A colleague is typing a reply here too.</p>}
      {reply.error && (
        <div className="alert error row" role="alert">
          <span>Not sent: {errorText(reply.error)}{reply.error.data?.code === "CONFLICT" ? " Their reply is now in the thread above." : ""}</span>
          <span className="spacer" />
          <button type="submit" className="small">
            Retry
          </button>
        </div>
      )}
      <label htmlFor="reply-input" className="visually-hidden">
        Reply to the customer
      </label>
      <textarea
        id="reply-input"
        ref={inputRef}
        rows={3}
        value={text}
        maxLength={4000}
        placeholder={status === "handoff" ? "Write a reply…" : status === "bot" ? "Reply to take over from the bot…" : "Reply to reopen the conversation…"}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="row">
        <span className="hint">
          <kbd>Enter</kbd> sends · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line
        </span>
        <span className="spacer" />
        <button type="submit" className="primary" disabled={!text.trim() || reply.isPending}>
          {reply.isPending ? "Sending…" : "Send"}
        </button>
      </div>
    </form>
  );
}
