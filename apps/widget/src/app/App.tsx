// The chat panel: header, thread, escalation and the message box, plus the wiring to the host page
// (open/close, focus, unread count) and the live region that announces new messages.
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from "react";
import { parseHexColor, readableTextOn } from "../color.ts";
import { Composer } from "./Composer.tsx";
import type { ThreadMessage } from "./conversation.ts";
import { EscalateForm } from "./EscalateForm.tsx";
import { colorFromHost, embedded, onHostMessage, postToHost } from "./host.ts";
import { sessionStore } from "./storage.ts";
import { Thread } from "./Thread.tsx";
import { trpc } from "./trpc.ts";
import { useConversation } from "./useConversation.ts";

const DEFAULT_COLOR = "#2563eb";

export function App() {
  const config = trpc.widget.config.useQuery();
  // True from opening the escalation form until its ticket exists: the hand-off is the customer's own.
  const escalatingRef = useRef(false);
  const { state, dispatch, send, retry, setDraft, dismissFailure, refresh, agentTyping } = useConversation({ isEscalating: () => escalatingRef.current });
  const [visible, setVisible] = useState(!embedded);
  const [escalating, setEscalatingState] = useState(false);
  const setEscalating = useCallback((open: boolean) => {
    escalatingRef.current = open;
    setEscalatingState(open);
  }, []);
  // Shown right after escalating, until the customer writes again (the thread keeps the notice).
  const [justEscalated, setJustEscalated] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const escalateButtonRef = useRef<HTMLButtonElement>(null);
  const feedback = trpc.chat.feedback.useMutation();

  const businessName = config.data?.businessName ?? "";
  const color = parseHexColor(colorFromHost) ?? parseHexColor(config.data?.widgetColor) ?? DEFAULT_COLOR;
  const theme = useMemo(() => ({ "--accent": color, "--on-accent": readableTextOn(color) }) as CSSProperties, [color]);

  // Host page bridge: say we're ready, focus the box when opened, close on Escape.
  useEffect(() => {
    const off = onHostMessage((message) => {
      if (message.type === "open") {
        setVisible(true);
        if (message.focus) inputRef.current?.focus();
      } else if (message.type === "closed") {
        setVisible(false);
      }
    });
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) postToHost({ type: "close" });
    };
    document.addEventListener("keydown", onKeyDown);
    postToHost({ type: "ready" });
    return () => {
      off();
      document.removeEventListener("keydown", onKeyDown);
    };
  }, []);
  useEffect(() => {
    if (!embedded) inputRef.current?.focus();
  }, []);

  // Announce each completed message once (streaming text is not read token by token).
  const announced = useRef<string | null>(null);
  const last = state.messages.at(-1);
  useEffect(() => {
    if (state.restoring) return;
    if (announced.current === null) {
      // Baseline once the thread is restored: old messages are not read out again.
      announced.current = last?.id ?? "";
      return;
    }
    if (!last || last.role === "user" || announced.current === last.id) return;
    announced.current = last.id;
    const who = last.role === "system" ? "" : `${last.role === "agent" ? (last.authorName ?? businessName) : businessName} says: `;
    setAnnouncement(`${who}${last.content}`.slice(0, 500));
  }, [last, state.restoring, businessName]);

  // Staff replies that arrive while the panel is closed show as a count on the launcher.
  const seenAgentReplies = useRef(0);
  const agentReplies = state.messages.filter((m) => m.role === "agent").length;
  useEffect(() => {
    if (visible) seenAgentReplies.current = agentReplies;
    postToHost({ type: "unread", count: visible ? 0 : Math.max(0, agentReplies - seenAgentReplies.current) });
  }, [visible, agentReplies]);

  useEffect(() => {
    if (state.failure) setAnnouncement(state.failure.message);
  }, [state.failure]);

  const onFeedback = useCallback(
    (message: ThreadMessage, rating: "up" | "down") => {
      const sessionToken = sessionStore.get();
      if (!sessionToken) return;
      const previous = message.feedback;
      dispatch({ type: "feedback", messageId: message.id, rating });
      feedback.mutate(
        { sessionToken, messageId: message.id, rating },
        { onError: () => dispatch({ type: "feedback", messageId: message.id, rating: previous }) },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- feedback.mutate is stable
    [dispatch],
  );

  // The "ticket created" line belongs to the hand-off it started.
  useEffect(() => {
    if (state.status !== "handoff") setJustEscalated(null);
  }, [state.status]);

  const hasBotReply = state.messages.some((m) => m.role === "assistant");
  const lastBotReply = [...state.messages].reverse().find((m) => m.role === "assistant");
  // Handed back to the bot or resolved: the customer can ask for a person again.
  const canEscalate = hasBotReply && state.status !== "handoff" && !state.ticketReference;
  const lastUserText = [...state.messages].reverse().find((m) => m.role === "user")?.content ?? "";
  const inHandoff = state.status === "handoff";
  const subtitle = inHandoff
    ? `${state.ticketReference ? `Ticket ${state.ticketReference} · ` : ""}A person will reply here`
    : state.status === "closed"
      ? "Resolved · write again any time"
      : "Our assistant answers right away";

  return (
    <div className="widget" style={theme}>
      <header className="header">
        <div className="avatar" aria-hidden="true">
          {businessName.slice(0, 1).toUpperCase() || "?"}
        </div>
        <div className="header-text">
          <h1 className="title">{businessName || "\u00a0"}</h1>
          <p className="subtitle">{subtitle}</p>
        </div>
        {embedded && (
          <button type="button" className="minimise" aria-label="Minimise chat" onClick={() => postToHost({ type: "close" })}>
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
              <path fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" d="M6 9l6 6 6-6" />
            </svg>
          </button>
        )}
      </header>

      <Thread
        businessName={businessName}
        welcome={config.data?.welcomeMessage ?? null}
        messages={state.messages}
        turn={state.turn}
        agentTyping={inHandoff ? agentTyping : null}
        onFeedback={onFeedback}
      />

      <div className="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>

      <div className="footer">
        {state.failure && (
          <div className={`failure failure-${state.failure.kind}`} role="alert">
            <p>
              {state.failure.message}
              {state.failure.requestId && <span className="request-id"> Reference: {state.failure.requestId.slice(0, 8)}</span>}
            </p>
            <div className="failure-actions">
              {state.failure.retry && (
                <button type="button" className="button-small" onClick={retry} disabled={state.turn !== null}>
                  Retry
                </button>
              )}
              <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismissFailure}>
                ×
              </button>
            </div>
          </div>
        )}

        {escalating ? (
          <EscalateForm
            initialDescription={lastUserText}
            onCancel={() => {
              setEscalating(false);
              requestAnimationFrame(() => escalateButtonRef.current?.focus());
            }}
            onCreated={(reference) => {
              setEscalating(false);
              dispatch({ type: "escalated", reference });
              setJustEscalated(reference);
              setAnnouncement(`Ticket ${reference} created. A person from our team will reply here.`);
              void refresh();
              requestAnimationFrame(() => inputRef.current?.focus());
            }}
          />
        ) : (
          canEscalate && (
            <div className="escalate-bar">
              <button
                ref={escalateButtonRef}
                type="button"
                className={`escalate-button${lastBotReply?.handoffSuggested ? " suggested" : ""}`}
                onClick={() => setEscalating(true)}
              >
                <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
                  <path fill="currentColor" d="M12 12a4 4 0 100-8 4 4 0 000 8zm0 2c-4 0-8 2-8 5v1h16v-1c0-3-4-5-8-5z" />
                </svg>
                Escalate to a human
              </button>
            </div>
          )
        )}

        {justEscalated && !escalating && (
          <p className="ticket-confirmation" role="status">
            <span aria-hidden="true">✓</span> Ticket <strong>{justEscalated}</strong> created. A person from our team will reply here.
          </p>
        )}

        <Composer
          ref={inputRef}
          value={state.draft}
          onChange={setDraft}
          onSend={() => {
            setJustEscalated(null);
            send();
          }}
          busy={state.turn !== null}
          placeholder={inHandoff ? "Write to our team…" : "Ask a question…"}
        />
      </div>
    </div>
  );
}

