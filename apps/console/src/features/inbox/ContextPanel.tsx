// Beside the thread: who owns the conversation, its ticket, and the customer's context: the page
// the chat started on, their browser and local time, and other conversations from that browser.
import { errorText, formatDateTime, formatRelative, useToast } from "../../components/ui.tsx";
import { Link } from "wouter";
import { trpc } from "../../trpc.ts";
import { StatusBadge } from "../tickets/ticket-status.tsx";
import type { Conversation } from "./inbox-format.ts";

const REASON: Record<string, string> = {
  customer_request: "Customer asked for a person",
  missing_knowledge: "The bot had no answer",
  model_failure: "The bot was unavailable",
};

const STATUS_WORD: Record<Conversation["status"], string> = {
  bot: "with the bot",
  handoff: "with staff",
  closed: "resolved",
};

/** "14:05 (Europe/Berlin)": the customer's clock now, from the zone their browser reported. */
export function customerLocalTime(timeZone: string, now: number): string {
  try {
    const time = new Intl.DateTimeFormat(undefined, {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    }).format(now);
    return `${time} (${timeZone})`;
  } catch {
    return timeZone;
  }
}

export function ContextPanel({ conversation: c, now }: { conversation: Conversation; now: number }) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const conversationId = c.conversationId;
  const staffList = trpc.ticket.assignees.useQuery(undefined, { staleTime: 60_000 });
  const assign = trpc.inbox.assign.useMutation({
    onSuccess: async ({ assignee }) => {
      toast(assignee ? `Assigned to ${assignee.name}.` : "Nobody owns this conversation now.");
      await Promise.all([
        utils.inbox.get.invalidate({ conversationId }),
        utils.inbox.list.invalidate(),
        utils.ticket.invalidate(),
      ]);
    },
    onError: (err) => toast(errorText(err), { kind: "error" }),
  });
  const ticket = c.ticket;
  const customer = c.customer;
  const firstHandoff = c.messages.find((m) => m.role === "system");

  // Erasure removed what the widget reported: say so rather than "not known".
  const notKnown = <span className="muted">{c.erasedAt ? "Erased" : "Not known"}</span>;
  return (
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
        {c.assignee && !staffList.data?.some((s) => s.id === c.assignee!.id) && (
          <option value={c.assignee.id}>{c.assignee.name}</option>
        )}
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
            <Link to={`/tickets/${ticket.id}`}>{ticket.reference}</Link>{" "}
            <StatusBadge status={ticket.status as "open" | "in_progress" | "resolved"} />
          </dd>
          <dt>Issue</dt>
          <dd>{c.erasedAt && !ticket.issueSummary ? <span className="muted">Erased</span> : ticket.issueSummary}</dd>
          <dt>Assignee</dt>
          <dd>{ticket.assignee ?? <span className="muted">Nobody</span>}</dd>
          <dt>Contact</dt>
          <dd>
            {ticket.customerContact ? (
              <a
                href={`mailto:${ticket.customerContact}?subject=${encodeURIComponent(`Your request ${ticket.reference}`)}`}
              >
                {ticket.customerContact}
              </a>
            ) : c.erasedAt ? (
              <span className="muted">Erased</span>
            ) : (
              <span className="muted">Not given: reply here</span>
            )}
          </dd>
        </dl>
      ) : (
        <p className="muted">No ticket: a person joined this conversation without one.</p>
      )}
      <h3 style={{ marginTop: 16 }}>Customer</h3>
      <dl className="kv" data-testid="customer-context">
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
        <dd>{formatDateTime(c.messages[0]?.createdAt ?? firstHandoff?.createdAt ?? customer.startedAt)}</dd>
        <dt>Page</dt>
        <dd className="break">
          {customer.pageUrl ? (
            <a href={customer.pageUrl} target="_blank" rel="noopener noreferrer" data-testid="customer-page">
              {customer.pageUrl}
            </a>
          ) : (
            (customer.origin ?? notKnown)
          )}
        </dd>
        <dt>Browser</dt>
        <dd title={customer.userAgent ?? undefined}>
          {customer.browser ?? notKnown}
          {customer.device && customer.device !== "desktop" ? ` (${customer.device})` : ""}
        </dd>
        <dt>Local time</dt>
        <dd>{customer.timeZone ? customerLocalTime(customer.timeZone, now) : notKnown}</dd>
        <dt>Messages</dt>
        <dd>{c.messages.filter((m) => m.role !== "system").length}</dd>
        {c.status === "handoff" && (
          <>
            <dt>Last activity</dt>
            <dd>{formatRelative(c.messages.at(-1)?.createdAt)}</dd>
          </>
        )}
      </dl>
      <h3 style={{ marginTop: 16 }}>Other conversations from this browser</h3>
      {customer.otherConversations.length === 0 ? (
        <p className="muted">
          {customer.browserKnown
            ? "None."
            : c.erasedAt
              ? "Not known: the browser's id was erased with the conversation's data."
              : "Not known: the chat did not identify its browser."}
        </p>
      ) : (
        <ul className="other-conversations">
          {customer.otherConversations.map((o) => (
            <li key={o.conversationId}>
              <Link to={`/inbox/${o.conversationId}?view=all`}>{formatDateTime(o.startedAt)}</Link>{" "}
              <span className="faint small">
                {STATUS_WORD[o.status]}
                {o.ticketReference ? ` · ${o.ticketReference}` : ""}
              </span>
              {o.firstMessage && <span className="other-first-message">“{o.firstMessage}”</span>}
            </li>
          ))}
        </ul>
      )}
      {!c.erasedAt && (
        <p className="hint" style={{ marginTop: 12 }}>
          The customer sees your first name and your replies in their chat at once, never your internal notes.
        </p>
      )}
    </aside>
  );
}
