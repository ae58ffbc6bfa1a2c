// One ticket: the customer's conversation as a readable thread, the issue and contact, status
// changes, assignment and internal notes.
import { Markdown } from "../components/Markdown.tsx";
import { FolderIcon } from "../components/icons.tsx";
import { useState, type FormEvent } from "react";
import { Empty, ErrorAlert, formatDateTime, Loading, useToast } from "../components/ui.tsx";
import { Link } from "wouter";
import { useUnsavedChanges } from "../navigation.ts";
import { trpc, type RouterOutputs } from "../trpc.ts";
import type { Me } from "../me.ts";
import { STATUS_LABEL, StatusBadge } from "./TicketsPage.tsx";

type Ticket = RouterOutputs["ticket"]["get"];
type Status = Ticket["status"];

const ACTION_LABEL: Record<Status, string> = {
  open: "Reopen",
  in_progress: "Start working",
  resolved: "Mark resolved",
};
const WHO: Record<Ticket["snapshot"][number]["role"], string> = {
  user: "Customer",
  assistant: "Bot",
  agent: "Agent",
  system: "Notice",
};

export function TicketPage({ id, me }: { id: string; me: Me }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const ticket = trpc.ticket.get.useQuery({ id });
  const assignees = trpc.ticket.assignees.useQuery();
  const refresh = () => Promise.all([utils.ticket.get.invalidate({ id }), utils.ticket.list.invalidate()]);
  const setStatus = trpc.ticket.setStatus.useMutation({
    onSuccess: async (t) => {
      toast(`${t.reference} is now ${STATUS_LABEL[t.status].toLowerCase()}.`);
      await refresh();
    },
  });
  const assign = trpc.ticket.assign.useMutation({
    onSuccess: async (t) => {
      toast(t.assignee ? `Assigned to ${t.assignee.name}.` : "Unassigned.");
      await refresh();
    },
  });

  if (ticket.isPending) return <Loading />;
  if (ticket.error) {
    return (
      <div className="stack">
        <Link to="/tickets">← All tickets</Link>
        {ticket.error.data?.code === "NOT_FOUND" ? (
          <div className="panel">
            <Empty icon={<FolderIcon />} title="Ticket not found">
              <p>It may have been removed, or the link is wrong.</p>
            </Empty>
          </div>
        ) : (
          <ErrorAlert error={ticket.error} />
        )}
      </div>
    );
  }
  const t = ticket.data;
  return (
    <>
      <div className="page-head">
        <div>
          <Link to="/tickets" className="small">
            ← All tickets
          </Link>
          <h1 style={{ marginTop: 6 }}>
            Ticket {t.reference} <StatusBadge status={t.status} />
          </h1>
          <p>{t.issueSummary}</p>
        </div>
        <div className="actions">
          {t.allowedTransitions.map((s) => (
            <button
              key={s}
              className={s === "resolved" ? "primary" : ""}
              disabled={setStatus.isPending}
              onClick={() => setStatus.mutate({ id: t.id, status: s })}
            >
              {s === "open" && t.status === "in_progress" ? "Move back to open" : ACTION_LABEL[s]}
            </button>
          ))}
        </div>
      </div>
      <ErrorAlert error={setStatus.error ?? assign.error} />
      <div className="grid-2" style={{ marginTop: 12 }}>
        <section className="panel panel-body" aria-label="Conversation">
          <h2>Conversation before the request</h2>
          {t.snapshot.length === 0 ? (
            <p className="muted">The customer asked for a person before writing anything.</p>
          ) : (
            <div className="thread" data-testid="snapshot">
              {t.snapshot.map((m, i) => (
                <div key={i} className={`msg ${m.role}`}>
                  {m.role !== "system" && (
                    <span className="meta">
                      {m.role === "agent" && m.authorName ? m.authorName : WHO[m.role]} · {formatDateTime(m.createdAt)}
                    </span>
                  )}
                  <div className="bubble">
                    {m.role === "assistant" || m.role === "agent" ? <Markdown text={m.content} /> : m.content}
                  </div>
                </div>
              ))}
            </div>
          )}
          <p className="hint" style={{ marginTop: 16 }}>
            A copy of the last messages when the customer asked for a person (ticket created{" "}
            {formatDateTime(t.createdAt)}).
          </p>
        </section>
        <aside className="stack">
          <section className="panel panel-body">
            <h3>Details</h3>
            <dl className="kv">
              <dt>Status</dt>
              <dd>
                <StatusBadge status={t.status} />
              </dd>
              <dt>Contact</dt>
              <dd>
                {t.customerContact ? (
                  <a href={`mailto:${t.customerContact}?subject=${encodeURIComponent(`Your request ${t.reference}`)}`}>
                    {t.customerContact}
                  </a>
                ) : (
                  <span className="muted">Not given: reply in the chat</span>
                )}
              </dd>
              <dt>Created</dt>
              <dd>{formatDateTime(t.createdAt)}</dd>
              <dt>Updated</dt>
              <dd>{formatDateTime(t.updatedAt)}</dd>
              {t.resolvedAt && (
                <>
                  <dt>Resolved</dt>
                  <dd>{formatDateTime(t.resolvedAt)}</dd>
                  <dt>Customer rating</dt>
                  <dd data-testid="ticket-rating">
                    {t.rating ? (
                      <>
                        <span aria-label={`${t.rating.score} out of 5`}>
                          {"★".repeat(t.rating.score)}
                          <span className="muted">{"★".repeat(5 - t.rating.score)}</span> {t.rating.score}/5
                        </span>
                        {t.rating.comment && <blockquote style={{ margin: "4px 0 0" }}>{t.rating.comment}</blockquote>}
                      </>
                    ) : (
                      <span className="muted">Not rated</span>
                    )}
                  </dd>
                </>
              )}
              <dt>
                <label htmlFor="assignee">Assignee</label>
              </dt>
              <dd>
                <select
                  id="assignee"
                  value={t.assignee?.id ?? ""}
                  disabled={assign.isPending}
                  onChange={(e) => assign.mutate({ id: t.id, assigneeId: e.target.value || null })}
                >
                  <option value="">Unassigned</option>
                  {t.assignee && !assignees.data?.some((a) => a.id === t.assignee!.id) && (
                    <option value={t.assignee.id}>{t.assignee.name} (inactive)</option>
                  )}
                  {assignees.data?.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                      {a.id === me.id ? " (me)" : ""}
                    </option>
                  ))}
                </select>
                {t.assignee?.id !== me.id && (
                  <button
                    className="link small"
                    style={{ marginTop: 4 }}
                    onClick={() => assign.mutate({ id: t.id, assigneeId: me.id })}
                  >
                    Assign to me
                  </button>
                )}
              </dd>
            </dl>
          </section>
          <Notes ticket={t} onAdded={refresh} />
        </aside>
      </div>
    </>
  );
}

