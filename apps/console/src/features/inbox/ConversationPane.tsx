// One open conversation: its header (status, take, hand back, resolve), colleagues' presence, the
// thread with notes, the composer (or, once the customer's data was erased, a banner saying when),
// and the details panel beside it.
import { useEffect, useRef, useState } from "react";
import {
  ConfirmDialog,
  Empty,
  ErrorAlert,
  errorText,
  formatDateTime,
  Loading,
  useToast,
} from "../../components/ui.tsx";
import { ArrowLeftIcon, EyeIcon, FolderIcon } from "../../components/icons.tsx";
import { PRESENCE_HEARTBEAT_MS, useInboxLive } from "../../inbox/InboxLive.tsx";
import { Link } from "wouter";
import { navigate } from "../../navigation.ts";
import { trpc } from "../../trpc.ts";
import { Composer } from "./Composer.tsx";
import { ContextPanel } from "./ContextPanel.tsx";
import { Thread } from "./Thread.tsx";
import { formatWaiting, presenceText, type Conversation } from "./inbox-format.ts";

const CONVERSATION_STATUS: Record<Conversation["status"], string> = {
  bot: "With the bot",
  handoff: "Waiting for us",
  closed: "Resolved",
};

/** Tells colleagues this conversation is open here while it is, and that it closed when it does. */
function usePresenceHeartbeat(conversationId: string) {
  const presence = trpc.inbox.presence.useMutation();
  const send = useRef(presence.mutate);
  send.current = presence.mutate;
  useEffect(() => {
    const beat = () => document.visibilityState === "visible" && send.current({ conversationId, state: "viewing" });
    beat();
    const timer = setInterval(beat, PRESENCE_HEARTBEAT_MS);
    document.addEventListener("visibilitychange", beat);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", beat);
      send.current({ conversationId, state: "left" });
    };
  }, [conversationId]);
}

