// "New webhook endpoint": the URL, a description and the events it receives.
import { useState } from "react";
import { WEBHOOK_EVENTS } from "@support/schemas";
import { Field } from "../../components/Field.tsx";
import { formErrors } from "../../components/form-errors.ts";
import { FormModal } from "../../components/Modal.tsx";
import { trpc } from "../../trpc.ts";

type EventName = (typeof WEBHOOK_EVENTS)[number];

const EVENT_HELP: Record<EventName, string> = {
  "conversation.handoff": "A conversation is handed to people",
  "ticket.created": "A customer asks for a person and a ticket opens",
  "ticket.updated": "A ticket's status or assignee changes",
  "message.created": "A customer writes, or staff reply",
  "feedback.created": "A customer rates a bot answer",
};

export function CreateEndpointDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
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