function Notes({ ticket, onAdded }: { ticket: Ticket; onAdded: () => Promise<unknown> }) {
  const [body, setBody] = useState("");
  // A note typed but not added yet is not lost by a click elsewhere.
  useUnsavedChanges(body.trim() !== "");
  const add = trpc.ticket.addNote.useMutation({
    onSuccess: async () => {
      setBody("");
      await onAdded();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body.trim()) add.mutate({ id: ticket.id, body });
  };
  return (
    <section className="panel panel-body" aria-label="Internal notes">
      <h3>Internal notes</h3>
      <p className="hint">Only staff see notes; the customer never does.</p>
      <div className="stack" style={{ gap: 8, margin: "10px 0" }}>
        {ticket.notes.length === 0 && <p className="faint">No notes yet.</p>}
        {ticket.notes.map((n) => (
          <div key={n.id} className="note">
            <div className="meta">
              <strong>{n.author?.name ?? "Script"}</strong> · {formatDateTime(n.createdAt)}
            </div>
            {n.body}
          </div>
        ))}
      </div>
      <form className="form" onSubmit={submit} style={{ gap: 8 }}>
        <textarea
          aria-label="New note"
          rows={3}
          style={{ minHeight: 70 }}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          placeholder="What you did, what's next…"
        />
        <ErrorAlert error={add.error} />
        <div>
          <button type="submit" disabled={!body.trim() || add.isPending}>
            {add.isPending ? "Adding…" : "Add note"}
          </button>
        </div>
      </form>
    </section>
  );
}
