// Saved replies: every member of staff reads them here and inserts them with "/" in the Inbox;
// admins add, change and delete them.
import { useState, type FormEvent } from "react";
import { ConfirmDialog, Empty, ErrorAlert, formatRelative, Loading, Modal, useToast } from "../../components/ui.tsx";
import { Markdown } from "../../components/Markdown.tsx";
import { MessageIcon } from "../../components/icons.tsx";
import { Link } from "wouter";
import { trpc } from "../../trpc.ts";
import type { Me } from "../../me.ts";
import type { SavedReply } from "./SavedReplyPicker.tsx";
import "./inbox-tools.css";

export function SavedRepliesPage({ me }: { me: Me }) {
  const isAdmin = me.role === "admin";
  const toast = useToast();
  const utils = trpc.useUtils();
  const replies = trpc.savedReply.list.useQuery();
  const [editing, setEditing] = useState<SavedReply | "new" | null>(null);
  const [removing, setRemoving] = useState<SavedReply | null>(null);
  const remove = trpc.savedReply.remove.useMutation({
    onSuccess: async () => {
      setRemoving(null);
      toast("Saved reply deleted.");
      await utils.savedReply.list.invalidate();
    },
  });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Saved replies</h1>
          <p>
            Answers the whole team reuses. In the <Link to="/inbox">Inbox</Link>, type <kbd>/</kbd> and part of a
            shortcut or title, then <kbd>Enter</kbd> to insert one; edit it before sending if needed.{" "}
            {isAdmin ? "" : "Only admins can change them."}
          </p>
        </div>
        {isAdmin && (
          <button className="primary" onClick={() => setEditing("new")}>
            + New saved reply
          </button>
        )}
      </div>
      <div className="panel">
        <ErrorAlert error={replies.error} />
        {replies.isPending && <Loading />}
        {replies.data?.length === 0 && (
          <Empty icon={<MessageIcon size={28} />} title="No saved replies yet">
            <p>
              {isAdmin
                ? "Add the answers your team types again and again."
                : "An admin can add the answers your team types again and again."}
            </p>
          </Empty>
        )}
        {replies.data && replies.data.length > 0 && (
          <ul className="saved-replies">
            {replies.data.map((r) => (
              <li key={r.id} className="panel-body" data-testid="saved-reply">
                <div className="row">
                  <code>/{r.shortcut}</code> <strong>{r.title}</strong>
                  <span className="spacer" />
                  <span className="faint small">
                    {r.updatedByName ? `${r.updatedByName}, ` : ""}
                    {formatRelative(r.updatedAt)}
                  </span>
                  {isAdmin && (
                    <>
                      <button className="small ghost" onClick={() => setEditing(r)} aria-label={`Edit /${r.shortcut}`}>
                        Edit
                      </button>
                      <button
                        className="small ghost"
                        onClick={() => setRemoving(r)}
                        aria-label={`Delete /${r.shortcut}`}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </div>
                <div className="saved-reply-body">
                  <Markdown text={r.body} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      {editing && <SavedReplyForm reply={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      {removing && (
        <ConfirmDialog
          title={`Delete /${removing.shortcut}?`}
          confirmLabel="Delete"
          danger
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => setRemoving(null)}
          onConfirm={() => remove.mutate({ id: removing.id })}
        >
          <p>Nobody can insert "{removing.title}" any more. Replies already sent with it stay as they are.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function SavedReplyForm({ reply, onClose }: { reply: SavedReply | null; onClose: () => void }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [shortcut, setShortcut] = useState(reply?.shortcut ?? "");
  const [title, setTitle] = useState(reply?.title ?? "");
  const [body, setBody] = useState(reply?.body ?? "");
  const done = async () => {
    toast(reply ? "Saved reply updated." : "Saved reply added.");
    await utils.savedReply.list.invalidate();
    onClose();
  };
  const create = trpc.savedReply.create.useMutation({ onSuccess: done });
  const update = trpc.savedReply.update.useMutation({ onSuccess: done });
  const save = reply ? update : create;
  const fieldErrors =
    (save.error?.data as { zodError?: { fieldErrors?: Record<string, string[]> } } | undefined)?.zodError
      ?.fieldErrors ?? {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reply) update.mutate({ id: reply.id, shortcut, title, body });
    else create.mutate({ shortcut, title, body });
  };
  const fieldError = (name: string) =>
    fieldErrors[name]?.[0] && <span className="field-error">{fieldErrors[name][0]}</span>;
  return (
    <Modal
      title={reply ? `Edit /${reply.shortcut}` : "New saved reply"}
      onClose={onClose}
      wide
      footer={
        <>
          <button onClick={onClose}>Cancel</button>
          <button className="primary" type="submit" form="saved-reply-form" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save"}
          </button>
        </>
      }
    >
      <form id="saved-reply-form" className="form" onSubmit={submit}>
        {save.error && Object.keys(fieldErrors).length === 0 && <ErrorAlert error={save.error} />}
        <label className="field">
          Shortcut
          <span className="hint">
            What agents type after "/": lower-case letters, digits and dashes, e.g. refund-policy.
          </span>
          <input
            value={shortcut}
            onChange={(e) => setShortcut(e.target.value)}
            required
            maxLength={40}
            aria-invalid={Boolean(fieldErrors.shortcut)}
          />
          {fieldError("shortcut")}
        </label>
        <label className="field">
          Title
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={100}
            aria-invalid={Boolean(fieldErrors.title)}
          />
          {fieldError("title")}
        </label>
        <label className="field">
          Reply
          <span className="hint">
            Markdown: **bold**, lists and links show in the customer's chat as they do for the bot.
          </span>
          <textarea
            rows={8}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            required
            maxLength={4000}
            aria-invalid={Boolean(fieldErrors.body)}
          />
          {fieldError("body")}
        </label>
      </form>
    </Modal>
  );
}