export function ConversationPane({
  conversationId,
  backTo,
  now,
}: {
  conversationId: string;
  backTo: string;
  now: number;
}) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const live = useInboxLive();
  usePresenceHeartbeat(conversationId);
  const conversation = trpc.inbox.get.useQuery({ conversationId });
  const waitingList = trpc.inbox.list.useQuery({ view: "waiting" }, { refetchInterval: 60_000 });
  const waitingSince = waitingList.data?.find((i) => i.conversationId === conversationId)?.waitingSince ?? null;
  const [confirmResolve, setConfirmResolve] = useState(false);
  const markRead = trpc.inbox.markRead.useMutation({ onSuccess: () => utils.inbox.list.invalidate() });
  const handBack = trpc.inbox.handBack.useMutation({
    onSuccess: async () => {
      toast("The bot answers this customer again.");
      await Promise.all([utils.inbox.get.invalidate({ conversationId }), utils.inbox.list.invalidate()]);
    },
    onError: (err) => toast(errorText(err), { kind: "error" }),
  });
  // Taking a waiting conversation tells the customer a person joined (before the first reply).
  const take = trpc.inbox.take.useMutation({
    onSuccess: async () => {
      toast("You joined: the customer sees that a person has the conversation.");
      await Promise.all([
        utils.inbox.get.invalidate({ conversationId }),
        utils.inbox.list.invalidate(),
        utils.ticket.invalidate(),
      ]);
    },
    onError: async (err) => {
      toast(errorText(err), { kind: "error" });
      // Someone else took it meanwhile: show who.
      await Promise.all([utils.inbox.get.invalidate({ conversationId }), utils.inbox.list.invalidate()]);
    },
  });
  const resolve = trpc.inbox.resolve.useMutation({
    onSuccess: async () => {
      setConfirmResolve(false);
      toast("Conversation resolved.");
      await Promise.all([
        utils.inbox.get.invalidate({ conversationId }),
        utils.inbox.list.invalidate(),
        utils.ticket.invalidate(),
      ]);
    },
  });

  // Read on open, and again whenever the customer writes while it is open and on screen.
  const lastCustomerMessage = conversation.data?.messages.filter((m) => m.role === "user").at(-1)?.id;
  const markReadRef = useRef(markRead.mutate);
  markReadRef.current = markRead.mutate;
  useEffect(() => {
    if (!conversation.data) return;
    const read = () => document.visibilityState === "visible" && markReadRef.current({ conversationId });
    read();
    document.addEventListener("visibilitychange", read);
    return () => document.removeEventListener("visibilitychange", read);
  }, [conversationId, lastCustomerMessage, Boolean(conversation.data)]); // eslint-disable-line react-hooks/exhaustive-deps

  if (conversation.isPending)
    return (
      <section className="panel inbox-placeholder">
        <Loading label="Opening the conversation…" />
      </section>
    );
  if (conversation.error) {
    return (
      <section className="panel panel-body inbox-placeholder">
        {conversation.error.data?.code === "NOT_FOUND" ? (
          <Empty icon={<FolderIcon size={28} />} title="Conversation not found">
            <p>
              The link may be wrong. <Link to="/inbox">Back to the inbox</Link>
            </p>
          </Empty>
        ) : (
          <ErrorAlert error={conversation.error} />
        )}
      </section>
    );
  }
  const c = conversation.data;
  const typing = live.typing.has(conversationId);
  const ticket = c.ticket;
  const name = ticket?.customerContact ?? `Visitor ${c.conversationId.slice(0, 4).toUpperCase()}`;
  const colleagues = live.presence.get(conversationId) ?? [];
  const colleaguesText = presenceText(colleagues);

  return (
    <>
      <section className="panel inbox-conversation" aria-label={`Conversation with ${name}`}>
        <header className="conv-head">
          <button className="ghost small conv-back" onClick={() => navigate(backTo)} aria-label="Back to the list">
            <ArrowLeftIcon />
          </button>
          <div className="conv-title">
            <h2>{name}</h2>
            <span className={`badge conv-${c.status}`}>{CONVERSATION_STATUS[c.status]}</span>
            {c.status === "handoff" && waitingSince && (
              <span className="faint small">{formatWaiting(waitingSince, now)}</span>
            )}
          </div>
          <div className="actions">
            {c.status === "handoff" && c.joinedByName === null && (
              <button
                className="small primary"
                disabled={take.isPending}
                onClick={() => take.mutate({ conversationId })}
              >
                Take conversation
              </button>
            )}
            {c.status === "bot" && (
              <button
                className="small primary"
                disabled={take.isPending}
                onClick={() => take.mutate({ conversationId })}
              >
                Take over from the bot
              </button>
            )}
            <a className="button small ghost conv-ticket-link" href="#conversation-details">
              Details
            </a>
            {c.status === "handoff" && (
              <button
                className="small"
                disabled={handBack.isPending}
                onClick={() => handBack.mutate({ conversationId })}
              >
                Hand back to bot
              </button>
            )}
            {c.status !== "closed" && (
              <button className="small primary" onClick={() => setConfirmResolve(true)}>
                Resolve
              </button>
            )}
          </div>
        </header>
        <div className="conv-presence" role="status" data-testid="conv-presence">
          {colleaguesText && (
            <>
              <EyeIcon /> {colleaguesText}
            </>
          )}
        </div>
        {c.erasedAt && (
          <p className="alert info conv-erased" role="note">
            This conversation&apos;s data was erased on <time dateTime={c.erasedAt}>{formatDateTime(c.erasedAt)}</time>:
            message texts and the customer&apos;s contact details are gone.
          </p>
        )}
        <Thread messages={c.messages} notes={c.notes} typing={typing} erased={c.erasedAt !== null} />
        {c.erasedAt ? (
          // The customer's chat link stopped working with the erasure: a reply could never reach them.
          <p className="muted conv-erased-composer">The customer can no longer be reached in this conversation.</p>
        ) : (
          <Composer
            conversationId={conversationId}
            status={c.status}
            lastSeq={c.messages.at(-1)?.seq ?? null}
            colleagueTyping={colleagues.some((p) => p.state === "typing")}
          />
        )}
      </section>
      <ContextPanel conversation={c} now={now} />
      {confirmResolve && (
        <ConfirmDialog
          title="Resolve this conversation?"
          confirmLabel="Resolve"
          busy={resolve.isPending}
          error={resolve.error}
          onCancel={() => setConfirmResolve(false)}
          onConfirm={() => resolve.mutate({ conversationId })}
        >
          <p>
            The customer sees that it was resolved
            {ticket && ticket.status !== "resolved" ? `, and ticket ${ticket.reference} is marked resolved` : ""}. If
            they write again, the assistant answers.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
