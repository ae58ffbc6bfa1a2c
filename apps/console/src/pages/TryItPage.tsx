// "Try the bot": type a customer question and see what the bot would do with the current FAQs,
// without starting a customer conversation.
import { FlaskIcon } from "../components/icons.tsx";
import { useState, type FormEvent } from "react";
import { Markdown } from "../components/Markdown.tsx";
import { Empty, ErrorAlert, Loading } from "../components/ui.tsx";
import { trpc } from "../trpc.ts";

export function TryItPage() {
  const [text, setText] = useState("");
  const [asked, setAsked] = useState<string | null>(null);
  const preview = trpc.assistant.preview.useQuery({ question: asked ?? "" }, { enabled: asked !== null, staleTime: 0 });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) setAsked(text.trim());
  };
  const p = preview.data;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Try the bot</h1>
          <p>Ask a question the way a customer would. Nothing is sent to customers and no conversation is created.</p>
        </div>
      </div>
      <div className="grid-2">
        <div className="stack">
          <form className="panel panel-body form" onSubmit={submit}>
            <label className="field">
              Customer question
              <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder="Do you ship to Canada?" aria-label="Customer question" style={{ minHeight: 70 }} />
            </label>
            <div className="row">
              <button className="primary" type="submit" disabled={!text.trim() || preview.isFetching}>
                {preview.isFetching ? "Checking…" : "Try it"}
              </button>
              <span className="hint">Uses the FAQs and settings as they are right now.</span>
            </div>
          </form>
          <ErrorAlert error={preview.error} />
          {asked === null && (
            <div className="panel">
              <Empty icon={<FlaskIcon />} title="See what the bot would answer">
                <p>Useful after adding or editing an FAQ: check the bot picks it up for the questions customers really ask.</p>
              </Empty>
            </div>
          )}
          {asked !== null && !p && preview.isFetching && <Loading />}
          {p && (
            <div className="panel panel-body try-result" data-testid="try-result">
              <div>
                <h3>Answer from the FAQs {p.faqOnly.confident ? "" : <span className="badge in_progress">no confident match</span>}</h3>
                <div className="markdown" data-testid="try-answer">
                  <Markdown text={p.faqOnly.content} />
                </div>
                <p className="hint" style={{ marginTop: 6 }}>
                  This is the answer the bot gives without an AI model (FAQ-only mode). With a model connected, the bot writes its own reply using the FAQs below.
                  {p.faqOnly.sources.length > 0 && <> Based on: {p.faqOnly.sources.map((s) => `“${s.question}”`).join(", ")}.</>}
                </p>
              </div>
              <div>
                <h3>FAQs the bot would read ({p.selected.length} of {p.activeFaqs} active)</h3>
                {p.selected.length === 0 ? (
                  <p className="muted">No active FAQ is relevant to this question. The bot would offer to pass the customer to a person.</p>
                ) : (
                  <ol style={{ margin: 0, paddingLeft: 20 }}>
                    {p.selected.map((s) => (
                      <li key={s.id}>
                        {s.question} <span className="badge category">{s.category}</span>
                        {s.score !== null && <span className="faint small"> relevance {s.score.toFixed(2)}</span>}
                      </li>
                    ))}
                  </ol>
                )}
                {p.selected.length > 0 && p.selected.every((s) => s.score === null) && (
                  <p className="hint" style={{ marginTop: 6 }}>All active FAQs fit in the prompt, so the bot reads every one of them.</p>
                )}
              </div>
              <div>
                <h3>Prompt size</h3>
                <div className="stat-row">
                  <div className="stat">
                    <b>{p.systemPromptTokens.toLocaleString()}</b>
                    <span>tokens in the bot's instructions</span>
                  </div>
                  <div className="stat">
                    <b>
                      {p.faqTokens.toLocaleString()} / {p.faqTokenBudget.toLocaleString()}
                    </b>
                    <span>tokens of FAQs (budget)</span>
                  </div>
                </div>
                <div className="meter" style={{ marginTop: 8 }} aria-label="FAQ budget used">
                  <span style={{ width: `${Math.min(100, (p.faqTokens / Math.max(1, p.faqTokenBudget)) * 100)}%` }} />
                </div>
              </div>
            </div>
          )}
        </div>
        <aside className="panel panel-body">
          <h3>How the bot uses FAQs</h3>
          <p className="muted">
            For every customer message the bot reads your active FAQs. When they don't all fit in its budget, it reads the ones most related to the
            question. It answers only from them and offers a person when they don't cover the question.
          </p>
          <p className="muted">Deactivated FAQs are never used.</p>
        </aside>
      </div>
    </>
  );
}
