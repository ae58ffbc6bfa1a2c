// Quick start: the suggested questions under the welcome message (set in the console, else the
// most-asked FAQs). A tap sends the question as the customer's first message, a real turn.
type Props = { questions: string[]; onAsk: (question: string) => void; disabled: boolean };

export function QuickStart({ questions, onAsk, disabled }: Props) {
  if (questions.length === 0) return null;
  return (
    <li className="row quick-start">
      <ul className="suggestions" aria-label="Suggested questions">
        {questions.map((q) => (
          <li key={q}>
            <button type="button" className="suggestion" disabled={disabled} onClick={() => onAsk(q)}>
              {q}
            </button>
          </li>
        ))}
      </ul>
    </li>
  );
}
