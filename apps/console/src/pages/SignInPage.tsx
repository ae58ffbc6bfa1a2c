// Sign-in: email and password; errors say what to do (wrong details, throttled, deactivated).
import { useState, type FormEvent } from "react";
import { Field } from "../components/Field.tsx";
import { formErrors } from "../components/form-errors.ts";
import { ErrorAlert } from "../components/ui.tsx";
import { trpc } from "../trpc.ts";

export function SignInPage({ unreachable, ended }: { unreachable: unknown; ended?: boolean }) {
  const utils = trpc.useUtils();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const signIn = trpc.auth.signIn.useMutation({
    onSuccess: async (data) => {
      utils.auth.me.setData(undefined, data);
      await utils.invalidate();
    },
  });
  const errors = formErrors(signIn.error, ["email", "password"]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ email, password });
  };
  return (
    <div className="auth-wrap">
      <form className="auth-card form" onSubmit={submit} aria-label="Sign in">
        <div>
          <h1>Sign in</h1>
          <p className="muted">Support console for your team.</p>
        </div>
        {ended && !signIn.error && (
          <div className="alert info">You have been signed out. Sign in again to continue.</div>
        )}
        <ErrorAlert error={signIn.error ? errors.form : unreachable} />
        <Field label="Email" error={errors.fields.email}>
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoFocus
          />
        </Field>
        <Field label="Password" error={errors.fields.password}>
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </Field>
        <button className="primary" type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </button>
        <p className="hint">Forgot your password? Ask an admin on your team to reset it.</p>
      </form>
    </div>
  );
}
