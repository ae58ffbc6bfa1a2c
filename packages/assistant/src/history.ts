// Turns the stored conversation into the user/assistant turns chat models expect.
// Who wrote what is carried by the message's role, never by text a customer could type: the
// customer's words are always user turns (whatever they claim), staff replies are assistant turns
// named STAFF_MESSAGE_NAME, the bot's own replies are unnamed assistant turns.
import type { AssistantLog, ChatMessageParam, StoredMessage } from "./types.ts";

/** The `name` of assistant turns written by a member of staff (the system prompt explains it). */
export const STAFF_MESSAGE_NAME = "staff";

type ConversationTurn = { role: "user" | "assistant"; content: string; name?: typeof STAFF_MESSAGE_NAME };

/**
 * Opens a staff turn's text with who wrote it, for models and OpenAI-compatible servers that
 * ignore `name`. Only ever inside a staff assistant turn, so it proves nothing on its own.
 */
export function staffLabel(authorName?: string | null): string {
  const name = authorName?.trim();
  return name ? `[Staff: ${name}] ` : "[Staff] ";
}

function toConversationTurn(message: StoredMessage): ConversationTurn | null {
  const content = message.content.trim();
  if (content === "") return null;
  switch (message.role) {
    case "user":
      return { role: "user", content };
    case "assistant":
      return { role: "assistant", content };
    case "agent":
      return { role: "assistant", name: STAFF_MESSAGE_NAME, content: staffLabel(message.authorName) + content };
    case "system":
      return null;
  }
}

/**
 * Returns the conversation part of the prompt, ENDING WITH the new user message:
 * the last `historyLength` stored messages (system notices dropped before counting), oldest first,
 * consecutive turns of the same author merged with a blank line (a bot reply and a staff reply
 * stay two assistant turns), a leading assistant turn dropped, and a
 * dangling user message (e.g. a previous turn that got no reply) merged into the new message so
 * none of the customer's words are lost.
 */
export function serializeHistory(input: {
  history: readonly StoredMessage[];
  newMessage: string;
  historyLength: number;
  log?: AssistantLog;
}): ChatMessageParam[] {
  const log = input.log ?? (() => {});
  const limit = Math.max(0, Math.floor(input.historyLength));
  const turns = input.history.map(toConversationTurn).filter((turn): turn is ConversationTurn => turn !== null);
  const recent = limit > 0 ? turns.slice(-limit) : [];

  const merged: ConversationTurn[] = [];
  let mergeCount = 0;
  for (const turn of recent) {
    const previous = merged.at(-1);
    if (previous && previous.role === turn.role && previous.name === turn.name) {
      previous.content = `${previous.content}\n\n${turn.content}`;
      mergeCount += 1;
    } else {
      merged.push({ ...turn });
    }
  }
  if (mergeCount > 0) log("info", "history: merged consecutive same-role messages", { merges: mergeCount });

  if (merged[0]?.role === "assistant") merged.shift();

  let newMessage = input.newMessage.trim();
  const dangling = merged.at(-1);
  if (dangling?.role === "user") {
    merged.pop();
    // The caller may already have stored the new message; do not repeat it.
    if (dangling.content !== newMessage) newMessage = `${dangling.content}\n\n${newMessage}`;
    log("info", "history: merged unanswered user message into the new message");
  }

  return [...merged, { role: "user", content: newMessage }];
}
