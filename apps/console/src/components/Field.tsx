// One form field: its label, hint, control and, when the server refused it, the reason in plain
// words right below the control (linked to it with aria-describedby, marked aria-invalid).
import { cloneElement, isValidElement, useId, type CSSProperties, type ReactElement, type ReactNode } from "react";

type ControlProps = { "aria-invalid"?: boolean; "aria-describedby"?: string };

export function Field({
  label,
  hint,
  error,
  children,
  group,
  style,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** The control; a single element gets aria-invalid and aria-describedby. */
  children: ReactNode;
  /** Several controls (a list editor, radio buttons): a labelled group instead of a <label>. */
  group?: boolean;
  style?: CSSProperties;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const labelId = `${id}-label`;
  const describe = (el: ReactNode) =>
    isValidElement<ControlProps>(el) && error
      ? cloneElement(el as ReactElement<ControlProps>, { "aria-invalid": true, "aria-describedby": errorId })
      : el;
  const message = error ? (
    <span id={errorId} className="field-error" data-testid="field-error">
      {error}
    </span>
  ) : null;
  if (group) {
    return (
      <div
        className="field"
        role="group"
        aria-labelledby={labelId}
        aria-describedby={error ? errorId : undefined}
        style={style}
      >
        <strong id={labelId}>{label}</strong>
        {hint && <span className="hint">{hint}</span>}
        {children}
        {message}
      </div>
    );
  }
  return (
    <label className="field" style={style}>
      {label}
      {hint && <span className="hint">{hint}</span>}
      {describe(children)}
      {message}
    </label>
  );
}
