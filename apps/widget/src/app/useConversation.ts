// The conversation's side effects: restore the thread, send a message and consume the streamed
// reply, recover from an expired session, and follow the live stream (a person's replies, typing,
// status changes) while a conversation exists.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { newClientMessageId } from "@support/client";
import {
  initialState,
  reduce,
  clientMessageIdFor,
  type ConversationState,
  type LiveStreamEvent,
} from "./conversation.ts";
import { describeFailure, isExpiredSession } from "./errors.ts";
import { hostOrigin, pageFromHost, reopenFromHost } from "./host.ts";
import { browserId, sessionStore, unsentStore } from "./storage.ts";
import { trpcClient } from "./trpc.ts";

/** "Still working on it…" after this long without a word of the reply; tests shorten it with ?slowAfterMs= on /widget/. */
const SLOW_AFTER_MS = Number(new URLSearchParams(location.search).get("slowAfterMs")) || 8_000;
const GIVE_UP_AFTER_MS = 60_000;
/** Only when the live stream is unavailable: read the thread this often while a person has it. */
const HANDOFF_POLL_MS = 5_000;
/** "Bob is typing…" disappears this long after the last typing signal. */
const TYPING_SHOWN_MS = 4_000;
/** The customer's typing reaches the agent at most this often. */
const TYPING_SEND_EVERY_MS = 2_000;

async function startConversation(): Promise<string> {
  const { sessionToken } = await trpcClient.chat.start.mutate({
    origin: hostOrigin ?? undefined,
    // Context for staff: where the chat started, the customer's time zone, this browser's other chats.
    pageUrl: pageFromHost ?? undefined,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    browserId: browserId(),
  });
  sessionStore.set(sessionToken);
  return sessionToken;
}

/** Stream events arrive as `{ id, data }` when they carry a resume cursor, else as themselves. */
function eventOf(raw: LiveStreamEvent) {
  return "data" in raw ? raw.data : raw;
}

let reopenTried = false;

/**
 * Opened from a follow-up email's link: that conversation replaces any other in this browser. An
 * expired or used-up link leaves things as they were.
 */
async function reopenFromLink(): Promise<void> {
  if (!reopenFromHost || reopenTried) return;
  reopenTried = true;
  try {
    const { sessionToken } = await trpcClient.chat.reopen.mutate({ reopenToken: reopenFromHost });
    sessionStore.set(sessionToken);
  } catch {
    // The server said why (expired); the customer simply sees their current chat or a new one.
  }
}

type Options = {
  /**
   * False while the loader keeps the frame ready but hidden (before the customer first opens the
   * chat): nothing is read from the server and no live stream is opened until then.
   */
  active: boolean;
  /** The live stream said the settings the widget shows changed (e.g. business hours). */
  onSettingsChanged: () => void;
};

