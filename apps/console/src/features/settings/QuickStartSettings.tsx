// Quick start (admins): up to four questions the chat's welcome screen offers, one tap asking one.
// Left empty, the chat offers the most-asked FAQs, shown here as the placeholders.
import { useEffect, useState, type FormEvent } from "react";
import { ErrorAlert, Loading, useToast } from "../../components/ui.tsx";
import { trpc } from "../../trpc.ts";

const SLOTS = 4;
const MAX_CHARS = 120;

export function QuickStartSettings() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const current = trpc.settings.suggestedQuestions.useQuery();
  const [form, setForm] = useState<string[] | null>(null);
  const fill = (questions: string[]) => Array.from({ length: SLOTS }, (_, i) => questions[i] ?? "");
  useEffect(() => {
    if (current.data && !form) setForm(fill(current.data.questions));
  }, [current.data, form]);
  const save = trpc.settings.updateSuggestedQuestions.useMutation({
    onSuccess: async (saved) => {
      setForm(fill(saved.questions));
      toast(saved.questions.length ? "Suggested questions saved." : "Saved: the chat offers your most-asked FAQs.");
      await utils.settings.suggestedQuestions.invalidate();
    },
  });
  if (current.error) return <ErrorAlert error={current.error} title="Suggested questions couldn't be loaded." />;
  if (!form || !current.data) return <Loading />;

  const questions = form.map((q) => q.trim()).filter(Boolean);
  const dirty = JSON.stringify(questions) !== JSON.stringify(current.data.questions);
  const defaults = current.data.defaults;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ questions });
  };

  return (
    <form onSubmit={submit} aria-labelledby="quick-start-title">
      <section className="panel panel-body form">
        <h2 id="quick-start-title">Suggested questions</h2>
        <span className="hint">
          Up to four questions the chat offers under its welcome message; a tap asks one. Leave them empty to offer your
          most-asked FAQs (the FAQs the bot cited most in the last 30 days{defaults.length ? ", shown greyed" : ""}).
        </span>
        <ErrorAlert error={save.error} title="Not saved:" />
        {form.map((value, i) => (
          <label className="field" key={i}>
            Question {i + 1}
            <input
              value={value}
              maxLength={MAX_CHARS}
              placeholder={questions.length === 0 ? (defaults[i] ?? "") : ""}
              onChange={(e) => setForm(form.map((q, j) => (j === i ? e.target.value : q)))}
            />
          </label>
        ))}
        <div className="actions">
          {dirty && <span className="muted small">Unsaved changes</span>}
          <button className="primary" type="submit" disabled={save.isPending || !dirty}>
            {save.isPending ? "Saving…" : "Save suggested questions"}
          </button>
        </div>
      </section>
    </form>
  );
}
