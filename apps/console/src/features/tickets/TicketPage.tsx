// One ticket: the customer's conversation as a readable thread, the issue and contact, status
// changes, assignment and internal notes.
import { Link } from "wouter";
import { FolderIcon } from "../../components/icons.tsx";
import { Empty, ErrorAlert, Loading, useToast } from "../../components/ui.tsx";
import type { Me } from "../../me.ts";
import { trpc, type RouterOutputs } from "../../trpc.ts";
import { STATUS_LABEL, StatusBadge } from "./ticket-status.tsx";
import { TicketDetails } from "./TicketDetails.tsx";
import { TicketNotes } from "./TicketNotes.tsx";
import { TicketSnapshot } from "./TicketSnapshot.tsx";

type Ticket = RouterOutputs["ticket"]["get"];
type Status = Ticket["status"];

const ACTION_LABEL: Record<Status, string> = {
  open: "Reopen",
  in_progress: "Start working",
  resolved: "Mark resolved",
};

export function TicketPage({ id, me }: { id: string; me: Me }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const ticket = trpc.ticket.get.useQuery({ id });
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
        <TicketSnapshot ticket={t} />
        <aside className="stack">
          <TicketDetails
            ticket={t}
            me={me}
            busy={assign.isPending}
            onAssign={(assigneeId) => assign.mutate({ id: t.id, assigneeId })}
          />
          <TicketNotes ticket={t} onAdded={refresh} />
        </aside>
      </div>
    </>
  );
}
