// Staff accounts (admins): add people, change role, deactivate and restore, reset passwords.
import { useState } from "react";
import { QueryTable, RowActions } from "../../components/QueryTable.tsx";
import { ConfirmDialog, formatRelative, useToast } from "../../components/ui.tsx";
import { trpc, type RouterOutputs } from "../../trpc.ts";
import type { Me } from "../../me.ts";
import { AddStaffDialog, ResetPasswordDialog } from "./StaffDialogs.tsx";

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
        <QueryTable
          items={staff.data}
          error={staff.error}
          label="Staff"
          columns={["Name", "Email", "Role", "Last sign-in", "Status"]}
          actions
        >
          {(m) => (
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
              <RowActions>
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
              </RowActions>
            </tr>
          )}
        </QueryTable>
      </div>
      {adding && (
        <AddStaffDialog
          onClose={() => setAdding(false)}
          onAdded={async (m) => {
            setAdding(false);
            toast(`${m.name} can now sign in with ${m.email}.`);
            await refresh();
          }}
        />
      )}
      {resetting && (
        <ResetPasswordDialog
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
