// "Try the bot": type a customer question and see what the bot would answer with the current FAQs
// and settings (the model's reply when one is configured, else the FAQ-only answer, labelled),
// without starting a customer conversation.
import { FlaskIcon } from "../components/icons.tsx";
import { useState, type FormEvent } from "react";
import { Markdown } from "../components/Markdown.tsx";
import { Empty, ErrorAlert, Loading } from "../components/ui.tsx";
import { trpc, type RouterOutputs } from "../trpc.ts";

export function TryItPage() {
  const [text, setText] = useState("");
  const [asked, setAsked] = useState<string | null>(null);
  // Each run may call the model (tokens from the daily cap): only on "Try it", never on a refocus.
  const preview = trpc.assistant.preview.useQuery(
    { question: asked ?? "" },
    { enabled: asked !== null, staleTime: Infinity, refetchOnWindowFocus: false, retry: false },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const question = text.trim();
    if (!question) return;
    if (question === asked) void preview.refetch();
    else setAsked(question);
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
              <textarea
                rows={3}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder="Do you ship to Canada?"
                aria-label="Customer question"
                style={{ minHeight: 70 }}
              />
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
                <p>
                  Useful after adding or editing an FAQ: check the bot picks it up for the questions customers really
                  ask.
                </p>
              </Empty>
            </div>
          )}
          {asked !== null && !p && preview.isFetching && <Loading />}
          {p && (
            <div className="panel panel-body try-result" data-testid="try-result">
              <div>
                <h3>
                  The bot's reply{" "}
                  {p.reply.mode === "llm" ? (
                    <span className="badge resolved">
                      Written by the model{p.reply.model ? ` (${p.reply.model})` : ""}
                    </span>
                  ) : p.reply.mode === "faq-only" ? (
                    <span className="badge in_progress" data-testid="faq-only-label">
                      FAQ-only
                    </span>
                  ) : (
                    <span className="badge open">Offers a person</span>
                  )}
                </h3>
                <div className="markdown" data-testid="try-answer">
                  {p.reply.mode === "offer" ? (
                    <p>
                      The customer asked for a person, so the bot doesn't answer: it offers to pass the conversation to
                      your team.
                    </p>
                  ) : (
                    <Markdown text={p.reply.content} />
                  )}
                </div>
                <p className="hint" style={{ marginTop: 6 }}>
                  {replyNote(p.reply)}
                  {p.reply.mode === "faq-only" &&
                    !p.faqOnly.confident &&
                    " No FAQ matches it confidently, so the bot would offer a person."}
                  {p.reply.sources.length > 0 && (
                    <> Based on: {p.reply.sources.map((s) => `“${s.question}”`).join(", ")}.</>
                  )}
                </p>
                {p.reply.mode === "llm" && (
                  <details style={{ marginTop: 6 }}>
                    <summary className="small">Without the model (FAQ-only mode) the bot would answer…</summary>
                    <div className="markdown" data-testid="try-faq-only">
                      <Markdown text={p.faqOnly.content} />
                    </div>
                  </details>
                )}
              </div>
              <div>
                <h3>
                  FAQs the bot would read ({p.selected.length} of {p.activeFaqs} active)
                </h3>
                {p.selected.length === 0 ? (
                  <p className="muted">
                    No active FAQ is relevant to this question. The bot would offer to pass the customer to a person.
                  </p>
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
                  <p className="hint" style={{ marginTop: 6 }}>
                    All active FAQs fit in the prompt, so the bot reads every one of them.
                  </p>
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
            For every customer message the bot reads your active FAQs. When they don't all fit in its budget, it reads
            the ones most related to the question. It answers only from them and offers a person when they don't cover
            the question.
          </p>
          <p className="muted">Deactivated FAQs are never used.</p>
        </aside>
      </div>
    </>
  );
}

type Reply = RouterOutputs["assistant"]["preview"]["reply"];

/** Why the reply is what it is, in words an admin can act on. */
function replyNote(reply: Reply): string {
  if (reply.mode === "llm") {
    const tokens = reply.usage
      ? ` It used ${(reply.usage.promptTokens + reply.usage.completionTokens).toLocaleString()} tokens of today's AI usage cap.`
      : "";
    return `This is what a customer asking this now would get.${tokens} Nothing was sent to customers or stored as a conversation.`;
  }
  if (reply.mode === "offer") return "A real conversation would now ask the customer how to reach them.";
  switch (reply.fallbackReason) {
    case "no_api_key":
      return "No AI model is configured on this server, so the bot answers from the best-matching FAQ (FAQ-only mode).";
    case "daily_token_cap":
      return "Today's AI usage cap is reached, so the bot answers from the FAQs only until midnight UTC.";
    case "timeout":
      return "The AI model took too long, so the bot fell back to the best-matching FAQ.";
    case "rate_limited":
      return "The AI model refused for now (rate limit), so the bot fell back to the best-matching FAQ.";
    default:
      return "The AI model failed, so the bot fell back to the best-matching FAQ, as a customer would see it.";
  }
}
