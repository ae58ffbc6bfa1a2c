// A ticket's internal notes (staff only) and the form to add one; a note typed but not added yet
// keeps the page from being left without asking.
import { useState, type FormEvent } from "react";
import { ErrorAlert, formatDateTime } from "../../components/ui.tsx";
import { useUnsavedChanges } from "../../navigation.ts";
import { trpc, type RouterOutputs } from "../../trpc.ts";

type Ticket = RouterOutputs["ticket"]["get"];

export function TicketNotes({ ticket, onAdded }: { ticket: Ticket; onAdded: () => Promise<unknown> }) {
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
