// The thread's state and every way it changes, as a pure reducer (unit-tested without a browser).
// Server-confirmed messages live in `messages`; the customer's message in flight, and the reply
// streaming for it, live in `turn` until the server stores both. Messages also arrive on the live
// stream (agent replies, this customer's own turns, notes): merged by id, never shown twice.
// Every notice ("we've passed this to our team", "Bob joined", ...) is a message the server stored
// with the change it reports, so the thread reads the same after a reload; the widget writes none.
import type { RouterOutputs } from "@support/client";
import type { Failure } from "./errors.ts";

/** What chat.history returns. */
export type HistoryPayload = RouterOutputs["chat"]["history"];
/** One event of chat.send's streamed reply. */
export type ChatSendEvent = RouterOutputs["chat"]["send"] extends AsyncIterable<infer E> ? E : never;
/** One event of the live stream (live.conversation); those with a resume cursor come as `{ id, data }`. */
export type LiveStreamEvent = RouterOutputs["live"]["conversation"] extends AsyncIterable<infer E> ? E : never;
/** The stored reply that ends a turn. */
export type ReplyPayload = Extract<ChatSendEvent, { type: "done" }>["message"];

type HistoryMessage = HistoryPayload["messages"][number];

/** A message as the thread shows it: a stored one, plus whether the bot suggested a person after it. */
export type ThreadMessage = HistoryMessage & { handoffSuggested: boolean };

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

export type HandoffOffer = NonNullable<HistoryPayload["handoffOffer"]>;

export type ConversationState = {
  restoring: boolean;
  status: HistoryPayload["status"];
  /** In hand-off: the member of staff who took it; null while the customer waits for a person. */
  joinedBy: string | null;
  /** "offered": ask "talk to a person?"; "accepted": the hand-off step (contact, then ticket). */
  offer: HandoffOffer | null;
  /** An email the customer already left: the hand-off step doesn't ask again. */
  knownContact: string | null;
  messages: ThreadMessage[];
  ticketReference: string | null;
  turn: Turn | null;
  failure: (Failure & { retry: PendingRetry | null }) | null;
  /** The composer's text. */
  draft: string;
  /** A message that may not have reached the server; sending the same text again reuses its id. */
  unsent: { clientMessageId: string; text: string } | null;
  /** Bot replies seen on the live stream while a turn streams: added when the turn ends. */
  held: ThreadMessage[];
};

/** A message as the live stream carries it. */
export type LivePayload = Extract<Extract<LiveStreamEvent, { data: unknown }>["data"], { type: "message" }>["message"];

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
  | { type: "turn-handoff"; joinedBy: string | null }
  | { type: "offer"; offer: HandoffOffer | null }
  | { type: "turn-failed"; failure: Failure }
  | { type: "dismiss-failure" }
  | { type: "feedback"; messageId: string; rating: "up" | "down" | null }
  | { type: "escalated"; reference: string; contact: string | null }
  | { type: "live-message"; message: LivePayload }
  | { type: "live-status"; status: ConversationState["status"]; joinedBy: string | null };

export function initialState(
  unsent: { clientMessageId: string; text: string } | null,
  restoring: boolean,
): ConversationState {
  return {
    restoring,
    status: "bot",
    joinedBy: null,
    offer: null,
    knownContact: null,
    messages: [],
    ticketReference: null,
    turn: null,
    failure: null,
    draft: unsent?.text ?? "",
    unsent,
    held: [],
  };
}

/** The same stored message, whether known by its id or (before the server answered) its clientMessageId. */
function sameMessage(a: ThreadMessage, b: ThreadMessage): boolean {
  return a.id === b.id || (a.clientMessageId !== null && a.clientMessageId === b.clientMessageId && a.role === b.role);
}

function appendUnique(messages: ThreadMessage[], ...added: ThreadMessage[]): ThreadMessage[] {
  const out = [...messages];
  for (const m of added) {
    const at = out.findIndex((x) => sameMessage(x, m));
    if (at === -1) out.push(m);
    // The stored copy replaces a provisional one (its id was the clientMessageId).
    else if (out[at]!.id !== m.id && out[at]!.id === out[at]!.clientMessageId)
      out[at] = { ...m, feedback: out[at]!.feedback };
  }
  return out;
}

/**
 * The server's thread, plus what it doesn't have yet: the widget's own notes and messages that
 * arrived live after the history was read, each kept after the message it followed.
 */
function mergeHistory(current: ThreadMessage[], history: ThreadMessage[]): ThreadMessage[] {
  const out = [...history];
  let anchor = -1;
  for (const m of current) {
    const at = out.findIndex((x) => sameMessage(x, m));
    if (at !== -1) {
      anchor = at;
      continue;
    }
    out.splice(anchor + 1, 0, m);
    anchor += 1;
  }
  return out;
}

function fromLive(m: LivePayload): ThreadMessage {
  return {
    id: m.id,
    role: m.role,
    content: m.content,
    createdAt: m.createdAt,
    clientMessageId: m.clientMessageId,
    sources: m.sources,
    mode: m.mode,
    feedback: null,
    authorName: m.authorName,
    handoffSuggested: false,
  };
}

