// The hand-off step: a way to reach the customer (email, optional; not asked again once known), what
// they need (pre-filled with their last message) and what happens next. Sending it creates the
// ticket and hands the conversation to people; nothing is handed over before this.
import { useEffect, useId, useRef, useState } from "react";
import { availabilityNote, type Availability } from "./availability.ts";
import { describeFailure, fieldError } from "./errors.ts";
import { sessionStore } from "./storage.ts";
import { trpc } from "./trpc.ts";

type Props = {
  initialDescription: string;
  knownContact: string | null;
  onCancel: () => void;
  onCreated: (reference: string, contact: string | null) => void;
};

export function EscalateForm({ initialDescription, knownContact, onCancel, onCreated }: Props) {
  // Read again when the form opens: hours may have changed since the chat was loaded.
  const availability: Availability | null = trpc.widget.config.useQuery().data?.availability ?? null;
  // Outside business hours the answer can only go by email: it is asked for first, and required.
  const emailRequired = availability?.open === false && !knownContact;
  const note = availabilityNote(availability);
  const id = useId();
  const [email, setEmail] = useState("");
  const [description, setDescription] = useState(initialDescription);
  const emailRef = useRef<HTMLInputElement>(null);
  const descriptionRef = useRef<HTMLTextAreaElement>(null);
  const create = trpc.ticket.create.useMutation({
    onSuccess: (ticket, input) => onCreated(ticket.reference, input.customerContact ?? knownContact),
  });

  useEffect(() => {
    (emailRef.current ?? descriptionRef.current)?.focus();
  }, []);

  const emailError = create.error ? fieldError(create.error, "customerContact") : null;
  const descriptionError = create.error ? fieldError(create.error, "issueSummary") : null;
  const generalError =
    create.error && !emailError && !descriptionError
      ? describeFailure(create.error, { online: navigator.onLine }).message
      : null;

  return (
    <form
      className="escalate"
      // The server's validation messages are shown inline, with the same wording as elsewhere.
      noValidate
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        const sessionToken = sessionStore.get();
        if (!sessionToken || create.isPending) return;
        create.mutate({ sessionToken, issueSummary: description.trim(), customerContact: email.trim() || undefined });
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          // Escape closes this form first; a second Escape closes the chat.
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <h2 id={`${id}-title`} className="escalate-title">
        Talk to a person
      </h2>
      {note && <p className="escalate-availability">{note}</p>}
      <p className="escalate-hint">
        {knownContact
          ? `We'll pass this to our team. You'll get the reply here, and by email at ${knownContact}.`
          : emailRequired
            ? "Leave your email so we can answer you there."
            : "We'll pass this to our team. You'll get the reply here, and by email if you leave it."}
      </p>
      {!knownContact && (
        <>
          <label htmlFor={`${id}-email`}>
            Email{" "}
            {emailRequired ? (
              <span className="required">(required)</span>
            ) : (
              <span className="optional">(optional)</span>
            )}
          </label>
          <input
            id={`${id}-email`}
            ref={emailRef}
            type="email"
            autoComplete="email"
            inputMode="email"
            required={emailRequired}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? `${id}-email-error` : undefined}
          />
          {emailError && (
            <p id={`${id}-email-error`} className="field-error">
              {emailError}
            </p>
          )}
        </>
      )}
      <label htmlFor={`${id}-description`}>What do you need help with?</label>
      <textarea
        id={`${id}-description`}
        ref={descriptionRef}
        rows={3}
        maxLength={2000}
        required
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        aria-invalid={descriptionError ? true : undefined}
        aria-describedby={descriptionError ? `${id}-description-error` : undefined}
      />
      {descriptionError && (
        <p id={`${id}-description-error`} className="field-error">
          {descriptionError}
        </p>
      )}
      {generalError && (
        <p className="field-error" role="alert">
          {generalError}
        </p>
      )}
      <div className="escalate-actions">
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="button-primary"
          disabled={create.isPending || !description.trim() || (emailRequired && !email.trim())}
        >
          {create.isPending ? "Sending…" : "Send to our team"}
        </button>
      </div>
    </form>
  );
}
