// The message box: Enter sends, Shift+Enter adds a line, grows with its text up to a few lines.
import { forwardRef, useLayoutEffect, useRef, type KeyboardEvent } from "react";

const MAX_CHARS = 2000;

type Props = {
  value: string;
  onChange: (text: string) => void;
  onSend: () => void;
  busy: boolean;
  placeholder: string;
};

export const Composer = forwardRef<HTMLTextAreaElement, Props>(function Composer(
  { value, onChange, onSend, busy, placeholder },
  forwarded,
) {
  const inner = useRef<HTMLTextAreaElement | null>(null);

  useLayoutEffect(() => {
    const el = inner.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 140)}px`;
  }, [value]);

  const canSend = value.trim().length > 0 && !busy;
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      if (canSend) onSend();
    }
  };
  const remaining = MAX_CHARS - value.length;

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSend) onSend();
      }}
    >
      <label htmlFor="composer-input" className="sr-only">
        Your message
      </label>
      <textarea
        id="composer-input"
        ref={(el) => {
          inner.current = el;
          if (typeof forwarded === "function") forwarded(el);
          else if (forwarded) forwarded.current = el;
        }}
        rows={1}
        value={value}
        maxLength={MAX_CHARS}
        placeholder={placeholder}
        aria-describedby={remaining < 200 ? "composer-count" : undefined}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {remaining < 200 && (
        <span id="composer-count" className="count" aria-live="polite">
          {remaining} characters left
        </span>
      )}
      <button type="submit" className="send" aria-label="Send message" disabled={!canSend}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M3.4 20.4l17.45-7.48a1 1 0 000-1.84L3.4 3.6a1 1 0 00-1.39 1.2L4.5 12l-2.49 7.2a1 1 0 001.39 1.2z"
          />
        </svg>
      </button>
    </form>
  );
});
