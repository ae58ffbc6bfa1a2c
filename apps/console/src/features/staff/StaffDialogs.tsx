// The Staff page's dialogs: add a person (with a first password) and set a new password for one.
import { useState } from "react";
import { MIN_PASSWORD_LENGTH } from "@support/schemas";
import { Field } from "../../components/Field.tsx";
import { formErrors } from "../../components/form-errors.ts";
import { FormModal } from "../../components/Modal.tsx";
import { trpc, type RouterOutputs } from "../../trpc.ts";

type Member = RouterOutputs["staff"]["list"][number];

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

export function AddStaffDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (m: Member) => void }) {
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

export function ResetPasswordDialog({
  member,
  onClose,
  onDone,
}: {
  member: Member;
  onClose: () => void;
  onDone: () => void;
}) {
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
