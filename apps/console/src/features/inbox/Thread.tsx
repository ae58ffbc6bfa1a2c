// The whole conversation as staff read it: customer, bot and staff messages, hand-off notices, and
// staff's internal notes placed by time (yellow, labelled, never shown to the customer). In a
// conversation whose data was erased, each emptied message says so instead of an empty bubble.
import { useLayoutEffect, useMemo, useRef } from "react";
import { formatDateTime } from "../../components/ui.tsx";
import { Markdown } from "../../components/Markdown.tsx";
import type { Message, Note } from "./inbox-format.ts";

const WHO: Record<Message["role"], string> = { user: "Customer", assistant: "Bot", agent: "Agent", system: "" };

type Entry = { kind: "message"; at: number; message: Message } | { kind: "note"; at: number; note: Note };

/** Messages and notes in one timeline; a note written at the same moment as a message follows it. */
export function timeline(messages: Message[], notes: Note[]): Entry[] {
  const entries: Entry[] = [
    ...messages.map((message) => ({ kind: "message" as const, at: Date.parse(message.createdAt), message })),
    ...notes.map((note) => ({ kind: "note" as const, at: Date.parse(note.createdAt), note })),
  ];
  // A stable sort keeps messages in their stored order (seq) when their times tie.
  return entries.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === "message" ? -1 : 1));
}

export function Thread({
  messages,
  notes,
  typing,
  erased,
}: {
  messages: Message[];
  notes: Note[];
  typing: boolean;
  /** The conversation's data was erased: its message texts are empty on purpose. */
  erased: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const entries = useMemo(() => timeline(messages, notes), [messages, notes]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [entries.length, typing]);
  return (
    <div
      className="conv-thread"
      ref={ref}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
      }}
    >
      {/* role=log: screen readers announce messages added at the end, not the whole thread. */}
      <div className="thread" role="log" aria-live="polite" aria-label="Messages">
        {entries.map((e) =>
          e.kind === "note" ? (
            <NoteEntry key={`n-${e.note.id}`} note={e.note} />
          ) : (
            <MessageEntry key={e.message.id} m={e.message} erased={erased} />
          ),
        )}
      </div>
      <div className="customer-typing" role="status">
        {typing && (
          <>
            <span className="dots" aria-hidden>
              <i />
              <i />
              <i />
            </span>{" "}
            Customer is typing…
          </>
        )}
      </div>
    </div>
  );
}

function MessageEntry({ m, erased }: { m: Message; erased: boolean }) {
  // Only erasure empties a stored message (every writer refuses empty text).
  const wasErased = erased && m.content === "";
  return (
    <div className={`msg ${m.role}`} data-testid={`msg-${m.role}`}>
      {m.role !== "system" && (
        <span className="meta">
          {m.role === "agent" && m.authorName ? m.authorName : WHO[m.role]} ·{" "}
          <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
        </span>
      )}
      {wasErased ? (
        <div className="bubble erased">Message erased</div>
      ) : (
        <div className="bubble">
          {m.role === "assistant" || m.role === "agent" ? <Markdown text={m.content} /> : m.content}
        </div>
      )}
      {m.role === "assistant" && m.sources.length > 0 && (
        <span className="meta">From FAQ: {m.sources.map((s) => s.question).join(" · ")}</span>
      )}
    </div>
  );
}

function NoteEntry({ note }: { note: Note }) {
  return (
    <div className="msg note" data-testid="msg-note">
      <span className="meta">
        Internal note · {note.authorName} · <time dateTime={note.createdAt}>{formatDateTime(note.createdAt)}</time>
      </span>
      <div className="bubble">
        <Markdown text={note.body} />
      </div>
      <span className="meta">Only staff see this</span>
    </div>
  );
}
