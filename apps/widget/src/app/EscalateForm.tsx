// "Escalate to a human": optional email and a description (pre-filled with the customer's last
// message) become a ticket; the server then hands the conversation to staff.
import { useEffect, useId, useRef, useState } from "react";
import { describeFailure, fieldError } from "./errors.ts";
import { sessionStore } from "./storage.ts";
import { trpc } from "./trpc.ts";

type Props = {
  initialDescription: string;
  onCancel: () => void;
  onCreated: (reference: string) => void;
};

export function EscalateForm({ initialDescription, onCancel, onCreated }: Props) {
  const id = useId();
  const [email, setEmail] = useState("");
  const [description, setDescription] = useState(initialDescription);
  const emailRef = useRef<HTMLInputElement>(null);
  const create = trpc.ticket.create.useMutation({ onSuccess: (ticket) => onCreated(ticket.reference) });

  useEffect(() => {
    emailRef.current?.focus();
  }, []);

  const emailError = create.error ? fieldError(create.error, "customerContact") : null;
  const descriptionError = create.error ? fieldError(create.error, "issueSummary") : null;
  const generalError = create.error && !emailError && !descriptionError ? describeFailure(create.error, { online: navigator.onLine }).message : null;

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
      <p className="escalate-hint">We'll pass the conversation to our team. Leave an email if you'd like a reply there too.</p>
      <label htmlFor={`${id}-email`}>
        Email <span className="optional">(optional)</span>
      </label>
      <input
        id={`${id}-email`}
        ref={emailRef}
        type="email"
        autoComplete="email"
        inputMode="email"
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
      <label htmlFor={`${id}-description`}>What do you need help with?</label>
      <textarea
        id={`${id}-description`}
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
        <button type="submit" className="button-primary" disabled={create.isPending || !description.trim()}>
          {create.isPending ? "Sending…" : "Send to our team"}
        </button>
      </div>
    </form>
  );
}
