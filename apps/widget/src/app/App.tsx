// The chat panel: header, thread, the offer of a person and the hand-off step, and the message box,
// plus the wiring to the host page (open/close, focus, unread count) and the live region that
// announces new messages. The header says only what is true: "waiting for a person" until someone
// has actually replied or taken the conversation, then who joined.
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from "react";
import { parseHexColor, readableTextOn } from "../color.ts";
import { Composer } from "./Composer.tsx";
import { availabilityNote } from "./availability.ts";
import type { ThreadMessage } from "./conversation.ts";
import { EscalateForm } from "./EscalateForm.tsx";
import { preloadMarkdown } from "./Markdown.tsx";
import { QuickStart } from "./QuickStart.tsx";
import { RatingPrompt } from "./RatingPrompt.tsx";
import { colorFromHost, embedded, onHostMessage, postToHost } from "./host.ts";
import { sessionStore } from "./storage.ts";
import { firstName, Thread } from "./Thread.tsx";
import { trpc, trpcClient } from "./trpc.ts";
import { useConversation } from "./useConversation.ts";

const DEFAULT_COLOR = "#2563eb";
/** setTimeout's limit (~24.8 days): a later "back at" is re-read when the chat is next loaded. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function App() {
  const [visible, setVisible] = useState(!embedded);
  // The loader may load this frame ahead of time, hidden, so that opening the chat is instant: it
  // asks the server nothing until the customer first opens it.
  const [opened, setOpened] = useState(!embedded);
  const config = trpc.widget.config.useQuery(undefined, { enabled: opened });
  const utils = trpc.useUtils();
  const rereadConfig = useCallback(() => void utils.widget.config.invalidate(), [utils]);
  const { state, dispatch, send, ask, retry, setDraft, dismissFailure, refresh, agentTyping } = useConversation({
    active: opened,
    onSettingsChanged: rereadConfig,
  });
  // The "Talk to a person" button opened the hand-off step (the offer's "Yes" opens it through state.offer).
  const [escalating, setEscalating] = useState(false);
  // A bot answer just got a thumbs-down: offer a person or another try.
  const [downvoted, setDownvoted] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const escalateButtonRef = useRef<HTMLButtonElement>(null);
  const feedback = trpc.chat.feedback.useMutation();
  const declineHandoff = trpc.chat.declineHandoff.useMutation();

  const businessName = config.data?.businessName ?? "";
  const color = parseHexColor(colorFromHost) ?? parseHexColor(config.data?.widgetColor) ?? DEFAULT_COLOR;
  const theme = useMemo(() => ({ "--accent": color, "--on-accent": readableTextOn(color) }) as CSSProperties, [color]);

  // Host page bridge: say we're ready, focus the box when opened, close on Escape.
  useEffect(() => {
    const off = onHostMessage((message) => {
      if (message.type === "open") {
        setVisible(true);
        setOpened(true);
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

  // After the first paint of the opened chat: it is usable before the Markdown renderer arrives.
  useEffect(() => {
    if (opened) requestAnimationFrame(() => setTimeout(preloadMarkdown, 0));
  }, [opened]);

  // Outside business hours the note says when the team is back: at that moment, read it again.
  const backAt = config.data?.availability.open === false ? config.data.availability.backAt : null;
  useEffect(() => {
    if (!backAt) return;
    const timer = setTimeout(
      rereadConfig,
      Math.min(MAX_TIMER_MS, Math.max(0, Date.parse(backAt) - Date.now()) + 1_000),
    );
    return () => clearTimeout(timer);
  }, [backAt, rereadConfig]);

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
    const who =
      last.role === "system"
        ? ""
        : `${last.role === "agent" ? (last.authorName ?? businessName) : businessName} says: `;
    setAnnouncement(`${who}${last.content}`.slice(0, 500));
  }, [last, state.restoring, businessName]);

  // Staff replies that arrive while the panel is closed show as a count on the launcher.
  const seenAgentReplies = useRef(0);
  const agentReplies = state.messages.filter((m) => m.role === "agent").length;
  useEffect(() => {
    if (visible) seenAgentReplies.current = agentReplies;
    postToHost({ type: "unread", count: visible ? 0 : Math.max(0, agentReplies - seenAgentReplies.current) });
  }, [visible, agentReplies]);

  // The server emails a staff reply the customer hasn't seen within a few minutes (if they left an
  // email): tell it which replies have been on screen.
  const lastAgentReplyId = [...state.messages].reverse().find((m) => m.role === "agent")?.id ?? null;
  const reportedSeen = useRef<string | null>(null);
  useEffect(() => {
    const sessionToken = sessionStore.get();
    if (!visible || !lastAgentReplyId || !sessionToken || reportedSeen.current === lastAgentReplyId) return;
    reportedSeen.current = lastAgentReplyId;
    trpcClient.chat.seen.mutate({ sessionToken, messageId: lastAgentReplyId }).catch(() => {
      reportedSeen.current = null;
    });
  }, [visible, lastAgentReplyId]);

  useEffect(() => {
    if (state.failure) setAnnouncement(state.failure.message);
  }, [state.failure]);

  // The offer appears below the thread: read it out, as a reply would be.
  useEffect(() => {
    if (state.offer === "offered") setAnnouncement("Would you like to talk to a person from our team?");
  }, [state.offer]);

  const onFeedback = useCallback(
    (message: ThreadMessage, rating: "up" | "down") => {
      const sessionToken = sessionStore.get();
      if (!sessionToken) return;
      const previous = message.feedback;
      dispatch({ type: "feedback", messageId: message.id, rating });
      setDownvoted(rating === "down" ? message.id : null);
      feedback.mutate(
        { sessionToken, messageId: message.id, rating },
        { onError: () => dispatch({ type: "feedback", messageId: message.id, rating: previous }) },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- feedback.mutate is stable
    [dispatch],
  );

  const hasBotReply = state.messages.some((m) => m.role === "assistant");
  const inHandoff = state.status === "handoff";
  // The hand-off step: the customer accepted the offer, asked in words, or pressed the button.
  const handoffStep = !inHandoff && (escalating || state.offer === "accepted");
  // Handed back to the bot or resolved: the customer can ask for a person again.
  const canEscalate = hasBotReply && !inHandoff && !state.ticketReference && state.offer === null;
  // Quick start: offered on the welcome screen only, until the conversation has started.
  const suggestions =
    !state.restoring && state.messages.length === 0 && state.turn === null && !inHandoff
      ? (config.data?.suggestedQuestions ?? [])
      : [];
  // While nobody has joined yet: when people answer (business hours; updated live when they change).
  const waitingNote = inHandoff && !state.joinedBy ? availabilityNote(config.data?.availability ?? null) : null;
  const lastUserText = [...state.messages].reverse().find((m) => m.role === "user")?.content ?? "";
  const ticket = state.ticketReference ? `Ticket ${state.ticketReference} · ` : "";
  const subtitle = inHandoff
    ? state.joinedBy
      ? `${ticket}${firstName(state.joinedBy)} joined`
      : `${ticket}Waiting for a person`
    : state.status === "closed"
      ? "Resolved · write again any time"
      : "Our assistant answers right away";

  const decline = useCallback(() => {
    dispatch({ type: "offer", offer: null });
    const sessionToken = sessionStore.get();
    // Remembered by the server so the offer doesn't come back after every miss; if this call is
    // lost, the worst case is one more offer.
    if (sessionToken) declineHandoff.mutate({ sessionToken });
    requestAnimationFrame(() => inputRef.current?.focus());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- declineHandoff.mutate is stable
  }, [dispatch]);

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
          <button
            type="button"
            className="minimise"
            aria-label="Minimise chat"
            onClick={() => postToHost({ type: "close" })}
          >
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
              <path fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" d="M6 9l6 6 6-6" />
            </svg>
          </button>
        )}
      </header>

      <Thread
        businessName={businessName}
        welcome={config.data?.welcomeMessage ?? null}
        afterWelcome={<QuickStart questions={suggestions} onAsk={ask} disabled={state.turn !== null} />}
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
              {state.failure.requestId && (
                <span className="request-id"> Reference: {state.failure.requestId.slice(0, 8)}</span>
              )}
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

        {state.offer === "offered" && !inHandoff && !escalating && (
          <div className="offer" role="group" aria-labelledby="offer-question">
            <p id="offer-question">Would you like to talk to a person from our team?</p>
            <div className="offer-actions">
              <button
                type="button"
                className="button-primary"
                onClick={() => dispatch({ type: "offer", offer: "accepted" })}
              >
                Yes, connect me
              </button>
              <button type="button" className="button-secondary" onClick={decline}>
                No thanks
              </button>
            </div>
          </div>
        )}

        {waitingNote && (
          <p className="availability-note" role="status">
            {waitingNote}
          </p>
        )}

        {state.status === "closed" && <RatingPrompt />}

        {downvoted && !inHandoff && !escalating && state.offer === null && (
          <div className="offer" role="group" aria-labelledby="downvote-question">
            <p id="downvote-question">Sorry that didn't help. What would you like to do?</p>
            <div className="offer-actions">
              <button
                type="button"
                className="button-primary"
                onClick={() => {
                  setDownvoted(null);
                  dispatch({ type: "offer", offer: "accepted" });
                }}
              >
                Talk to a person
              </button>
              <button
                type="button"
                className="button-secondary"
                onClick={() => {
                  setDownvoted(null);
                  // The last question back in the box, to reword and send again.
                  setDraft(lastUserText);
                  requestAnimationFrame(() => inputRef.current?.focus());
                }}
              >
                Ask differently
              </button>
            </div>
          </div>
        )}

        {handoffStep ? (
          <EscalateForm
            initialDescription={lastUserText}
            knownContact={state.knownContact}
            onCancel={() => {
              // Backing out of an accepted offer is a "No thanks" too.
              if (state.offer === "accepted") decline();
              setEscalating(false);
              requestAnimationFrame(() => (escalateButtonRef.current ?? inputRef.current)?.focus());
            }}
            onCreated={(reference, contact) => {
              setEscalating(false);
              // The server's notice ("We've passed this to our team…") arrives as a message and is announced.
              dispatch({ type: "escalated", reference, contact });
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
                className="escalate-button"
                onClick={() => setEscalating(true)}
              >
                <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
                  <path fill="currentColor" d="M12 12a4 4 0 100-8 4 4 0 000 8zm0 2c-4 0-8 2-8 5v1h16v-1c0-3-4-5-8-5z" />
                </svg>
                Talk to a person
              </button>
            </div>
          )
        )}

        <Composer
          ref={inputRef}
          value={state.draft}
          onChange={setDraft}
          onSend={send}
          busy={state.turn !== null}
          placeholder={inHandoff ? "Write to our team…" : "Ask a question…"}
        />
      </div>
    </div>
  );
}
