// Outgoing webhooks (admins): endpoints with the events they receive and their signing secret, and
// the delivery log with each delivery's last outcome and a "Resend".
import { useState } from "react";
import { WEBHOOK_EVENTS } from "@support/schemas";
import { Field } from "../../components/Field.tsx";
import { formErrors } from "../../components/form-errors.ts";
import { FormModal } from "../../components/Modal.tsx";
import {
  ConfirmDialog,
  Empty,
  ErrorAlert,
  formatDateTime,
  formatRelative,
  Loading,
  useToast,
} from "../../components/ui.tsx";
import { trpc, type RouterOutputs } from "../../trpc.ts";

type Endpoint = RouterOutputs["webhook"]["list"][number];
type Delivery = RouterOutputs["webhook"]["deliveries"][number];
type EventName = (typeof WEBHOOK_EVENTS)[number];

const EVENT_HELP: Record<EventName, string> = {
  "conversation.handoff": "A conversation is handed to people",
  "ticket.created": "A customer asks for a person and a ticket opens",
  "ticket.updated": "A ticket's status or assignee changes",
  "message.created": "A customer writes, or staff reply",
  "feedback.created": "A customer rates a bot answer",
};

const STATUS_LABEL: Record<Delivery["status"], { label: string; className: string }> = {
  pending: { label: "Pending", className: "open" },
  delivered: { label: "Delivered", className: "resolved" },
  failed: { label: "Failed", className: "inactive" },
};

