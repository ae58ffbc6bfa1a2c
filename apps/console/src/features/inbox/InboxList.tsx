// The left column of the Inbox: view tabs, search, and one row per conversation with its last
// message, wait, owner, unread count and colleagues looking at it.
import type { InboxView } from "@support/schemas";
import { Empty, ErrorAlert, formatRelative, Loading } from "../../components/ui.tsx";
import { CheckIcon, EyeIcon } from "../../components/icons.tsx";
import { useInboxLive, type Colleague } from "../../inbox/InboxLive.tsx";
import { Link } from "wouter";
import { navigate } from "../../navigation.ts";
import { trpc } from "../../trpc.ts";
import { customerName, FILTERS, formatWaiting, inboxUrl, presenceText, type InboxItem } from "./inbox-format.ts";

export function InboxList({
  filter,
  search,
  searchText,
  onSearchText,
  conversationId,
  now,
}: {
  filter: InboxView;
  search: string;
  searchText: string;
  onSearchText: (text: string) => void;
  conversationId: string | null;
  now: number;
}) {
  const list = trpc.inbox.list.useQuery(
    { view: filter, search: search || undefined },
    { placeholderData: (prev) => prev, refetchInterval: 60_000 },
  );
  const waiting = trpc.inbox.list.useQuery({ view: "waiting" }, { refetchInterval: 60_000 });
  const live = useInboxLive();
  const items = list.data ?? [];
  const current = FILTERS.find((f) => f.value === filter)!;
  return (
    <section className="panel inbox-list" aria-label="Conversations">
      <div className="tabs inbox-tabs" role="tablist" aria-label="Show">
        {FILTERS.map((f) => (
          <button
            key={f.value}
            role="tab"
            aria-selected={filter === f.value}
            className={filter === f.value ? "on" : ""}
            onClick={() => navigate(inboxUrl(f.value, search, conversationId))}
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
          onChange={(e) => onSearchText(e.target.value)}
        />
      </div>
      <ErrorAlert error={list.error} />
      {list.isPending && <Loading />}
      {list.data && items.length === 0 && (
        <Empty
          icon={<CheckIcon />}
          title={
            search ? "No conversation matches" : filter === "waiting" ? "Nobody is waiting" : "No conversations here"
          }
        >
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
  );
}

function InboxRow({
  item,
  to,
  active,
  typing,
  colleagues,
  now,
}: {
  item: InboxItem;
  to: string;
  active: boolean;
  typing: boolean;
  colleagues: Colleague[];
  now: number;
}) {
  const last = item.lastMessage;
  const who = !last
    ? ""
    : last.role === "user"
      ? ""
      : last.role === "agent"
        ? `${last.authorName ?? "Agent"}: `
        : last.role === "assistant"
          ? "Bot: "
          : "";
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
        <span className="inbox-preview">
          {typing ? (
            <em className="typing-text">typing…</em>
          ) : last && item.erasedAt && last.content === "" ? (
            <span className="faint">Data erased</span>
          ) : last ? (
            `${who}${last.content}`
          ) : (
            <span className="faint">No messages yet</span>
          )}
        </span>
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
