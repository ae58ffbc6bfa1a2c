// Dialogs on the native <dialog> element: showModal() makes the rest of the page inert (focus stays
// inside, screen readers see only the dialog) and Esc asks to close; on close, focus goes back to
// the control that opened it. FormModal adds the standard form footer (Cancel + submit), the
// server's field errors, and "Discard your changes?" before a dirty form is closed.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useUnsavedChanges } from "../navigation.ts";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { XIcon } from "./icons.tsx";

export function Modal({
  title,
  onClose,
  children,
  footer,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // The latest onClose, for the native events wired once below.
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    let mounted = true;
    // Esc: the owner decides (a dirty form asks first), so the dialog itself stays open.
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    // Chromium closes a dialog on a repeated Esc even when "cancel" is prevented: reopen it and
    // let the owner decide, as for the first Esc.
    const onNativeClose = () => {
      if (!mounted) return;
      dialog.showModal();
      onCloseRef.current();
    };
    dialog.addEventListener("cancel", onCancel);
    dialog.addEventListener("close", onNativeClose);
    if (!dialog.open) dialog.showModal();
    dialog
      .querySelector<HTMLElement>(
        ".modal-body :is(input:not([type=hidden]), textarea, select), .modal-foot button.primary",
      )
      ?.focus();
    return () => {
      mounted = false;
      dialog.removeEventListener("cancel", onCancel);
      dialog.removeEventListener("close", onNativeClose);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal${wide ? " wide" : ""}`}
      aria-labelledby={titleId}
      // A press on the backdrop lands on the <dialog> itself (its content fills the box).
      onMouseDown={(e) => e.target === e.currentTarget && onCloseRef.current()}
    >
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="ghost small" onClick={() => onCloseRef.current()} aria-label="Close">
          <XIcon />
        </button>
      </div>
      <div className="modal-body">{children}</div>
      {footer && <div className="modal-foot">{footer}</div>}
    </dialog>
  );
}

/**
 * A form in a dialog. While `dirty`, closing it (Cancel, Esc, the backdrop, the X) asks "Discard
 * your changes?" in its footer, and leaving the page asks too. `error` is the form-level message
 * (field messages go next to their fields, see formErrors).
 */
export function FormModal({
  title,
  onClose,
  onSubmit,
  submitLabel,
  busyLabel = "Saving…",
  busy,
  dirty,
  error,
  wide,
  children,
}: {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  busyLabel?: string;
  busy?: boolean;
  dirty: boolean;
  error?: unknown;
  wide?: boolean;
  children: ReactNode;
}) {
  const formId = useId();
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  useUnsavedChanges(dirty);
  const requestClose = () => (dirty ? setConfirmingDiscard(true) : onClose());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setConfirmingDiscard(false);
    onSubmit();
  };
  return (
    <Modal
      title={title}
      onClose={requestClose}
      wide={wide}
      footer={
        confirmingDiscard ? (
          <div className="discard-confirm" role="alert">
            <span>Discard your changes?</span>
            <span className="spacer" />
            <button type="button" onClick={() => setConfirmingDiscard(false)} autoFocus>
              Keep editing
            </button>
            <button type="button" className="danger" onClick={onClose}>
              Discard
            </button>
          </div>
        ) : (
          <>
            <button type="button" onClick={requestClose}>
              Cancel
            </button>
            <button className="primary" type="submit" form={formId} disabled={busy}>
              {busy ? busyLabel : submitLabel}
            </button>
          </>
        )
      }
    >
      <form id={formId} className="form" onSubmit={submit}>
        <ErrorAlert error={error} />
        {children}
      </form>
    </Modal>
  );
}

/** A dialog's footer: Cancel, then the one action (busy while it runs). */
export function DialogButtons({
  onCancel,
  onConfirm,
  label,
  busyLabel = "Working…",
  busy,
  disabled,
  danger,
}: {
  onCancel: () => void;
  onConfirm: () => void;
  label: string;
  busyLabel?: string;
  busy?: boolean;
  disabled?: boolean;
  danger?: boolean;
}) {
  return (
    <>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="button" className={danger ? "danger" : "primary"} disabled={busy || disabled} onClick={onConfirm}>
        {busy ? busyLabel : label}
      </button>
    </>
  );
}

export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal
      title={props.title}
      onClose={props.onCancel}
      footer={
        <DialogButtons
          onCancel={props.onCancel}
          onConfirm={props.onConfirm}
          label={props.confirmLabel}
          busy={props.busy}
          danger={props.danger}
        />
      }
    >
      <div className="stack">
        {props.children}
        <ErrorAlert error={props.error} />
      </div>
    </Modal>
  );
}
