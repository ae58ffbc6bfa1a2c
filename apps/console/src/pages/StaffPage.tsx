// Staff accounts (admins): add people, change role, deactivate and restore, reset passwords.
import { useState } from "react";
import { MIN_PASSWORD_LENGTH } from "@support/schemas";
import { Field } from "../components/Field.tsx";
import { formErrors } from "../components/form-errors.ts";
import { FormModal } from "../components/Modal.tsx";
import { ConfirmDialog, ErrorAlert, formatRelative, Loading, useToast } from "../components/ui.tsx";
import { trpc, type RouterOutputs } from "../trpc.ts";
import type { Me } from "../App.tsx";

type Member = RouterOutputs["staff"]["list"][number];

export function StaffPage({ me }: { me: Me }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const staff = trpc.staff.list.useQuery();
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<Member | null>(null);
  const [deactivating, setDeactivating] = useState<Member | null>(null);
  const refresh = () => Promise.all([utils.staff.list.invalidate(), utils.ticket.assignees.invalidate()]);
  const update = trpc.staff.update.useMutation({
    onSuccess: async (m) => {
      toast(`${m.name} is now ${m.role === "admin" ? "an admin" : "an agent"}.`);
      await refresh();
    },
    onError: (err) => toast(err.message, { kind: "error" }),
  });
  const setActive = trpc.staff.setActive.useMutation({
    onSuccess: async (m) => {
      setDeactivating(null);
      toast(m.isActive ? `${m.name} can sign in again.` : `${m.name} is deactivated and signed out.`);
      await refresh();
    },
    onError: (err) => toast(err.message, { kind: "error" }),
  });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Staff</h1>
          <p>Admins manage settings and staff. Agents handle tickets and FAQs.</p>
        </div>
        <button className="primary" onClick={() => setAdding(true)}>
          + Add staff member
        </button>
      </div>
      <div className="panel">
        {staff.error && (
          <div className="panel-body">
            <ErrorAlert error={staff.error} />
          </div>
        )}
        {staff.isPending && <Loading />}
        {staff.data && (
          <div className="table-wrap">
            <table className="table" aria-label="Staff">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Email</th>
                  <th>Role</th>
                  <th>Last sign-in</th>
                  <th>Status</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {staff.data.map((m) => (
                  <tr key={m.id} className={m.isActive ? "" : "inactive"}>
                    <td className="q">
                      {m.name} {m.id === me.id && <span className="faint">(you)</span>}
                    </td>
                    <td>{m.email}</td>
                    <td>
                      <select
                        aria-label={`Role of ${m.name}`}
                        value={m.role}
                        disabled={update.isPending || m.id === me.id}
                        title={m.id === me.id ? "Ask another admin to change your role" : undefined}
                        onChange={(e) => update.mutate({ id: m.id, role: e.target.value as Member["role"] })}
                        style={{ width: 110 }}
                      >
                        <option value="agent">Agent</option>
                        <option value="admin">Admin</option>
                      </select>
                    </td>
                    <td className="muted nowrap">{m.lastLoginAt ? formatRelative(m.lastLoginAt) : "Never"}</td>
                    <td>
                      {m.isActive ? (
                        <span className="badge resolved">Active</span>
                      ) : (
                        <span className="badge inactive">Deactivated</span>
                      )}
                    </td>
                    <td className="nowrap" style={{ textAlign: "right" }}>
                      <button className="small" onClick={() => setResetting(m)}>
                        Reset password
                      </button>{" "}
                      {m.id !== me.id &&
                        (m.isActive ? (
                          <button className="small ghost" onClick={() => setDeactivating(m)}>
                            Deactivate
                          </button>
                        ) : (
                          <button className="small" onClick={() => setActive.mutate({ id: m.id, isActive: true })}>
                            Restore
                          </button>
                        ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {adding && (
        <AddStaff
          onClose={() => setAdding(false)}
          onAdded={async (m) => {
            setAdding(false);
            toast(`${m.name} can now sign in with ${m.email}.`);
            await refresh();
          }}
        />
      )}
      {resetting && (
        <ResetPassword
          member={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            toast(`Password for ${resetting.name} changed. They've been signed out everywhere.`);
            setResetting(null);
          }}
        />
      )}
      {deactivating && (
        <ConfirmDialog
          title={`Deactivate ${deactivating.name}?`}
          confirmLabel="Deactivate"
          danger
          busy={setActive.isPending}
          onCancel={() => setDeactivating(null)}
          onConfirm={() => setActive.mutate({ id: deactivating.id, isActive: false })}
        >
          <p>
            They'll be signed out at once and can't sign in until you restore them. Their notes and ticket history are
            kept.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function PasswordField({
  value,
  onChange,
  label,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  error?: string;
}) {
  return (
    <Field
      label={label}
      hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words work well. Common passwords are refused.`}
      error={error}
    >
      <input
        type="password"
        autoComplete="new-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        minLength={MIN_PASSWORD_LENGTH}
        required
      />
    </Field>
  );
}

const EMPTY_MEMBER = { name: "", email: "", role: "agent" as Member["role"], password: "" };

function AddStaff({ onClose, onAdded }: { onClose: () => void; onAdded: (m: Member) => void }) {
  const [form, setForm] = useState(EMPTY_MEMBER);
  const create = trpc.staff.create.useMutation({ onSuccess: onAdded });
  const errors = formErrors(create.error, ["name", "email", "role", "password"]);
  return (
    <FormModal
      title="Add staff member"
      onClose={onClose}
      onSubmit={() => create.mutate(form)}
      submitLabel="Add"
      busyLabel="Adding…"
      busy={create.isPending}
      dirty={!create.isSuccess && JSON.stringify(form) !== JSON.stringify(EMPTY_MEMBER)}
      error={errors.form}
    >
      <Field label="Name" error={errors.fields.name}>
        <input
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          required
          maxLength={100}
        />
      </Field>
      <Field label="Email" error={errors.fields.email}>
        <input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} required />
      </Field>
      <Field label="Role" error={errors.fields.role}>
        <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Member["role"] })}>
          <option value="agent">Agent: tickets and FAQs</option>
          <option value="admin">Admin: also settings and staff</option>
        </select>
      </Field>
      <PasswordField
        label="First password"
        value={form.password}
        onChange={(password) => setForm({ ...form, password })}
        error={errors.fields.password}
      />
      <p className="hint">
        Give them the password in person or by phone; they can change it under their name at the top right.
      </p>
    </FormModal>
  );
}

function ResetPassword({ member, onClose, onDone }: { member: Member; onClose: () => void; onDone: () => void }) {
  const [password, setPassword] = useState("");
  const reset = trpc.staff.resetPassword.useMutation({ onSuccess: onDone });
  const errors = formErrors(reset.error, ["password"]);
  return (
    <FormModal
      title={`Reset password for ${member.name}`}
      onClose={onClose}
      onSubmit={() => reset.mutate({ id: member.id, password })}
      submitLabel="Set password"
      busy={reset.isPending}
      dirty={!reset.isSuccess && password !== ""}
      error={errors.form}
    >
      <PasswordField label="New password" value={password} onChange={setPassword} error={errors.fields.password} />
    </FormModal>
  );
}