export function WebhooksPage() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const endpoints = trpc.webhook.list.useQuery();
  const [status, setStatus] = useState<Delivery["status"] | "">("");
  const deliveries = trpc.webhook.deliveries.useQuery(
    { limit: 100, ...(status && { status }) },
    { refetchInterval: 5_000 },
  );
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<Endpoint | null>(null);
  const remove = trpc.webhook.remove.useMutation({
    onSuccess: async () => {
      setRemoving(null);
      toast("Endpoint removed with its delivery log.");
      await Promise.all([utils.webhook.list.invalidate(), utils.webhook.deliveries.invalidate()]);
    },
  });
  const toggle = trpc.webhook.update.useMutation({ onSuccess: () => void utils.webhook.list.invalidate() });
  const resend = trpc.webhook.resend.useMutation({
    onSuccess: async () => {
      toast("Queued to be sent again.");
      await utils.webhook.deliveries.invalidate();
    },
  });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Webhooks</h1>
          <p>
            Other tools hear about conversations and tickets as they happen. Each request is signed with the endpoint's
            secret (header <code>X-Support-Signature</code>, see the README) and retried with growing delays for about
            three hours if the receiver doesn't answer 2xx.
          </p>
        </div>
        <button className="primary" onClick={() => setCreating(true)}>
          + New endpoint
        </button>
      </div>
      <div className="panel">
        {endpoints.error && (
          <div className="panel-body">
            <ErrorAlert error={endpoints.error} />
          </div>
        )}
        {endpoints.isPending && <Loading />}
        {endpoints.data && endpoints.data.length === 0 && (
          <Empty icon="○" title="No endpoints yet">
            <p>Add the URL of a tool that should hear about new tickets, messages or feedback.</p>
          </Empty>
        )}
        {endpoints.data && endpoints.data.length > 0 && (
          <div className="table-wrap">
            <table className="table" aria-label="Webhook endpoints">
              <thead>
                <tr>
                  <th>URL</th>
                  <th>Events</th>
                  <th>Signing secret</th>
                  <th>Status</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {endpoints.data.map((e) => (
                  <tr key={e.id} className={e.isActive ? "" : "inactive"} data-testid="endpoint-row">
                    <td className="q">
                      <code>{e.url}</code>
                      {e.description && <div className="faint small">{e.description}</div>}
                    </td>
                    <td>
                      <span className="chips">
                        {e.events.map((ev) => (
                          <span key={ev} className="badge category">
                            {ev}
                          </span>
                        ))}
                      </span>
                    </td>
                    <td>
                      <Secret value={e.secret} />
                    </td>
                    <td>
                      <span className={`badge ${e.isActive ? "resolved" : "inactive"}`}>
                        {e.isActive ? "Active" : "Paused"}
                      </span>
                    </td>
                    <td className="nowrap" style={{ textAlign: "right" }}>
                      <button
                        className="small ghost"
                        disabled={toggle.isPending}
                        onClick={() => toggle.mutate({ id: e.id, isActive: !e.isActive })}
                      >
                        {e.isActive ? "Pause" : "Resume"}
                      </button>
                      <button className="small ghost" onClick={() => setRemoving(e)} aria-label={`Remove ${e.url}`}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <div className="page-head" style={{ marginTop: "1.5rem" }}>
        <div>
          <h2>Delivery log</h2>
          <p>
            The latest 100 deliveries, newest first. A delivery is sent again with the same event id, so receivers can
            ignore repeats.
          </p>
        </div>
        <label className="field" style={{ minWidth: "12rem" }}>
          Show
          <select value={status} onChange={(e) => setStatus(e.target.value as Delivery["status"] | "")}>
            <option value="">All deliveries</option>
            <option value="pending">Pending</option>
            <option value="delivered">Delivered</option>
            <option value="failed">Failed</option>
          </select>
        </label>
      </div>
      <div className="panel">
        {deliveries.error && (
          <div className="panel-body">
            <ErrorAlert error={deliveries.error} />
          </div>
        )}
        {resend.error && (
          <div className="panel-body">
            <ErrorAlert error={resend.error} />
          </div>
        )}
        {deliveries.isPending && <Loading />}
        {deliveries.data && deliveries.data.length === 0 && (
          <Empty icon="○" title={status ? `No ${status} deliveries` : "Nothing sent yet"} />
        )}
        {deliveries.data && deliveries.data.length > 0 && (
          <div className="table-wrap">
            <table className="table" aria-label="Webhook deliveries">
              <thead>
                <tr>
                  <th>Event</th>
                  <th>Endpoint</th>
                  <th>Created</th>
                  <th>Attempts</th>
                  <th>Last outcome</th>
                  <th>Status</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {deliveries.data.map((d) => (
                  <tr key={d.id} data-testid="delivery-row">
                    <td>
                      <code>{d.event}</code>
                    </td>
                    <td className="muted">
                      <code>{d.endpointUrl}</code>
                    </td>
                    <td className="nowrap">{formatDateTime(d.createdAt)}</td>
                    <td>{d.attempts}</td>
                    <td className="muted">
                      {d.lastAttemptAt ? (
                        <>
                          {d.lastError ?? `HTTP ${d.lastStatusCode ?? "?"}`}
                          <div className="faint small">{formatRelative(d.lastAttemptAt)}</div>
                        </>
                      ) : (
                        "Not tried yet"
                      )}
                    </td>
                    <td>
                      <span className={`badge ${STATUS_LABEL[d.status].className}`}>
                        {STATUS_LABEL[d.status].label}
                      </span>
                    </td>
                    <td className="nowrap" style={{ textAlign: "right" }}>
                      <button
                        className="small ghost"
                        disabled={resend.isPending}
                        onClick={() => resend.mutate({ id: d.id })}
                        aria-label={`Resend ${d.event} delivery`}
                      >
                        Resend
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      {creating && (
        <CreateEndpoint onClose={() => setCreating(false)} onCreated={() => void utils.webhook.list.invalidate()} />
      )}
      {removing && (
        <ConfirmDialog
          title="Remove this endpoint?"
          confirmLabel="Remove endpoint"
          danger
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => setRemoving(null)}
          onConfirm={() => remove.mutate({ id: removing.id })}
        >
          <p>
            <code>{removing.url}</code> stops receiving events, and its delivery log is deleted. Deliveries still
            waiting are not sent.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function Secret({ value }: { value: string }) {
  const [shown, setShown] = useState(false);
  return (
    <span className="row" style={{ flexWrap: "nowrap", gap: "0.4rem" }}>
      <code>{shown ? value : `${value.slice(0, 10)}…`}</code>
      <button className="small ghost" type="button" onClick={() => setShown((s) => !s)}>
        {shown ? "Hide" : "Show"}
      </button>
    </span>
  );
}

function CreateEndpoint({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<Set<EventName>>(new Set(WEBHOOK_EVENTS));
  const create = trpc.webhook.create.useMutation({
    onSuccess: () => {
      onCreated();
      onClose();
    },
  });
  const errors = formErrors(create.error, ["url", "description", "events"]);
  const toggle = (ev: EventName) =>
    setEvents((all) => {
      const next = new Set(all);
      if (next.has(ev)) next.delete(ev);
      else next.add(ev);
      return next;
    });
  const dirty = !create.isSuccess && (url !== "" || description !== "" || events.size !== WEBHOOK_EVENTS.length);
  return (
    <FormModal
      title="New webhook endpoint"
      onClose={onClose}
      onSubmit={() => create.mutate({ url, description, events: [...events] })}
      submitLabel="Add endpoint"
      busyLabel="Adding…"
      busy={create.isPending}
      dirty={dirty}
      error={errors.form}
    >
      <Field
        label="URL"
        hint="Where to POST the events, e.g. https://hooks.example.com/support."
        error={errors.fields.url}
      >
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required />
      </Field>
      <Field label="Description" hint="Optional: what receives it." error={errors.fields.description}>
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
      </Field>
      <fieldset className="fieldset" aria-describedby={errors.fields.events ? "events-error" : undefined}>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((ev) => (
          <label key={ev} className="check-row">
            <input type="checkbox" checked={events.has(ev)} onChange={() => toggle(ev)} />
            <span>
              <code>{ev}</code> <span className="muted">{EVENT_HELP[ev]}</span>
            </span>
          </label>
        ))}
        {errors.fields.events && (
          <span id="events-error" className="field-error" role="alert">
            {errors.fields.events}
          </span>
        )}
      </fieldset>
    </FormModal>
  );
}
