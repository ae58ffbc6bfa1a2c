// The ticket list: one row per ticket (a click opens it), a checkbox to select it for "Mark
// resolved", with the list's error, loading and empty states and its pagination.
import type { ComponentProps, ReactNode } from "react";
import { Link } from "wouter";
import { QueryTable } from "../../components/QueryTable.tsx";
import { formatRelative } from "../../components/ui.tsx";
import { navigate } from "../../navigation.ts";
import type { RouterOutputs } from "../../trpc.ts";
import { StatusBadge } from "./ticket-status.tsx";

type Ticket = RouterOutputs["ticket"]["list"]["items"][number];

export function TicketTable({
  items,
  error,
  empty,
  pages,
  selected,
  onSelect,
}: {
  items: Ticket[] | undefined;
  error: unknown;
  empty: ReactNode;
  pages: ComponentProps<typeof QueryTable>["pages"];
  selected: Set<string>;
  onSelect: (ids: Set<string>) => void;
}) {
  const selectable = (items ?? []).filter((t) => t.status !== "resolved");
  const allSelected = selectable.length > 0 && selectable.every((t) => selected.has(t.id));
  const onToggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  return (
    <QueryTable
      items={items}
      error={error}
      errorTitle="Tickets couldn't be loaded."
      empty={empty}
      pages={pages}
      label="Tickets"
      columns={[
        <th className="check">
          <input
            type="checkbox"
            aria-label="Select all on this page"
            checked={allSelected}
            disabled={selectable.length === 0}
            onChange={() => onSelect(allSelected ? new Set() : new Set(selectable.map((t) => t.id)))}
          />
        </th>,
        "Ticket",
        "Issue",
        "Contact",
        "Status",
        "Assignee",
        "Created",
      ]}
    >
      {(t) => (
        <tr
          key={t.id}
          className={`clickable${selected.has(t.id) ? " selected" : ""}`}
          // The whole row opens the ticket; its link does so itself (and opens a new tab with Ctrl or ⌘).
          onClick={(e) => !(e.target as Element).closest("a") && navigate(`/tickets/${t.id}`)}
          data-testid="ticket-row"
        >
          <td className="check" onClick={(e) => e.stopPropagation()}>
            <input
              type="checkbox"
              aria-label={`Select ticket ${t.reference}`}
              checked={selected.has(t.id)}
              disabled={t.status === "resolved"}
              onChange={() => onToggle(t.id)}
            />
          </td>
          <td className="nowrap">
            <Link to={`/tickets/${t.id}`}>{t.reference}</Link>
          </td>
          <td>
            <div className="a" style={{ color: "var(--text)" }}>
              {t.issueSummary}
            </div>
          </td>
          <td className="muted">{t.customerContact ?? <span className="faint">—</span>}</td>
          <td>
            <StatusBadge status={t.status} />
          </td>
          <td className="nowrap">{t.assignee?.name ?? <span className="faint">Unassigned</span>}</td>
          <td className="nowrap muted">{formatRelative(t.createdAt)}</td>
        </tr>
      )}
    </QueryTable>
  );
}
