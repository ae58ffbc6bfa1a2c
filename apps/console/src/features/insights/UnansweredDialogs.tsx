// The fixes for an unanswered question: a new FAQ drafted from staff's replies, or the question
// added as another phrasing of an existing FAQ.
import { useEffect, useState } from "react";
import { ErrorAlert, Loading, Modal, useDebounced, useToast } from "../../components/ui.tsx";
import { DialogButtons } from "../../components/Modal.tsx";
import { trpc, type RouterOutputs } from "../../trpc.ts";

export type Group = RouterOutputs["insights"]["unanswered"]["groups"][number];

/** What the server needs to find a group's messages again. */
export function groupRef(g: Group) {
  return { signatures: g.signatures, example: g.examples[0] ?? g.key, messageIds: g.messageIds };
}

export function CreateFaqDialog({ group, onClose }: { group: Group; onClose: () => void }) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const [draft, setDraft] = useState<{ question: string; answer: string; category: string } | null>(null);
  const drafting = trpc.insights.draftFaq.useMutation({
    onSuccess: (d) => setDraft({ question: d.question, answer: d.answer, category: "general" }),
  });
  // Drafting may call the model: once per opening of the dialog.
  useEffect(() => {
    drafting.mutate(groupRef(group));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const publish = trpc.insights.createFaq.useMutation({
    onSuccess: async ({ faq }) => {
      toast(`FAQ “${faq.question}” published. The bot uses it from the next message.`);
      await Promise.all([utils.insights.invalidate(), utils.faq.list.invalidate()]);
      onClose();
    },
  });
  const source = drafting.data?.answerSource;
  return (
    <Modal
      title="Create FAQ"
      onClose={onClose}
      wide
      footer={
        <DialogButtons
          onCancel={onClose}
          onConfirm={() =>
            draft &&
            publish.mutate({
              group: groupRef(group),
              faq: { question: draft.question, answer: draft.answer, category: draft.category },
            })
          }
          label="Publish FAQ"
          busyLabel="Publishing…"
          busy={publish.isPending}
          disabled={!draft || !draft.question.trim() || !draft.answer.trim()}
        />
      }
    >
      <ErrorAlert error={drafting.error ?? publish.error} />
      {!draft ? (
        <Loading label="Drafting from staff replies…" />
      ) : (
        <div className="form">
          <label>
            Question
            <input value={draft.question} onChange={(e) => setDraft({ ...draft, question: e.target.value })} />
          </label>
          <label>
            Answer
            <textarea rows={6} value={draft.answer} onChange={(e) => setDraft({ ...draft, answer: e.target.value })} />
          </label>
          <p className="muted small" data-testid="draft-source">
            {source === "model"
              ? "Drafted by the model from what staff replied to these customers. Check it before publishing."
              : source === "staff_reply"
                ? "Quoted from a staff reply to one of these customers. Edit it into a general answer."
                : "Nobody on staff has answered this question yet: write the answer."}
          </p>
          <label>
            Category
            <input value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })} />
          </label>
        </div>
      )}
    </Modal>
  );
}

export function AddPhrasingDialog({ group, onClose }: { group: Group; onClose: () => void }) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const [search, setSearch] = useState(group.examples[0] ?? "");
  const debounced = useDebounced(search);
  const faqs = trpc.faq.list.useQuery({
    search: debounced.split(/\s+/).sort((a, b) => b.length - a.length)[0] ?? "",
    status: "active",
    pageSize: 20,
  });
  const all = trpc.faq.list.useQuery({ status: "active", pageSize: 100 }, { enabled: (faqs.data?.total ?? 1) === 0 });
  const options = faqs.data?.total ? faqs.data.items : (all.data?.items ?? []);
  const [faqId, setFaqId] = useState<string>("");
  const add = trpc.insights.addPhrasing.useMutation({
    onSuccess: async ({ faq }) => {
      toast(`Added as another way to ask “${faq.question}”.`);
      await utils.insights.invalidate();
      onClose();
    },
  });
  return (
    <Modal
      title="Add as alternate phrasing"
      onClose={onClose}
      footer={
        <DialogButtons
          onCancel={onClose}
          onConfirm={() => add.mutate({ group: groupRef(group), faqId })}
          label="Add phrasing"
          busyLabel="Adding…"
          busy={add.isPending}
          disabled={!faqId}
        />
      }
    >
      <ErrorAlert error={add.error ?? faqs.error} />
      <p>
        “{group.examples[0]}” becomes another way customers ask the FAQ you choose; the bot matches it from the next
        message.
      </p>
      <div className="form">
        <label>
          Find an FAQ
          <input value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          FAQ
          <select value={faqId} onChange={(e) => setFaqId(e.target.value)}>
            <option value="">Choose an FAQ…</option>
            {options.map((f) => (
              <option key={f.id} value={f.id}>
                {f.question}
              </option>
            ))}
          </select>
        </label>
      </div>
    </Modal>
  );
}
