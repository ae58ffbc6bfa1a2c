// A ticket's status as staff read it: the label, and the coloured badge used in lists and on the ticket.
import type { RouterOutputs } from "../../trpc.ts";

export type TicketStatus = RouterOutputs["ticket"]["list"]["items"][number]["status"];

export const STATUS_LABEL: Record<TicketStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  resolved: "Resolved",
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  return <span className={`badge ${status}`}>{STATUS_LABEL[status]}</span>;
}
