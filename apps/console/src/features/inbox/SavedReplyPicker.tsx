// The "/" picker of the composer: saved replies whose shortcut or title matches what follows the
// slash, chosen with the arrow keys and Enter (or a click), closed with Escape.
import type { RouterOutputs } from "../../trpc.ts";
import { Link } from "wouter";

export type SavedReply = RouterOutputs["savedReply"]["list"][number];

/** The "/word" being typed at the caret (at the start or after a space or line break), or null. */
export function slashQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|\s)\/([\p{L}\p{N}-]*)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[1]!.length - 1, query: match[1]!.toLowerCase() };
}

/** Shortcuts starting with the query first, then other shortcut or title matches; at most 8. */
export function matchSavedReplies(replies: SavedReply[], query: string): SavedReply[] {
  const starts = replies.filter((r) => r.shortcut.startsWith(query));
  const contains = replies.filter(
    (r) => !r.shortcut.startsWith(query) && (r.shortcut.includes(query) || r.title.toLowerCase().includes(query)),
  );
  return [...starts, ...contains].slice(0, 8);
}

export const PICKER_ID = "saved-reply-picker";
export const optionId = (id: string) => `saved-reply-${id}`;

export function SavedReplyPicker({
  matches,
  active,
  query,
  loaded,
  onPick,
  onHover,
}: {
  matches: SavedReply[];
  active: number;
  query: string;
  /** False while the list is loading: "nothing matches" would not be true yet. */
  loaded: boolean;
  onPick: (reply: SavedReply) => void;
  onHover: (index: number) => void;
}) {
  return (
    <div className="saved-reply-picker" data-testid="saved-reply-picker">
      <ul id={PICKER_ID} role="listbox" aria-label="Saved replies">
        {matches.map((r, i) => (
          <li
            key={r.id}
            id={optionId(r.id)}
            role="option"
            aria-selected={i === active}
            className={i === active ? "on" : ""}
            // mousedown, not click: the textarea keeps its focus and caret.
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(r);
            }}
            onMouseEnter={() => onHover(i)}
          >
            <span className="saved-reply-shortcut">/{r.shortcut}</span> <strong>{r.title}</strong>
            <span className="saved-reply-preview">{r.body}</span>
          </li>
        ))}
      </ul>
      {loaded && matches.length === 0 && (
        <p className="hint">
          No saved reply matches "/{query}". <Link to="/saved-replies">Saved replies</Link>
        </p>
      )}
      {!loaded && <p className="hint">Loading saved replies…</p>}
      {matches.length > 0 && (
        <p className="hint">
          <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> insert · <kbd>Esc</kbd> close
        </p>
      )}
    </div>
  );
}
