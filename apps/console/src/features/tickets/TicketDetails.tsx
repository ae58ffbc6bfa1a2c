// A ticket's details beside its conversation: status, contact, dates, the customer's rating and the assignee.
import { formatDateTime } from "../../components/ui.tsx";
import type { Me } from "../../me.ts";
import { trpc, type RouterOutputs } from "../../trpc.ts";
import { StatusBadge } from "./ticket-status.tsx";

type Ticket = RouterOutputs["ticket"]["get"];

export function TicketDetails({
  ticket: t,
  me,
  busy,
  onAssign,
}: {
  ticket: Ticket;
  me: Me;
  /** An assignment is being saved. */
  busy: boolean;
  onAssign: (assigneeId: string | null) => void;
}) {
  const assignees = trpc.ticket.assignees.useQuery();
  return (
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
            disabled={busy}
            onChange={(e) => onAssign(e.target.value || null)}
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
            <button className="link small" style={{ marginTop: 4 }} onClick={() => onAssign(me.id)}>
              Assign to me
            </button>
          )}
        </dd>
      </dl>
    </section>
  );
}
