// Live inbox: every conversation in one place (waiting for us, with the bot, mine, unassigned,
// closed, all; filters and search in the URL), the whole conversation with its internal notes, a
// composer for replies and notes (saved replies with "/"), its owner, colleagues viewing or typing,
// and the ticket and customer beside it. Everything updates from the live stream
// (inbox/InboxLive.tsx) without a reload.
import { useEffect, useState } from "react";
import type { InboxView } from "@support/schemas";
import { Empty, useDebounced } from "../../components/ui.tsx";
import { useInboxLive } from "../../inbox/InboxLive.tsx";
import { askNotificationPermission, notificationPermission, useSoundMuted } from "../../inbox/alerts.ts";
import { ArrowLeftIcon, BellIcon, BellOffIcon } from "../../components/icons.tsx";
import { Link, useSearchParams } from "wouter";
import { navigate } from "../../navigation.ts";
import { ConversationPane } from "./ConversationPane.tsx";
import { InboxList } from "./InboxList.tsx";
import { inboxUrl, useNow, VIEWS } from "./inbox-format.ts";
import "./inbox-tools.css";

export function InboxPage({ conversationId }: { conversationId: string | null }) {
  const [params] = useSearchParams();
  const viewParam = params.get("view") ?? "waiting";
  const filter: InboxView = VIEWS.has(viewParam) ? (viewParam as InboxView) : "waiting";
  const urlSearch = params.get("q") ?? "";
  const [searchText, setSearchText] = useState(urlSearch);
  const search = useDebounced(searchText.trim(), 250);
  // Typing in the search box updates the URL (replacing, not adding history entries).
  useEffect(() => {
    if (search !== urlSearch) navigate(inboxUrl(filter, search, conversationId), { replace: true });
  }, [search]); // eslint-disable-line react-hooks/exhaustive-deps
  const live = useInboxLive();
  const now = useNow();

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Inbox</h1>
          <p>
            Every conversation: the bot's, those waiting for a person, and those you own. New messages appear as they
            are written.
          </p>
        </div>
        <div className="row wrap">
          <Link to="/saved-replies" className="button small ghost">
            Saved replies
          </Link>
          <AlertControls />
          <span className={`live-state${live.connected ? " on" : ""}`} role="status">
            <span className="dot" aria-hidden /> {live.connected ? "Live" : "Connecting…"}
          </span>
        </div>
      </div>
      <div className={`inbox${conversationId ? " has-open" : ""}`}>
        <InboxList
          filter={filter}
          search={search}
          searchText={searchText}
          onSearchText={setSearchText}
          conversationId={conversationId}
          now={now}
        />
        {conversationId ? (
          <ConversationPane
            key={conversationId}
            conversationId={conversationId}
            backTo={inboxUrl(filter, search)}
            now={now}
          />
        ) : (
          <section className="panel inbox-placeholder" aria-label="Conversation">
            <Empty icon={<ArrowLeftIcon />} title="Choose a conversation">
              <p>Open one on the left to read it and reply. The customer sees your reply in their chat right away.</p>
            </Empty>
          </section>
        )}
      </div>
    </>
  );
}

/** Sound on/off (remembered in this browser) and desktop notifications (asked from this click only). */
function AlertControls() {
  const [muted, setMuted] = useSoundMuted();
  const [permission, setPermission] = useState(notificationPermission);
  return (
    <>
      <button
        className="small"
        aria-pressed={!muted}
        onClick={() => setMuted(!muted)}
        title={muted ? "Alert sound is off" : "Alert sound is on"}
      >
        {muted ? <BellOffIcon /> : <BellIcon />} {muted ? "Sound off" : "Sound on"}
      </button>
      {permission === "default" && (
        <button className="small" onClick={() => void askNotificationPermission().then(setPermission)}>
          Turn on desktop notifications
        </button>
      )}
      {permission === "denied" && (
        <span className="faint small">Desktop notifications are blocked in this browser</span>
      )}
    </>
  );
}
