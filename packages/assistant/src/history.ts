// Turns the stored conversation into the strict user/assistant alternation chat models expect.
import type { AssistantLog, ChatMessageParam, StoredMessage } from "./types.ts";

type ConversationTurn = { role: "user" | "assistant"; content: string };

export function humanAgentPrefix(authorName?: string | null): string {
  const name = authorName?.trim();
  return name ? `[Human agent ${name}]: ` : "[Human agent]: ";
}

function toConversationTurn(message: StoredMessage): ConversationTurn | null {
  const content = message.content.trim();
  if (content === "") return null;
  switch (message.role) {
    case "user":
      return { role: "user", content };
    case "assistant":
      return { role: "assistant", content };
    // Staff replies are shown to the model as assistant turns, labelled so it does not claim them as its own.
    case "agent":
      return { role: "assistant", content: humanAgentPrefix(message.authorName) + content };
    case "system":
      return null;
  }
}

/**
 * Returns the conversation part of the prompt, ENDING WITH the new user message:
 * the last `historyLength` stored messages (system notices dropped before counting), oldest first,
 * consecutive same-role turns merged with a blank line, a leading assistant turn dropped, and a
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
  const turns = input.history
    .map(toConversationTurn)
    .filter((turn): turn is ConversationTurn => turn !== null);
  const recent = limit > 0 ? turns.slice(-limit) : [];

  const merged: ConversationTurn[] = [];
  let mergeCount = 0;
  for (const turn of recent) {
    const previous = merged.at(-1);
    if (previous && previous.role === turn.role) {
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
