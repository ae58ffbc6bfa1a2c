// "How did we do?" once a hand-off is resolved: 1 to 5 stars and an optional comment, asked once
// per ticket (the server says whether one is due) and stored on the ticket for staff to see.
import { useId, useState } from "react";
import { describeFailure } from "./errors.ts";
import { sessionStore } from "./storage.ts";
import { trpc } from "./trpc.ts";

export function RatingPrompt() {
  const id = useId();
  const sessionToken = sessionStore.get();
  const due = trpc.chat.ratingDue.useQuery({ sessionToken: sessionToken ?? "" }, { enabled: sessionToken !== null });
  const rate = trpc.chat.rate.useMutation();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState("");
  if (!sessionToken || !due.data) return null;
  if (rate.isSuccess) {
    return (
      <p className="offer rating-thanks" role="status">
        Thanks for your rating!
      </p>
    );
  }
  return (
    <form
      className="offer rating"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (score < 1 || rate.isPending) return;
        rate.mutate({ sessionToken, score, comment: comment.trim() || undefined });
      }}
    >
      <p id={`${id}-title`}>How did we do?</p>
      <div className="stars" role="radiogroup" aria-label="Your rating, 1 to 5 stars">
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={score === n}
            aria-label={`${n} star${n === 1 ? "" : "s"}`}
            className={n <= score ? "star on" : "star"}
            onClick={() => setScore(n)}
          >
            ★
          </button>
        ))}
      </div>
      <label htmlFor={`${id}-comment`} className="sr-only">
        Comment (optional)
      </label>
      <textarea
        id={`${id}-comment`}
        rows={2}
        maxLength={1000}
        placeholder="Anything to add? (optional)"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      {rate.error && (
        <p className="field-error" role="alert">
          {describeFailure(rate.error, { online: navigator.onLine }).message}
        </p>
      )}
      <div className="offer-actions">
        <button type="submit" className="button-primary" disabled={score < 1 || rate.isPending}>
          {rate.isPending ? "Sending…" : "Send rating"}
        </button>
      </div>
    </form>
  );
}
