// A failed call's message in a box, for page-level and form-level errors.
import { errorText } from "./form-errors.ts";

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <div className="alert error" role="alert">
      {title && <strong>{title} </strong>}
      {typeof error === "string" ? error : errorText(error)}
    </div>
  );
}
