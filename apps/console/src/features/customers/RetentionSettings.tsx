// Retention (admins, on the Settings page): how long closed conversations keep their transcript.
// Its own form and procedure (retention.get / retention.update), apart from the main settings.
import { useEffect, useState, type FormEvent } from "react";
import { ErrorAlert, Loading, useToast } from "../../components/ui.tsx";
import { trpc } from "../../trpc.ts";

export function RetentionSettings() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const retention = trpc.retention.get.useQuery();
  const [keepForever, setKeepForever] = useState(true);
  const [days, setDays] = useState("90");
  useEffect(() => {
    if (!retention.data) return;
    setKeepForever(retention.data.retentionDays === null);
    if (retention.data.retentionDays !== null) setDays(String(retention.data.retentionDays));
  }, [retention.data]);
  const save = trpc.retention.update.useMutation({
    onSuccess: async (saved) => {
      toast(
        saved.retentionDays === null
          ? "Saved: conversations are kept forever."
          : `Saved: closed conversations lose their transcript after ${saved.retentionDays} days without activity.`,
      );
      await utils.retention.get.invalidate();
    },
  });
  if (retention.error) return <ErrorAlert error={retention.error} title="The retention setting couldn't be loaded." />;
  if (!retention.data) return <Loading />;

  const wanted = keepForever ? null : Number(days);
  const dirty = wanted !== retention.data.retentionDays;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ retentionDays: wanted });
  };

  return (
    <form onSubmit={submit} aria-labelledby="retention-title">
      <section className="panel panel-body form">
        <h2 id="retention-title">Data retention</h2>
        <span className="hint">
          How long to keep what customers wrote. When a closed conversation has had no activity for this many days, its
          messages, the customer's email, the ticket's copy of the chat and rating comments are removed (checked every
          hour). The ticket keeps its summary, and Insights keeps counting the conversation. Conversations that are
          still open, or whose ticket is not resolved, are kept.
        </span>
        <ErrorAlert error={save.error} title="Not saved:" />
        <label>
          <input type="checkbox" checked={keepForever} onChange={(e) => setKeepForever(e.target.checked)} /> Keep
          conversations forever
        </label>
        {!keepForever && (
          <label className="field" style={{ maxWidth: 320 }}>
            Remove transcripts after (days)
            <input
              type="number"
              min={1}
              max={3650}
              step={1}
              value={days}
              onChange={(e) => setDays(e.target.value)}
              required
            />
          </label>
        )}
        <div className="actions">
          {dirty && <span className="muted small">Unsaved changes</span>}
          <button className="primary" type="submit" disabled={save.isPending || !dirty}>
            {save.isPending ? "Saving…" : "Save retention"}
          </button>
        </div>
      </section>
    </form>
  );
}
