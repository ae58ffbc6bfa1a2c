// Live inbox: conversations a person has (newest activity first, unread counts, how long the
// customer has waited), the whole conversation with a reply box, and the ticket beside it.
// Everything updates from the live stream (see inbox/InboxLive.tsx) without a reload.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { ConfirmDialog, Empty, ErrorAlert, errorText, formatDateTime, formatRelative, Loading, toDate, useToast } from "../components/ui.tsx";
import { newClientMessageId } from "@support/client";
import { useInboxLive } from "../inbox/InboxLive.tsx";
import { Link, navigate } from "../router.tsx";
import { trpc, type RouterOutputs } from "../trpc.ts";
import { StatusBadge } from "./TicketsPage.tsx";

type Filter = "handoff" | "closed" | "all";
type Item = RouterOutputs["inbox"]["list"][number];
type Conversation = RouterOutputs["inbox"]["get"];
type Message = Conversation["messages"][number];

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: "handoff", label: "Waiting" },
  { value: "closed", label: "Closed" },
  { value: "all", label: "All" },
];

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
  const [filter, setFilter] = useState<Filter>("handoff");
  const list = trpc.inbox.list.useQuery({ status: filter }, { placeholderData: (prev) => prev, refetchInterval: 60_000 });
  const waiting = trpc.inbox.list.useQuery({ status: "handoff" }, { refetchInterval: 60_000 });
  const live = useInboxLive();
  const now = useNow();
  const items = list.data ?? [];

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Inbox</h1>
          <p>Conversations a person is handling. New messages appear here as they are written.</p>
        </div>
        <span className={`live-state${live.connected ? " on" : ""}`} role="status">
          <span className="dot" aria-hidden /> {live.connected ? "Live" : "Connecting…"}
        </span>
      </div>
      <div className={`inbox${conversationId ? " has-open" : ""}`}>
        <section className="panel inbox-list" aria-label="Conversations">
          <div className="tabs" role="tablist" aria-label="Show">
            {FILTERS.map((f) => (
              <button key={f.value} role="tab" aria-selected={filter === f.value} className={filter === f.value ? "on" : ""} onClick={() => setFilter(f.value)}>
                {f.label}
                {f.value === "handoff" && <span className="count">{waiting.data ? waiting.data.length : "–"}</span>}
              </button>
            ))}
          </div>
          <ErrorAlert error={list.error} />
          {list.isPending && <Loading />}
          {list.data && items.length === 0 && (
            <Empty icon="✓" title={filter === "handoff" ? "Nobody is waiting" : "No conversations here"}>
              <p>{filter === "handoff" ? "When a customer asks for a person, the conversation appears here at once." : "Resolved conversations are listed under Closed."}</p>
            </Empty>
          )}
          <ul className="inbox-items">
            {items.map((item) => (
              <InboxRow key={item.conversationId} item={item} active={item.conversationId === conversationId} typing={live.typing.has(item.conversationId)} now={now} />
            ))}
          </ul>
        </section>
        {conversationId ? (
          <ConversationPane key={conversationId} conversationId={conversationId} now={now} />
        ) : (
          <section className="panel inbox-placeholder" aria-label="Conversation">
            <Empty icon="←" title="Choose a conversation">
              <p>Open one on the left to read it and reply. The customer sees your reply in their chat right away.</p>
            </Empty>
          </section>
        )}
      </div>
    </>
  );
}

function InboxRow({ item, active, typing, now }: { item: Item; active: boolean; typing: boolean; now: number }) {
  const last = item.lastMessage;
  const who = !last ? "" : last.role === "user" ? "" : last.role === "agent" ? `${last.authorName ?? "Agent"}: ` : last.role === "assistant" ? "Bot: " : "";
  const wait = item.status === "handoff" ? formatWaiting(item.waitingSince, now) : null;
  return (
    <li>
      <Link
        to={`/inbox/${item.conversationId}`}
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
          {item.ticket && <span className="faint small">{item.ticket.reference}</span>}
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

function ConversationPane({ conversationId, now }: { conversationId: string; now: number }) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const live = useInboxLive();
  const conversation = trpc.inbox.get.useQuery({ conversationId });
  const waitingList = trpc.inbox.list.useQuery({ status: "handoff" }, { refetchInterval: 60_000 });
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
    onError: (err) => toast(errorText(err), { kind: "error" }),
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
          <Empty icon="🗂️" title="Conversation not found">
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

  return (
    <>
      <section className="panel inbox-conversation" aria-label={`Conversation with ${name}`}>
        <header className="conv-head">
          <button className="ghost small conv-back" onClick={() => navigate("/inbox")} aria-label="Back to the list">
            ←
          </button>
          <div className="conv-title">
            <h2>{name}</h2>
            <span className={`badge conv-${c.status}`}>{CONVERSATION_STATUS[c.status]}</span>
            {c.status === "handoff" && waitingSince && <span className="faint small">{formatWaiting(waitingSince, now)}</span>}
          </div>
          <div className="actions">
            {c.status === "handoff" && c.joinedByName === null && (
              <button className="small" disabled={take.isPending} onClick={() => take.mutate({ conversationId })}>
                Take conversation
              </button>
            )}
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
        <Thread messages={c.messages} typing={typing} />
        <ReplyBox conversationId={conversationId} status={c.status} />
      </section>
      <aside className="panel panel-body inbox-side" aria-label="Ticket">
        <h3>Ticket</h3>
        {ticket ? (
          <dl className="kv">
            <dt>Ticket</dt>
            <dd>
              <Link to={`/tickets/${ticket.id}`}>{ticket.reference}</Link> <StatusBadge status={ticket.status as "open" | "in_progress" | "resolved"} />
            </dd>
            <dt>Issue</dt>
            <dd>{ticket.issueSummary}</dd>
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
          {c.handoffReason && (
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
          <dd>{formatDateTime(c.messages[0]?.createdAt ?? firstHandoff?.createdAt)}</dd>
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
            <div className="bubble">{m.content}</div>
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

function ReplyBox({ conversationId, status }: { conversationId: string; status: Conversation["status"] }) {
  const utils = trpc.useUtils();
  const [text, setText] = useState("");
  // A failed send keeps its id: sending the same text again cannot post it twice.
  const pending = useRef<{ clientMessageId: string; text: string } | null>(null);
  const lastTyping = useRef(0);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const typingSignal = trpc.inbox.typing.useMutation();
  const reply = trpc.inbox.reply.useMutation({
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
    reply.mutate({ conversationId, clientMessageId, text: body });
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
      {reply.error && (
        <div className="alert error row" role="alert">
          <span>Not sent: {errorText(reply.error)}</span>
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
