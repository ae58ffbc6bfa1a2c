// Sign-in: email and password; errors say what to do (wrong details, throttled, deactivated).
import { useState, type FormEvent } from "react";
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
        {ended && !signIn.error && <div className="alert info">You have been signed out. Sign in again to continue.</div>}
        <ErrorAlert error={signIn.error ?? unreachable} />
        <label className="field">
          Email
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        </label>
        <label className="field">
          Password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button className="primary" type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </button>
        <p className="hint">Forgot your password? Ask an admin on your team to reset it.</p>
      </form>
    </div>
  );
}
