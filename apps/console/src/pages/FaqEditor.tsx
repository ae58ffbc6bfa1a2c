// Create or edit one FAQ: question, other phrasings ("also asked as"), category (pick or type),
// answer with a markdown preview.
import { useState, type FormEvent } from "react";
import { DEFAULT_FAQ_CATEGORY, FAQ_ANSWER_MAX, FAQ_PHRASINGS_MAX, FAQ_QUESTION_MAX } from "@support/schemas";
import { Markdown } from "../components/Markdown.tsx";
import { ErrorAlert, Modal } from "../components/ui.tsx";
import { trpc, type RouterOutputs } from "../trpc.ts";

type Faq = RouterOutputs["faq"]["list"]["items"][number];

export function FaqEditor({ faq, onClose, onSaved }: { faq: Faq | null; onClose: () => void; onSaved: (f: Faq, created: boolean) => void }) {
  const utils = trpc.useUtils();
  const categories = trpc.faq.categories.useQuery();
  const [question, setQuestion] = useState(faq?.question ?? "");
  const [answer, setAnswer] = useState(faq?.answer ?? "");
  // One phrasing per line; the server trims them and keeps each once.
  const [phrasings, setPhrasings] = useState((faq?.alternatePhrasings ?? []).join("\n"));
  const [category, setCategory] = useState(faq?.category ?? "");
  const [isActive, setIsActive] = useState(faq?.isActive ?? true);
  const [tab, setTab] = useState<"write" | "preview">("write");
  const done = async (saved: Faq) => {
    await Promise.all([utils.faq.list.invalidate(), utils.faq.categories.invalidate()]);
    onSaved(saved, !faq);
  };
  const create = trpc.faq.create.useMutation({ onSuccess: done });
  const update = trpc.faq.update.useMutation({ onSuccess: done });
  const busy = create.isPending || update.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const alternatePhrasings = phrasings.split("\n").filter((p) => p.trim() !== "");
    const data = { question, answer, category: category.trim() || DEFAULT_FAQ_CATEGORY, alternatePhrasings, isActive };
    if (faq) update.mutate({ id: faq.id, ...data });
    else create.mutate(data);
  };

  return (
    <Modal
      title={faq ? "Edit FAQ" : "New FAQ"}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button className="primary" type="submit" form="faq-form" disabled={busy}>
            {busy ? "Saving…" : faq ? "Save changes" : "Add FAQ"}
          </button>
        </>
      }
    >
      <form id="faq-form" className="form" onSubmit={submit}>
        <ErrorAlert error={create.error ?? update.error} />
        <label className="field">
          Question
          <span className="hint">Write it the way a customer would ask it.</span>
          <input value={question} maxLength={FAQ_QUESTION_MAX} onChange={(e) => setQuestion(e.target.value)} placeholder="How long does shipping take?" required />
        </label>
        <label className="field">
          Also asked as
          <span className="hint">
            Other ways customers ask this, one per line (at most {FAQ_PHRASINGS_MAX}). They help the bot find this FAQ; customers never see them.
          </span>
          <textarea rows={3} value={phrasings} onChange={(e) => setPhrasings(e.target.value)} placeholder={"When will my order arrive?\nhow many days for delivery"} />
        </label>
        <div className="form-row">
          <label className="field">
            Category
            <span className="hint">Pick one from the list or type a new one.</span>
            <input list="faq-categories" value={category} onChange={(e) => setCategory(e.target.value)} placeholder={DEFAULT_FAQ_CATEGORY} maxLength={60} />
            <datalist id="faq-categories">
              {categories.data?.map((c) => <option key={c.category} value={c.category} />)}
            </datalist>
          </label>
          <label className="field">
            Status
            <span className="hint">Inactive FAQs stay here but the bot doesn't use them.</span>
            <span className="row" style={{ height: 36 }}>
              <input type="checkbox" checked={isActive} onChange={(e) => setIsActive(e.target.checked)} id="faq-active" />
              <span>{isActive ? "Active: the bot uses this answer" : "Inactive"}</span>
            </span>
          </label>
        </div>
        <div className="field">
          <div className="row">
            <strong>Answer</strong>
            <span className="spacer" />
            <div className="segmented" role="tablist" aria-label="Answer editor">
              <button type="button" role="tab" aria-selected={tab === "write"} className={tab === "write" ? "on" : ""} onClick={() => setTab("write")}>
                Write
              </button>
              <button type="button" role="tab" aria-selected={tab === "preview"} className={tab === "preview" ? "on" : ""} onClick={() => setTab("preview")}>
                Preview
              </button>
            </div>
          </div>
          <span className="hint">
            Plain text is fine. For formatting use markdown: <code>**bold**</code>, <code>- list item</code>, <code>[link](https://…)</code>.
          </span>
          {tab === "write" ? (
            <textarea aria-label="Answer" rows={9} value={answer} maxLength={FAQ_ANSWER_MAX} onChange={(e) => setAnswer(e.target.value)} required />
          ) : (
            <div className="markdown" data-testid="answer-preview">
              {answer.trim() ? <Markdown text={answer} /> : <span className="faint">Nothing to preview yet.</span>}
            </div>
          )}
          <span className="hint" style={{ textAlign: "right" }}>
            {answer.length} / {FAQ_ANSWER_MAX}
          </span>
        </div>
      </form>
    </Modal>
  );
}
