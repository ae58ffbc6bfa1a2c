// Writes to the conversation: a reply the customer sees at once, or an internal note only staff
// see (the "Reply" / "Internal note" switch). "/" opens the saved replies; Enter sends.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { newClientMessageId } from "@support/client";
import { errorText } from "../../components/ui.tsx";
import { trpc } from "../../trpc.ts";
import {
  matchSavedReplies,
  optionId,
  PICKER_ID,
  SavedReplyPicker,
  slashQuery,
  type SavedReply,
} from "./SavedReplyPicker.tsx";
import type { Conversation } from "./inbox-format.ts";

/** Agent typing reaches the customer at most this often. */
const TYPING_SEND_EVERY_MS = 2_000;

type Mode = "reply" | "note";

export function Composer({
  conversationId,
  status,
  lastSeq,
  colleagueTyping,
}: {
  conversationId: string;
  status: Conversation["status"];
  /** The newest message this agent has on screen: a colleague's reply after it makes the server refuse ours. */
  lastSeq: string | null;
  colleagueTyping: boolean;
}) {
  const utils = trpc.useUtils();
  const [mode, setMode] = useState<Mode>("reply");
  const [text, setText] = useState("");
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  // The "/" that Escape closed: the picker stays shut until another slash is typed.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  // A failed send keeps its id: sending the same text again cannot post it twice.
  const pending = useRef<{ clientId: string; text: string; mode: Mode } | null>(null);
  const lastTyping = useRef(0);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const savedReplies = trpc.savedReply.list.useQuery(undefined, { staleTime: 60_000 });
  const typingSignal = trpc.inbox.typing.useMutation();
  const sent = (body: string) => {
    pending.current = null;
    setText((t) => (t.trim() === body ? "" : t));
  };
  const reply = trpc.inbox.reply.useMutation({
    // A colleague replied first: their reply is loaded into the thread; ours stays in the box.
    onError: (err) => {
      if (err.data?.code === "CONFLICT") void utils.inbox.get.invalidate({ conversationId });
    },
    onSuccess: (message) => {
      sent(message.content);
      utils.inbox.get.setData({ conversationId }, (old) =>
        old && !old.messages.some((m) => m.id === message.id) ? { ...old, messages: [...old.messages, message] } : old,
      );
      // Replying starts work on the ticket and may take the conversation from the bot.
      void utils.inbox.get.invalidate({ conversationId });
      void utils.inbox.list.invalidate();
    },
  });
  const addNote = trpc.inbox.addNote.useMutation({
    onSuccess: (note) => {
      sent(note.body);
      utils.inbox.get.setData({ conversationId }, (old) =>
        old && !old.notes.some((n) => n.id === note.id) ? { ...old, notes: [...old.notes, note] } : old,
      );
    },
  });
  const busy = reply.isPending || addNote.isPending;
  const error = mode === "reply" ? reply.error : addNote.error;

  useEffect(() => {
    inputRef.current?.focus();
  }, [conversationId]);

  const slash = slashQuery(text, caret);
  const pickerOpen = slash !== null && slash.start !== dismissedAt;
  const matches = pickerOpen ? matchSavedReplies(savedReplies.data ?? [], slash.query) : [];
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  const insert = (saved: SavedReply) => {
    if (!slash) return;
    const next = text.slice(0, slash.start) + saved.body + text.slice(caret);
    const at = slash.start + saved.body.length;
    setText(next);
    setCaret(at);
    requestAnimationFrame(() => inputRef.current?.setSelectionRange(at, at));
  };

  const send = () => {
    const body = text.trim();
    if (!body || busy) return;
    const clientId =
      pending.current?.text === body && pending.current.mode === mode ? pending.current.clientId : newClientMessageId();
    pending.current = { clientId, text: body, mode };
    if (mode === "note") addNote.mutate({ conversationId, clientNoteId: clientId, text: body });
    else
      reply.mutate({
        conversationId,
        clientMessageId: clientId,
        text: body,
        ...(lastSeq ? { lastSeenSeq: lastSeq } : {}),
      });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (pickerOpen && e.key === "Escape") {
      e.preventDefault();
      setDismissedAt(slash.start);
      return;
    }
    if (pickerOpen && matches.length > 0) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        setActive((activeIndex + (e.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        insert(matches[activeIndex]!);
        return;
      }
    }
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      send();
    }
  };
  const onChange = (value: string, at: number) => {
    setText(value);
    setCaret(at);
    setActive(0);
    const now = Date.now();
    // Only replies are announced to the customer: nobody "is typing" a note to them.
    if (mode === "reply" && value.trim() && now - lastTyping.current >= TYPING_SEND_EVERY_MS) {
      lastTyping.current = now;
      typingSignal.mutate({ conversationId });
    }
  };

  return (
    <form
      className={`reply-box${mode === "note" ? " note-mode" : ""}`}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <div className="compose-mode" role="radiogroup" aria-label="Write">
        {(["reply", "note"] as const).map((m) => (
          <label key={m} className={mode === m ? "on" : ""}>
            <input
              type="radio"
              name={`compose-mode-${conversationId}`}
              value={m}
              checked={mode === m}
              onChange={() => setMode(m)}
            />
            {m === "reply" ? "Reply" : "Internal note"}
          </label>
        ))}
        <span className="hint">
          {mode === "note" ? "Only staff see notes; the customer never does." : "Type / for saved replies."}
        </span>
      </div>
      {colleagueTyping && <p className="hint">A colleague is typing a reply here too.</p>}
      {error && (
        <div className="alert error row" role="alert">
          <span>
            Not sent: {errorText(error)}
            {mode === "reply" && reply.error?.data?.code === "CONFLICT"
              ? " Their reply is now in the thread above."
              : ""}
          </span>
          <span className="spacer" />
          <button type="submit" className="small">
            Retry
          </button>
        </div>
      )}
      {pickerOpen && (
        <SavedReplyPicker
          matches={matches}
          active={activeIndex}
          query={slash.query}
          loaded={savedReplies.isSuccess}
          onPick={insert}
          onHover={setActive}
        />
      )}
      <label htmlFor="reply-input" className="visually-hidden">
        {mode === "note" ? "Internal note for colleagues" : "Reply to the customer"}
      </label>
      <textarea
        id="reply-input"
        ref={inputRef}
        rows={3}
        value={text}
        maxLength={4000}
        aria-autocomplete="list"
        aria-expanded={pickerOpen && matches.length > 0}
        aria-controls={pickerOpen ? PICKER_ID : undefined}
        aria-activedescendant={pickerOpen && matches[activeIndex] ? optionId(matches[activeIndex].id) : undefined}
        placeholder={
          mode === "note"
            ? "Write a note for colleagues…"
            : status === "handoff"
              ? "Write a reply…"
              : status === "bot"
                ? "Reply to take over from the bot…"
                : "Reply to reopen the conversation…"
        }
        onChange={(e) => onChange(e.target.value, e.target.selectionStart)}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      <div className="row">
        <span className="hint">
          <kbd>Enter</kbd> sends · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line
        </span>
        <span className="spacer" />
        <button type="submit" className="primary" disabled={!text.trim() || busy}>
          {busy ? "Sending…" : mode === "note" ? "Add note" : "Send"}
        </button>
      </div>
    </form>
  );
}