export function useConversation({ active, onSettingsChanged }: Options) {
  const [state, dispatch] = useReducer(reduce, undefined, () =>
    initialState(unsentStore.get(), sessionStore.get() !== null),
  );
  // Callbacks read the latest state without being recreated on every keystroke.
  const stateRef = useRef<ConversationState>(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);
  const sending = useRef(false);
  // The conversation the live stream follows (set once it exists on the server).
  const [liveToken, setLiveToken] = useState<string | null>(null);
  const [liveDown, setLiveDown] = useState(false);
  const [agentTyping, setAgentTyping] = useState<string | null>(null);

  const restore = useCallback(async (opts: { quiet: boolean }) => {
    await reopenFromLink();
    const token = sessionStore.get();
    if (!token) {
      dispatch({ type: "restored", history: null });
      return;
    }
    try {
      const history = await trpcClient.chat.history.query({ sessionToken: token });
      // A poll must not overwrite a turn being streamed; the next poll catches up.
      if (opts.quiet && (sending.current || stateRef.current.turn)) return;
      dispatch({ type: "restored", history });
      setLiveToken(token);
    } catch (err) {
      if (isExpiredSession(err)) {
        // Expired or unknown token: a new conversation starts with the next message.
        sessionStore.clear();
        setLiveToken(null);
        dispatch({ type: "conversation-reset" });
        dispatch({ type: "restored", history: null });
      } else if (!opts.quiet) {
        dispatch({ type: "restored", history: null });
      }
    }
  }, []);

  useEffect(() => {
    if (active) void restore({ quiet: false });
  }, [active, restore]);

  const settingsChanged = useRef(onSettingsChanged);
  useEffect(() => {
    settingsChanged.current = onSettingsChanged;
  }, [onSettingsChanged]);

  // Keep the unsent message across reloads until the server confirms it.
  useEffect(() => {
    unsentStore.set(state.unsent);
  }, [state.unsent]);

  // The live stream: opened right after the history was read (the server starts from "now"), it
  // carries new messages of this conversation, status changes and the agent's typing. After a
  // dropped connection the link resumes messages from the last event id it saw; status changes
  // are not replayed (nor messages without a cursor), so the thread is read again then.
  useEffect(() => {
    if (!liveToken) return;
    let starts = 0;
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    setLiveDown(false);
    const sub = trpcClient.live.conversation.subscribe(undefined, {
      onStarted: () => {
        starts += 1;
        if (starts > 1) {
          // Events may have been missed while reconnecting: the thread and the config are read again.
          void restore({ quiet: true });
          settingsChanged.current();
        }
      },
      onData: (raw) => {
        const event = eventOf(raw);
        if (event.type === "message") {
          if (event.message.role === "agent") setAgentTyping(null);
          dispatch({ type: "live-message", message: event.message });
        } else if (event.type === "status") {
          dispatch({ type: "live-status", status: event.status, joinedBy: event.joinedBy ?? null });
          if (event.status !== "handoff") setAgentTyping(null);
        } else if (event.type === "typing") {
          setAgentTyping(event.name ?? "");
          clearTimeout(typingTimer);
          typingTimer = setTimeout(() => setAgentTyping(null), TYPING_SHOWN_MS);
        } else if (event.type === "settings") {
          settingsChanged.current();
        }
      },
      // Not recoverable by reconnecting (expired conversation, server without live updates).
      onError: () => setLiveDown(true),
    });
    return () => {
      clearTimeout(typingTimer);
      sub.unsubscribe();
      setAgentTyping(null);
    };
  }, [liveToken, restore]);

  // Without the live stream, a person's replies still arrive: read the thread now and then.
  useEffect(() => {
    if (!liveDown || state.status !== "handoff") return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void restore({ quiet: true });
    }, HANDOFF_POLL_MS);
    return () => clearInterval(timer);
  }, [liveDown, state.status, restore]);

  const sendMessage = useCallback(async (text: string, clientMessageId: string) => {
    if (sending.current) return;
    sending.current = true;
    dispatch({ type: "turn-start", clientMessageId, text });
    const controller = new AbortController();
    const slowTimer = setTimeout(() => dispatch({ type: "turn-slow" }), SLOW_AFTER_MS);
    const giveUpTimer = setTimeout(() => controller.abort(), GIVE_UP_AFTER_MS);
    let finished = false;
    try {
      if (!navigator.onLine) throw new Error("offline");
      const send = (sessionToken: string) => {
        setLiveToken(sessionToken);
        return trpcClient.chat.send.mutate({ sessionToken, clientMessageId, text }, { signal: controller.signal });
      };
      let events;
      try {
        events = await send(sessionStore.get() ?? (await startConversation()));
      } catch (err) {
        if (!isExpiredSession(err)) throw err;
        // The old conversation expired: start a new one and send this message there.
        sessionStore.clear();
        dispatch({ type: "conversation-reset" });
        events = await send(await startConversation());
      }
      for await (const event of events) {
        switch (event.type) {
          case "accepted":
            dispatch({ type: "turn-accepted", userMessageId: event.userMessageId });
            break;
          case "delta":
            clearTimeout(slowTimer);
            dispatch({ type: "turn-delta", text: event.text });
            break;
          case "reset":
            dispatch({ type: "turn-reset-stream" });
            break;
          case "done":
            finished = true;
            dispatch({ type: "turn-done", reply: event.message });
            break;
          case "handoff":
            finished = true;
            dispatch({ type: "turn-handoff", joinedBy: event.joinedBy });
            break;
          case "offer":
            // After a reply that couldn't help, or alone (the customer asked for a person in words).
            finished = true;
            dispatch({ type: "offer", offer: event.accepted ? "accepted" : "offered" });
            break;
        }
      }
      if (!finished) throw new Error("The reply stream ended early");
    } catch (err) {
      dispatch({
        type: "turn-failed",
        failure: describeFailure(err, { online: navigator.onLine, timedOut: controller.signal.aborted }),
      });
    } finally {
      clearTimeout(slowTimer);
      clearTimeout(giveUpTimer);
      sending.current = false;
    }
  }, []);

  /** Sends a message (reusing the clientMessageId of an unsent message with the same text). */
  const ask = useCallback(
    (text: string) => {
      if (!text || sending.current) return;
      void sendMessage(text, clientMessageIdFor(stateRef.current, text, newClientMessageId));
    },
    [sendMessage],
  );
  /** Sends what is in the box. */
  const send = useCallback(() => ask(stateRef.current.draft.trim()), [ask]);

  /** Retries the failed message as it was, with the same clientMessageId: never sent twice. */
  const retry = useCallback(() => {
    const pending = stateRef.current.failure?.retry;
    if (!pending) return;
    void sendMessage(pending.text, pending.clientMessageId);
  }, [sendMessage]);

  // While a person has the conversation, they see that the customer is typing (throttled).
  const lastTypingSent = useRef(0);
  const setDraft = useCallback((text: string) => {
    dispatch({ type: "draft", text });
    const sessionToken = sessionStore.get();
    if (stateRef.current.status !== "handoff" || !sessionToken || !text.trim()) return;
    const now = Date.now();
    if (now - lastTypingSent.current < TYPING_SEND_EVERY_MS) return;
    lastTypingSent.current = now;
    // Best effort: a lost typing signal is not worth telling the customer about.
    trpcClient.live.customerTyping.mutate({ sessionToken }).catch(() => undefined);
  }, []);
  const dismissFailure = useCallback(() => dispatch({ type: "dismiss-failure" }), []);
  const refresh = useCallback(() => restore({ quiet: true }), [restore]);

  return { state, dispatch, send, ask, retry, setDraft, dismissFailure, refresh, agentTyping };
}
