// The thread's state and every way it changes, as a pure reducer (unit-tested without a browser).
// Server-confirmed messages live in `messages`; the customer's message in flight, and the reply
// streaming for it, live in `turn` until the server stores both.
import type { Failure } from "./errors.ts";

export type Role = "user" | "assistant" | "agent" | "system";
export type Source = { faqId: string; question: string };

export type ThreadMessage = {
  id: string;
  role: Role;
  content: string;
  createdAt: string;
  clientMessageId: string | null;
  sources: Source[];
  mode: "llm" | "faq-only" | null;
  feedback: "up" | "down" | null;
  authorName: string | null;
  handoffSuggested: boolean;
};

export type Turn = {
  clientMessageId: string;
  text: string;
  /** The server has stored the customer's message (a retry would replay, not resend). */
  accepted: boolean;
  userMessageId: string | null;
  streamed: string;
  /** No first token after a while: say so. */
  slow: boolean;
};

export type PendingRetry = { clientMessageId: string; text: string; accepted: boolean };

export type ConversationState = {
  restoring: boolean;
  status: "bot" | "handoff" | "closed";
  messages: ThreadMessage[];
  ticketReference: string | null;
  turn: Turn | null;
  failure: (Failure & { retry: PendingRetry | null }) | null;
  /** The composer's text. */
  draft: string;
  /** A message that may not have reached the server; sending the same text again reuses its id. */
  unsent: { clientMessageId: string; text: string } | null;
};

/** What chat.history returns, with dates as they arrive over JSON. */
export type HistoryPayload = {
  status: "bot" | "handoff" | "closed";
  messages: Array<Omit<ThreadMessage, "createdAt" | "handoffSuggested"> & { createdAt: string | Date }>;
  openTicket: { reference: string } | null;
};

export type ReplyPayload = {
  id: string;
  content: string;
  sources: Source[];
  mode: "llm" | "faq-only";
  handoffSuggested: boolean;
  createdAt: string | Date;
};

export type Action =
  | { type: "restored"; history: HistoryPayload | null }
  | { type: "conversation-reset" }
  | { type: "draft"; text: string }
  | { type: "turn-start"; clientMessageId: string; text: string }
  | { type: "turn-accepted"; userMessageId: string }
  | { type: "turn-slow" }
  | { type: "turn-delta"; text: string }
  | { type: "turn-reset-stream" }
  | { type: "turn-done"; reply: ReplyPayload }
  | { type: "turn-handoff"; note: string }
  | { type: "turn-failed"; failure: Failure }
  | { type: "dismiss-failure" }
  | { type: "feedback"; messageId: string; rating: "up" | "down" | null }
  | { type: "escalated"; reference: string };

export function initialState(unsent: { clientMessageId: string; text: string } | null, restoring: boolean): ConversationState {
  return {
    restoring,
    status: "bot",
    messages: [],
    ticketReference: null,
    turn: null,
    failure: null,
    draft: unsent?.text ?? "",
    unsent,
  };
}

const iso = (d: string | Date) => (typeof d === "string" ? d : d.toISOString());

function appendUnique(messages: ThreadMessage[], ...added: ThreadMessage[]): ThreadMessage[] {
  const ids = new Set(messages.map((m) => m.id));
  return [...messages, ...added.filter((m) => !ids.has(m.id))];
}

function userMessageOf(turn: Turn): ThreadMessage {
  return {
    id: turn.userMessageId ?? turn.clientMessageId,
    role: "user",
    content: turn.text,
    createdAt: new Date().toISOString(),
    clientMessageId: turn.clientMessageId,
    sources: [],
    mode: null,
    feedback: null,
    authorName: null,
    handoffSuggested: false,
  };
}

