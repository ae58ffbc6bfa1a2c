// Your own account: who you are and changing your password.
import { useState, type FormEvent } from "react";
import { MIN_PASSWORD_LENGTH } from "@support/schemas";
import { Field } from "../components/Field.tsx";
import { formErrors } from "../components/form-errors.ts";
import { ErrorAlert } from "../components/ui.tsx";
import { useUnsavedChanges } from "../navigation.ts";
import { trpc } from "../trpc.ts";
import type { Me } from "../me.ts";

export function AccountPage({ me }: { me: Me }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const change = trpc.auth.changePassword.useMutation({
    onSuccess: () => {
      setCurrent("");
      setNext("");
      setRepeat("");
    },
  });
  useUnsavedChanges(current !== "" || next !== "" || repeat !== "");
  const errors = formErrors(change.error, ["currentPassword", "newPassword"]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(next !== repeat);
    if (next === repeat) change.mutate({ currentPassword: current, newPassword: next });
  };
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Your account</h1>
          <p>
            {me.name} · {me.email} · {me.role === "admin" ? "Admin" : "Agent"}
          </p>
        </div>
      </div>
      <form className="panel panel-body form" style={{ maxWidth: 480 }} onSubmit={submit}>
        <h2>Change password</h2>
        {change.isSuccess && (
          <div className="alert success">Password changed. Your other sessions have been signed out.</div>
        )}
        <ErrorAlert error={errors.form} />
        <Field label="Current password" error={errors.fields.currentPassword}>
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
          />
        </Field>
        <Field
          label="New password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. Common passwords are refused.`}
          error={errors.fields.newPassword}
        >
          <input
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            minLength={MIN_PASSWORD_LENGTH}
            required
          />
        </Field>
        <Field label="New password again" error={mismatch ? "The two new passwords differ." : null}>
          <input
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            required
          />
        </Field>
        <div>
          <button className="primary" type="submit" disabled={change.isPending}>
            Change password
          </button>
        </div>
      </form>
    </>
  );
}
