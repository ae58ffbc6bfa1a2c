// Data requests (admins): find a person's conversations by the email they left or a conversation
// id, download everything stored about them as one JSON file, or erase it. Every search, export and
// erasure is in the audit log. The person searched for is in the URL (?q=), so a reload shows them again.
import { useState, type FormEvent } from "react";
import { Link } from "wouter";
import { useListParams } from "../../components/useListParams.ts";
import { downloadFile } from "../../components/download.ts";
import { QueryTable } from "../../components/QueryTable.tsx";
import { ConfirmDialog, Empty, ErrorAlert, formatDateTime } from "../../components/ui.tsx";
import { trpc, type RouterInputs, type RouterOutputs } from "../../trpc.ts";

type Query = RouterInputs["customers"]["find"];
type Erased = RouterOutputs["customers"]["erase"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function queryOf(text: string): Query {
  const t = text.trim();
  return UUID.test(t) ? { conversationId: t.toLowerCase() } : { email: t };
}

export function CustomersPage() {
  const utils = trpc.useUtils();
  const { values, set } = useListParams({ q: "" });
  const [text, setText] = useState(values.q);
  const query = values.q ? queryOf(values.q) : null;
  const found = trpc.customers.find.useQuery(query ?? { email: "x@example.com" }, {
    enabled: query !== null,
    retry: false,
  });
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [erased, setErased] = useState<Erased | null>(null);
  const erase = trpc.customers.erase.useMutation({
    onSuccess: async (counts) => {
      setConfirming(false);
      setErased(counts);
      await utils.customers.find.invalidate();
    },
  });

  const conversations = found.data?.conversations ?? [];
  const ids = conversations.filter((c) => !c.erasedAt).map((c) => c.id);
  const allIds = conversations.map((c) => c.id);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setErased(null);
    setExportError(null);
    set({ q: text.trim() });
  };

  const exportAll = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const file = await utils.customers.export.fetch({ conversationIds: allIds });
      downloadFile(file.filename, "application/json", JSON.stringify(file.document, null, 2));
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Customer data</h1>
          <p>
            Answer a customer's request to see or delete their data. Find them by the email they left, or by a
            conversation id, then download everything stored about them or erase it. Each search, download and erasure
            is recorded in the audit log.
          </p>
        </div>
      </div>
      <div className="stack">
        <form
          className="panel panel-body row"
          style={{ gap: "0.75rem", alignItems: "flex-end", flexWrap: "wrap" }}
          onSubmit={search}
        >
          <label className="field" style={{ flex: "1 1 320px" }}>
            Email or conversation id
            <input value={text} onChange={(e) => setText(e.target.value)} placeholder="jo@example.com" required />
          </label>
          <button className="primary" type="submit">
            Find
          </button>
        </form>
        <ErrorAlert error={exportError} title="Couldn't export:" />
        {erased && (
          <div className="panel panel-body" role="status">
            Erased {erased.conversations} conversation{erased.conversations === 1 ? "" : "s"}: {erased.messages} message
            text{erased.messages === 1 ? "" : "s"}, {erased.tickets} ticket{erased.tickets === 1 ? "" : "s"} (summary,
            contact, chat copy, rating comment), {erased.ticketNotes} note
            {erased.ticketNotes === 1 ? "" : "s"}, {erased.followUps} pending follow-up email
            {erased.followUps === 1 ? "" : "s"}, customer text in {erased.webhookDeliveries} webhook deliver
            {erased.webhookDeliveries === 1 ? "y" : "ies"}.
          </div>
        )}
        {query && (
          <section className="panel">
            {conversations.length > 0 && (
              <div
                className="panel-body row"
                style={{ justifyContent: "space-between", flexWrap: "wrap", gap: "0.5rem" }}
              >
                <strong>
                  {conversations.length} conversation{conversations.length === 1 ? "" : "s"}
                </strong>
                <div className="actions">
                  <button onClick={() => void exportAll()} disabled={exporting}>
                    {exporting ? "Exporting…" : "Download data (JSON)"}
                  </button>
                  <button className="danger" onClick={() => setConfirming(true)} disabled={ids.length === 0}>
                    Erase data…
                  </button>
                </div>
              </div>
            )}
            <QueryTable
              items={found.data?.conversations}
              error={found.error}
              errorTitle="Couldn't search:"
              label="Conversations found"
              columns={["Conversation", "Started", "Last activity", "Messages", "Tickets", "State"]}
              empty={
                <Empty icon="○" title="No conversations found">
                  {"email" in query
                    ? "No ticket carries this email. Customers who never left an email can be found by a conversation id (shown in the Inbox)."
                    : "No conversation has this id."}
                </Empty>
              }
            >
              {(c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/inbox/${c.id}`}>{c.id.slice(0, 8)}</Link>
                  </td>
                  <td>{formatDateTime(c.createdAt)}</td>
                  <td>{formatDateTime(c.lastSeenAt)}</td>
                  <td>
                    {c.messageCount}
                    {c.erasedAt ? " (text removed)" : ""}
                  </td>
                  <td>
                    {c.tickets
                      .map((t) => `${t.reference}${t.customerContact ? ` (${t.customerContact})` : ""}`)
                      .join(", ") || "none"}
                  </td>
                  <td>
                    {c.erasedAt
                      ? `Erased ${formatDateTime(c.erasedAt)}`
                      : c.status === "closed"
                        ? "Closed"
                        : c.status === "handoff"
                          ? "With a person"
                          : "With the bot"}
                  </td>
                </tr>
              )}
            </QueryTable>
          </section>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Erase ${ids.length} conversation${ids.length === 1 ? "" : "s"}?`}
          confirmLabel="Erase for good"
          danger
          busy={erase.isPending}
          error={erase.error}
          onCancel={() => setConfirming(false)}
          onConfirm={() => erase.mutate({ conversationIds: ids })}
        >
          <p>
            This removes everything the customer wrote and left: message texts, their email, ticket summaries and the
            ticket's copy of the chat, staff notes, rating comments, pending follow-up emails and their text in webhook
            deliveries. Open tickets are resolved and the conversations closed. It can't be undone.
          </p>
          <p className="muted small">
            The conversations stay as empty records (times, who replied, ratings) so Insights keeps counting them.
            Download the data first if the customer asked for a copy.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