/** Ends a turn: bot replies held back while it streamed join the thread. */
function withHeld(state: ConversationState, messages: ThreadMessage[]): Pick<ConversationState, "messages" | "held"> {
  return { messages: appendUnique(messages, ...state.held), held: [] };
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
      const history: ThreadMessage[] = action.history.messages.map((m) => ({ ...m, handoffSuggested: false }));
      const messages = mergeHistory(state.messages, history);
      const status = action.history.status;
      // An "unsent" message from before a reload that did reach the server is not unsent.
      const unsent = state.unsent;
      const delivered = unsent !== null && messages.some((m) => m.clientMessageId === unsent.clientMessageId);
      return {
        ...state,
        restoring: false,
        status,
        joinedBy: status === "handoff" ? action.history.joinedBy : null,
        // "Yes, connect me" is only known here until the ticket exists: a refresh doesn't undo it.
        offer:
          action.history.handoffOffer === "offered" && state.offer === "accepted"
            ? state.offer
            : action.history.handoffOffer,
        knownContact: action.history.knownContact ?? state.knownContact,
        messages,
        // With the bot again (handed back or resolved) the customer may ask for a person again.
        ticketReference: status === "handoff" ? (action.history.openTicket?.reference ?? state.ticketReference) : null,
        ...(delivered && unsent ? { draft: state.draft.trim() === unsent.text ? "" : state.draft, unsent: null } : {}),
      };
    }
    case "conversation-reset":
      return {
        ...state,
        status: "bot",
        joinedBy: null,
        offer: null,
        knownContact: null,
        messages: [],
        ticketReference: null,
        held: [],
      };
    case "draft":
      return { ...state, draft: action.text };
    case "turn-start":
      return {
        ...state,
        turn: {
          clientMessageId: action.clientMessageId,
          text: action.text,
          accepted: false,
          userMessageId: null,
          streamed: "",
          slow: false,
        },
        // Writing again answers an open offer; the turn brings a new one if it is still due.
        offer: null,
        failure: null,
        draft: state.draft.trim() === action.text ? "" : state.draft,
        unsent: { clientMessageId: action.clientMessageId, text: action.text },
      };
    case "turn-accepted":
      return state.turn
        ? { ...state, unsent: null, turn: { ...state.turn, accepted: true, userMessageId: action.userMessageId } }
        : state;
    case "turn-slow":
      return state.turn && !state.turn.streamed ? { ...state, turn: { ...state.turn, slow: true } } : state;
    case "turn-delta":
      return state.turn
        ? { ...state, turn: { ...state.turn, streamed: state.turn.streamed + action.text, slow: false } }
        : state;
    case "turn-reset-stream":
      return state.turn ? { ...state, turn: { ...state.turn, streamed: "" } } : state;
    case "turn-done": {
      if (!state.turn) return state;
      const r = action.reply;
      const reply: ThreadMessage = {
        id: r.id,
        role: "assistant",
        content: r.content,
        createdAt: r.createdAt,
        clientMessageId: null,
        sources: r.sources,
        mode: r.mode,
        feedback: null,
        authorName: null,
        handoffSuggested: r.handoffSuggested,
      };
      return {
        ...state,
        ...withHeld(state, appendUnique(state.messages, userMessageOf(state.turn), reply)),
        turn: null,
      };
    }
    case "turn-handoff": {
      if (!state.turn) return state;
      // People have the conversation: the message went to them; the notice is already in the thread.
      return {
        ...state,
        status: "handoff",
        joinedBy: action.joinedBy,
        ...withHeld(state, appendUnique(state.messages, userMessageOf(state.turn))),
        turn: null,
      };
    }
    case "offer":
      // Alone (asked for a person in words) it also ends the turn: no bot reply comes.
      if (state.turn)
        return {
          ...state,
          offer: action.offer,
          ...withHeld(state, appendUnique(state.messages, userMessageOf(state.turn))),
          turn: null,
        };
      return { ...state, offer: action.offer };
    case "turn-failed": {
      const turn = state.turn;
      if (!turn) return { ...state, failure: { ...action.failure, retry: null } };
      const ended = withHeld(state, state.messages);
      const retry: PendingRetry = { clientMessageId: turn.clientMessageId, text: turn.text, accepted: turn.accepted };
      if (turn.accepted) {
        // The server has the customer's message: keep it in the thread; a retry fetches the reply.
        return {
          ...state,
          messages: appendUnique(ended.messages, userMessageOf(turn)),
          held: [],
          turn: null,
          failure: { ...action.failure, retry },
        };
      }
      // Not delivered: the text goes back into the box with its clientMessageId, so sending it
      // again cannot create a second copy if the first attempt did reach the server after all.
      return {
        ...state,
        ...ended,
        turn: null,
        failure: { ...action.failure, retry },
        draft: state.draft.trim() === "" ? turn.text : state.draft,
        unsent: { clientMessageId: turn.clientMessageId, text: turn.text },
      };
    }
    case "dismiss-failure":
      return { ...state, failure: null };
    case "feedback":
      return {
        ...state,
        messages: state.messages.map((m) => (m.id === action.messageId ? { ...m, feedback: action.rating } : m)),
      };
    case "escalated":
      return {
        ...state,
        status: "handoff",
        joinedBy: null,
        offer: null,
        ticketReference: action.reference,
        knownContact: action.contact ?? state.knownContact,
      };
    case "live-message": {
      const message = fromLive(action.message);
      // A bot reply for the turn streaming now arrives with that turn's `done`.
      if (state.turn && message.role === "assistant") return { ...state, held: appendUnique(state.held, message) };
      return { ...state, messages: appendUnique(state.messages, message) };
    }
    case "live-status": {
      const joinedBy = action.status === "handoff" ? action.joinedBy : null;
      if (action.status === state.status && joinedBy === state.joinedBy) return state;
      return {
        ...state,
        status: action.status,
        joinedBy,
        offer: action.status === "handoff" ? null : state.offer,
        ticketReference: action.status === "handoff" ? state.ticketReference : null,
      };
    }
  }
}

/** The clientMessageId to use when the customer sends `text` from the box now. */
export function clientMessageIdFor(state: ConversationState, text: string, newId: () => string): string {
  return state.unsent && state.unsent.text === text ? state.unsent.clientMessageId : newId();
}