export function reduce(state: ConversationState, action: Action): ConversationState {
  switch (action.type) {
    case "restored": {
      if (!action.history) return { ...state, restoring: false };
      const messages: ThreadMessage[] = action.history.messages.map((m) => ({ ...m, createdAt: iso(m.createdAt), handoffSuggested: false }));
      // An "unsent" message from before a reload that did reach the server is not unsent.
      const unsent = state.unsent;
      const delivered = unsent !== null && messages.some((m) => m.clientMessageId === unsent.clientMessageId);
      return {
        ...state,
        restoring: false,
        status: action.history.status,
        messages,
        ticketReference: action.history.openTicket?.reference ?? state.ticketReference,
        ...(delivered && unsent ? { draft: state.draft.trim() === unsent.text ? "" : state.draft, unsent: null } : {}),
      };
    }
    case "conversation-reset":
      return { ...state, status: "bot", messages: [], ticketReference: null };
    case "draft":
      return { ...state, draft: action.text };
    case "turn-start":
      return {
        ...state,
        turn: { clientMessageId: action.clientMessageId, text: action.text, accepted: false, userMessageId: null, streamed: "", slow: false },
        failure: null,
        draft: state.draft.trim() === action.text ? "" : state.draft,
        unsent: { clientMessageId: action.clientMessageId, text: action.text },
      };
    case "turn-accepted":
      return state.turn ? { ...state, unsent: null, turn: { ...state.turn, accepted: true, userMessageId: action.userMessageId } } : state;
    case "turn-slow":
      return state.turn && !state.turn.streamed ? { ...state, turn: { ...state.turn, slow: true } } : state;
    case "turn-delta":
      return state.turn ? { ...state, turn: { ...state.turn, streamed: state.turn.streamed + action.text, slow: false } } : state;
    case "turn-reset-stream":
      return state.turn ? { ...state, turn: { ...state.turn, streamed: "" } } : state;
    case "turn-done": {
      if (!state.turn) return state;
      const r = action.reply;
      const reply: ThreadMessage = {
        id: r.id,
        role: "assistant",
        content: r.content,
        createdAt: iso(r.createdAt),
        clientMessageId: null,
        sources: r.sources,
        mode: r.mode,
        feedback: null,
        authorName: null,
        handoffSuggested: r.handoffSuggested,
      };
      return { ...state, messages: appendUnique(state.messages, userMessageOf(state.turn), reply), turn: null };
    }
    case "turn-handoff": {
      if (!state.turn) return state;
      const last = state.messages.at(-1);
      const notice: ThreadMessage[] =
        last?.role === "system" && last.content === action.note
          ? []
          : [{ ...userMessageOf(state.turn), id: `notice-${state.turn.clientMessageId}`, role: "system", content: action.note, clientMessageId: null }];
      return { ...state, status: "handoff", messages: appendUnique(state.messages, userMessageOf(state.turn), ...notice), turn: null };
    }
    case "turn-failed": {
      const turn = state.turn;
      if (!turn) return { ...state, failure: { ...action.failure, retry: null } };
      const retry: PendingRetry = { clientMessageId: turn.clientMessageId, text: turn.text, accepted: turn.accepted };
      if (turn.accepted) {
        // The server has the customer's message: keep it in the thread; a retry fetches the reply.
        return { ...state, messages: appendUnique(state.messages, userMessageOf(turn)), turn: null, failure: { ...action.failure, retry } };
      }
      // Not delivered: the text goes back into the box with its clientMessageId, so sending it
      // again cannot create a second copy if the first attempt did reach the server after all.
      return {
        ...state,
        turn: null,
        failure: { ...action.failure, retry },
        draft: state.draft.trim() === "" ? turn.text : state.draft,
        unsent: { clientMessageId: turn.clientMessageId, text: turn.text },
      };
    }
    case "dismiss-failure":
      return { ...state, failure: null };
    case "feedback":
      return { ...state, messages: state.messages.map((m) => (m.id === action.messageId ? { ...m, feedback: action.rating } : m)) };
    case "escalated":
      return { ...state, status: "handoff", ticketReference: action.reference };
  }
}

/** The clientMessageId to use when the customer sends `text` from the box now. */
export function clientMessageIdFor(state: ConversationState, text: string, newId: () => string): string {
  return state.unsent && state.unsent.text === text ? state.unsent.clientMessageId : newId();
}
