// Ticket inbox: tabs per status with counts, filters (dates, assignee, text), newest first,
// select several and mark them resolved.
import { useState } from "react";
import { CheckIcon, SearchIcon } from "../../components/icons.tsx";
import { ListToolbar } from "../../components/ListToolbar.tsx";
import { Empty, useDebounced, useToast } from "../../components/ui.tsx";
import { oneOf, useListParams } from "../../components/useListParams.ts";
import type { Me } from "../../me.ts";
import { trpc } from "../../trpc.ts";
import { STATUS_LABEL, type TicketStatus } from "./ticket-status.tsx";
import { TicketTable } from "./TicketTable.tsx";

type Status = TicketStatus;

/** yyyy-mm-dd (local) to the start of that local day; `to` is exclusive, so the day after. */
function dayStart(value: string, addDays = 0): string | undefined {
  if (!value) return undefined;
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y!, m! - 1, d! + addDays).toISOString();
}

export function TicketsPage({ me }: { me: Me }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  // Filters live in the URL (?status=&q=&from=&to=&assignee=&page=): a reload or a link keeps them.
  const { values, set } = useListParams({ status: "open", q: "", from: "", to: "", assignee: "", page: "1" });
  const status = oneOf<Status | "all">(values.status, ["open", "in_progress", "resolved", "all"], "open");
  const { q: search, from, to, assignee } = values;
  const page = Math.max(1, Number.parseInt(values.page, 10) || 1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const debounced = useDebounced(search.trim());
  const assignees = trpc.ticket.assignees.useQuery();

  const input = {
    status: status === "all" ? undefined : status,
    search: debounced || undefined,
    from: dayStart(from),
    to: dayStart(to, 1),
    assignee: assignee || undefined,
    page,
    pageSize: 25,
  };
  const list = trpc.ticket.list.useQuery(input, { placeholderData: (prev) => prev, refetchInterval: 30_000 });
  const bulk = trpc.ticket.bulkResolve.useMutation({
    onSuccess: async (r) => {
      setSelected(new Set());
      toast(
        `${r.resolved} ticket${r.resolved === 1 ? "" : "s"} marked resolved${r.skipped ? ` (${r.skipped} already resolved)` : ""}.`,
      );
      await utils.ticket.invalidate();
    },
    onError: (err) => toast(err.message, { kind: "error" }),
  });

  const data = list.data;
  /** A filter change: new list from page 1, nothing selected. */
  const setFilter = (patch: Parameters<typeof set>[0]) => {
    set(patch);
    setSelected(new Set());
  };
  const filtered = Boolean(debounced || from || to || assignee);
  const total = data ? data.counts.open + data.counts.in_progress + data.counts.resolved : null;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Tickets</h1>
          <p>Customers who asked for a person. Newest first.</p>
        </div>
      </div>
      <div className="panel">
        <div className="tabs" role="tablist" aria-label="Status">
          {(["open", "in_progress", "resolved", "all"] as const).map((s) => (
            <button
              key={s}
              role="tab"
              aria-selected={status === s}
              className={status === s ? "on" : ""}
              onClick={() => setFilter({ status: s })}
            >
              {s === "all" ? "All" : STATUS_LABEL[s]}
              <span className="count">{data ? (s === "all" ? total : data.counts[s]) : "–"}</span>
            </button>
          ))}
        </div>
        <ListToolbar
          search={search}
          onSearch={(q) => setFilter({ q })}
          searchLabel="Search tickets"
          placeholder="Search issue, contact, notes or #number…"
          filtered={filtered}
          onClear={() => setFilter({ q: "", from: "", to: "", assignee: "" })}
          end={
            selected.size > 0 && (
              <button className="primary" disabled={bulk.isPending} onClick={() => bulk.mutate({ ids: [...selected] })}>
                {bulk.isPending ? "Resolving…" : `Mark ${selected.size} resolved`}
              </button>
            )
          }
        >
          <select aria-label="Assignee" value={assignee} onChange={(e) => setFilter({ assignee: e.target.value })}>
            <option value="">Anyone</option>
            <option value={me.id}>Assigned to me</option>
            <option value="unassigned">Unassigned</option>
            {assignees.data
              ?.filter((a) => a.id !== me.id)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
          </select>
          <label className="row small muted">
            From
            <input
              type="date"
              style={{ width: 150 }}
              value={from}
              max={to || undefined}
              onChange={(e) => setFilter({ from: e.target.value })}
              aria-label="From date"
            />
          </label>
          <label className="row small muted">
            To
            <input
              type="date"
              style={{ width: 150 }}
              value={to}
              min={from || undefined}
              onChange={(e) => setFilter({ to: e.target.value })}
              aria-label="To date"
            />
          </label>
        </ListToolbar>
        <TicketTable
          items={data?.items}
          error={list.error}
          selected={selected}
          onSelect={setSelected}
          empty={
            <Empty
              icon={status === "open" && !filtered ? <CheckIcon /> : <SearchIcon />}
              title={status === "open" && !filtered ? "No open tickets" : "No tickets match"}
            >
              <p>
                {status === "open" && !filtered
                  ? "Everyone who asked for a person has been looked after."
                  : "Try another status, or clear the filters."}
              </p>
            </Empty>
          }
          pages={
            data && {
              ...data,
              noun: "tickets",
              onPage: (p) => {
                set({ page: p });
                setSelected(new Set());
              },
            }
          }
        />
      </div>
    </>
  );
}
