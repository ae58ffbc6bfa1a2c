// The conversation: welcome message, stored messages, the customer's message in flight and the
// reply streaming for it. Keeps itself scrolled to the newest message while the reader is there.
import { memo, useEffect, useLayoutEffect, useRef, type ReactNode } from "react";
import type { ThreadMessage, Turn } from "./conversation.ts";
import { Markdown } from "./Markdown.tsx";

type Props = {
  businessName: string;
  welcome: string | null;
  /** Shown under the welcome message (the quick-start questions). */
  afterWelcome?: ReactNode;
  messages: ThreadMessage[];
  turn: Turn | null;
  /** A person is typing: their name ("" when unknown), or null. */
  agentTyping: string | null;
  onFeedback: (message: ThreadMessage, rating: "up" | "down") => void;
};

/** Customers see a person's first name, the way a shop assistant introduces themselves. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

export function Thread({ businessName, welcome, afterWelcome, messages, turn, agentTyping, onFeedback }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => {
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  });

  const showPendingUser = turn !== null && !messages.some((m) => m.clientMessageId === turn.clientMessageId);

  return (
    <div className="thread" ref={ref} aria-label="Conversation" role="region" tabIndex={-1}>
      <ol className="messages">
        {welcome && (
          <li className="row row-bot">
            <div className="bubble bubble-bot">
              <Markdown text={welcome} />
            </div>
          </li>
        )}
        {afterWelcome}
        {messages.map((m) => (
          <MessageRow key={m.id} message={m} businessName={businessName} onFeedback={onFeedback} />
        ))}
        {turn && showPendingUser && (
          <li className="row row-user">
            <div className={`bubble bubble-user${turn.accepted ? "" : " bubble-sending"}`}>
              <p className="plain">{turn.text}</p>
            </div>
            {!turn.accepted && <span className="meta">Sending…</span>}
          </li>
        )}
        {turn &&
          (turn.streamed ? (
            <li className="row row-bot">
              <div className="bubble bubble-bot" aria-busy="true">
                <Markdown text={turn.streamed} />
              </div>
            </li>
          ) : (
            <li className="row row-bot">
              <div className="bubble bubble-bot typing" role="status">
                <span className="dots" aria-hidden="true">
                  <i />
                  <i />
                  <i />
                </span>
                <span className={turn.slow ? "typing-label" : "sr-only"}>
                  {turn.slow ? "Still working on it…" : `${businessName || "The assistant"} is typing`}
                </span>
              </div>
            </li>
          ))}
        {agentTyping !== null && !turn && (
          <li className="row row-bot">
            <div className="bubble bubble-agent agent-typing">
              <span className="dots" aria-hidden="true">
                <i />
                <i />
                <i />
              </span>
              <span className="typing-label">
                {agentTyping ? `${firstName(agentTyping)} is typing…` : "Our team is typing…"}
              </span>
            </div>
          </li>
        )}
      </ol>
    </div>
  );
}

const MessageRow = memo(function MessageRow({
  message: m,
  businessName,
  onFeedback,
}: {
  message: ThreadMessage;
  businessName: string;
  onFeedback: Props["onFeedback"];
}) {
  if (m.role === "system") {
    return (
      <li className="row row-notice">
        <p className="notice">{m.content}</p>
      </li>
    );
  }
  if (m.role === "user") {
    return (
      <li className="row row-user">
        <div className="bubble bubble-user">
          {/* Customers' words are shown exactly as typed: plain text, never Markdown or HTML. */}
          <p className="plain">{m.content}</p>
        </div>
      </li>
    );
  }
  if (m.role === "agent") {
    return (
      <li className="row row-bot">
        <span className="author">
          {m.authorName ? `${firstName(m.authorName)}${businessName ? ` from ${businessName}` : ""}` : businessName}
        </span>
        <div className="bubble bubble-agent">
          <Markdown text={m.content} />
        </div>
      </li>
    );
  }
  return (
    <li className="row row-bot" data-message-id={m.id}>
      <div className="bubble bubble-bot">
        <Markdown text={m.content} />
      </div>
      <div className="reply-meta">
        {m.sources.length > 0 && (
          <p className="sources">
            <span className="sources-label">From our FAQ:</span> {m.sources.map((s) => s.question).join(" · ")}
          </p>
        )}
        {m.mode === "faq-only" && <p className="faq-only">Automatic answer taken from our FAQ</p>}
        <div className="feedback" role="group" aria-label="Was this answer helpful?">
          <button
            type="button"
            className="icon-button"
            aria-label="Helpful"
            aria-pressed={m.feedback === "up"}
            onClick={() => onFeedback(m, "up")}
          >
            <ThumbIcon />
          </button>
          <button
            type="button"
            className="icon-button flip"
            aria-label="Not helpful"
            aria-pressed={m.feedback === "down"}
            onClick={() => onFeedback(m, "down")}
          >
            <ThumbIcon />
          </button>
          {m.feedback && <span className="thanks">Thanks for the feedback</span>}
        </div>
      </div>
    </li>
  );
});

function ThumbIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
        d="M7 10v10H4V10h3zm0 0l4-7c1.3 0 2.2 1 2 2.3L12.4 9H18a2 2 0 012 2.3l-1.2 6.9A2 2 0 0116.8 20H7"
      />
    </svg>
  );
}
