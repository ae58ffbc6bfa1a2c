// Create or edit one FAQ: question, other phrasings ("also asked as"), category (pick or type),
// answer with a markdown preview. Closing it with unsaved edits asks first.
import { useState } from "react";
import { DEFAULT_FAQ_CATEGORY, FAQ_ANSWER_MAX, FAQ_PHRASINGS_MAX, FAQ_QUESTION_MAX } from "@support/schemas";
import { Field } from "../../components/Field.tsx";
import { formErrors } from "../../components/form-errors.ts";
import { Markdown } from "../../components/Markdown.tsx";
import { FormModal } from "../../components/Modal.tsx";
import { trpc, type RouterOutputs } from "../../trpc.ts";

export type Faq = RouterOutputs["faq"]["list"]["items"][number];

const FIELDS = ["question", "answer", "category", "alternatePhrasings", "isActive"] as const;

export function FaqEditor({
  faq,
  onClose,
  onSaved,
}: {
  faq: Faq | null;
  onClose: () => void;
  onSaved: (f: Faq, created: boolean) => void;
}) {
  const utils = trpc.useUtils();
  const categories = trpc.faq.categories.useQuery();
  const initial = {
    question: faq?.question ?? "",
    answer: faq?.answer ?? "",
    phrasings: (faq?.alternatePhrasings ?? []).join("\n"),
    category: faq?.category ?? "",
    isActive: faq?.isActive ?? true,
  };
  const [question, setQuestion] = useState(initial.question);
  const [answer, setAnswer] = useState(initial.answer);
  // One phrasing per line; the server trims them and keeps each once.
  const [phrasings, setPhrasings] = useState(initial.phrasings);
  const [category, setCategory] = useState(initial.category);
  const [isActive, setIsActive] = useState(initial.isActive);
  const [tab, setTab] = useState<"write" | "preview">("write");
  const done = async (saved: Faq) => {
    await Promise.all([utils.faq.list.invalidate(), utils.faq.categories.invalidate()]);
    onSaved(saved, !faq);
  };
  const create = trpc.faq.create.useMutation({ onSuccess: done });
  const update = trpc.faq.update.useMutation({ onSuccess: done });
  const busy = create.isPending || update.isPending;
  const saved = create.isSuccess || update.isSuccess;
  const dirty =
    !saved &&
    (question !== initial.question ||
      answer !== initial.answer ||
      phrasings !== initial.phrasings ||
      category !== initial.category ||
      isActive !== initial.isActive);
  const alternatePhrasings = phrasings.split("\n").filter((p) => p.trim() !== "");
  const errors = formErrors(create.error ?? update.error, FIELDS, { alternatePhrasings });

  const submit = () => {
    const data = { question, answer, category: category.trim() || DEFAULT_FAQ_CATEGORY, alternatePhrasings, isActive };
    if (faq) update.mutate({ id: faq.id, ...data });
    else create.mutate(data);
  };

  return (
    <FormModal
      title={faq ? "Edit FAQ" : "New FAQ"}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={faq ? "Save changes" : "Add FAQ"}
      busy={busy}
      dirty={dirty}
      error={errors.form}
      wide
    >
      <Field label="Question" hint="Write it the way a customer would ask it." error={errors.fields.question}>
        <input
          value={question}
          maxLength={FAQ_QUESTION_MAX}
          onChange={(e) => setQuestion(e.target.value)}
          placeholder="How long does shipping take?"
          required
        />
      </Field>
      <Field
        label="Also asked as"
        hint={
          <>
            Other ways customers ask this, one per line (at most {FAQ_PHRASINGS_MAX}). They help the bot find this FAQ;
            customers never see them.
          </>
        }
        error={errors.fields.alternatePhrasings}
      >
        <textarea
          rows={3}
          value={phrasings}
          onChange={(e) => setPhrasings(e.target.value)}
          placeholder={"When will my order arrive?\nhow many days for delivery"}
        />
      </Field>
      <div className="form-row">
        <Field label="Category" hint="Pick one from the list or type a new one." error={errors.fields.category}>
          <input
            list="faq-categories"
            value={category}
            onChange={(e) => setCategory(e.target.value)}
            placeholder={DEFAULT_FAQ_CATEGORY}
            maxLength={60}
          />
        </Field>
        <datalist id="faq-categories">
          {categories.data?.map((c) => (
            <option key={c.category} value={c.category} />
          ))}
        </datalist>
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
            <button
              type="button"
              role="tab"
              aria-selected={tab === "write"}
              className={tab === "write" ? "on" : ""}
              onClick={() => setTab("write")}
            >
              Write
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === "preview"}
              className={tab === "preview" ? "on" : ""}
              onClick={() => setTab("preview")}
            >
              Preview
            </button>
          </div>
        </div>
        <span className="hint">
          Plain text is fine. For formatting use markdown: <code>**bold**</code>, <code>- list item</code>,{" "}
          <code>[link](https://…)</code>.
        </span>
        {tab === "write" ? (
          <textarea
            aria-label="Answer"
            rows={9}
            value={answer}
            maxLength={FAQ_ANSWER_MAX}
            onChange={(e) => setAnswer(e.target.value)}
            required
            aria-invalid={errors.fields.answer ? true : undefined}
            aria-describedby={errors.fields.answer ? "faq-answer-error" : undefined}
          />
        ) : (
          <div className="markdown" data-testid="answer-preview">
            {answer.trim() ? <Markdown text={answer} /> : <span className="faint">Nothing to preview yet.</span>}
          </div>
        )}
        {errors.fields.answer && (
          <span id="faq-answer-error" className="field-error" data-testid="field-error">
            {errors.fields.answer}
          </span>
        )}
        <span className="hint" style={{ textAlign: "right" }}>
          {answer.length} / {FAQ_ANSWER_MAX}
        </span>
      </div>
    </FormModal>
  );
}
