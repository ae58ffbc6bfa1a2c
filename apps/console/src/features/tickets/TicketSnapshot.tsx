// The conversation before the customer asked for a person, as the ticket keeps a copy of it.
import { Markdown } from "../../components/Markdown.tsx";
import { formatDateTime } from "../../components/ui.tsx";
import type { RouterOutputs } from "../../trpc.ts";

type Ticket = RouterOutputs["ticket"]["get"];

const WHO: Record<Ticket["snapshot"][number]["role"], string> = {
  user: "Customer",
  assistant: "Bot",
  agent: "Agent",
  system: "Notice",
};

export function TicketSnapshot({ ticket: t }: { ticket: Ticket }) {
  return (
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
        A copy of the last messages when the customer asked for a person (ticket created {formatDateTime(t.createdAt)}).
      </p>
    </section>
  );
}
