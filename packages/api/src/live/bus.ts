// Cross-instance events over PostgreSQL LISTEN/NOTIFY: message inserts and status changes are
// announced by database triggers, typing by the API. Each server process holds one listening
// connection and fans events out to its open streams; it keeps no conversation state itself.
// Notifications sent while that connection is down are lost, so after a reconnect the bus tells
// every stream to resync: streams replay messages from the event log (Message.seq) past their
// cursor and re-read the conversation status.
import { setMaxListeners } from "node:events";
import type { Database } from "@support/db";
import { rawRows, sql } from "../lib/raw-sql.ts";
import type { Logger } from "../lib/logger.ts";

export const EVENTS_CHANNEL = "support_events";

export type BusEvent =
  | { t: "message"; s: string; q: string }
  | { t: "status"; s: string; status: "bot" | "handoff" | "closed"; joined?: string | null }
  /** `by`: the typing member of staff's id (colleagues see "<name> is typing"). */
  | { t: "typing"; s: string; who: "customer" | "agent"; name?: string; by?: string }
  /** A member of staff opened (heartbeat while open) or left a conversation; not stored anywhere. */
  | { t: "presence"; s: string; by: string; name: string; state: "viewing" | "left" }
  /** The conversation's owner or ticket changed (database triggers): consoles read it again. */
  | { t: "changed"; s: string }
  /** The business hours (or another setting the open widgets show) changed: widgets read their config again. */
  | { t: "settings" }
  /** Local only (never sent over NOTIFY): the LISTEN connection came back; events may have been missed. */
  | { t: "resync" };

type Listener = (event: BusEvent) => void;

export type EventBusOptions = {
  /** Wait before the first reconnect attempt; doubles per failed attempt up to `reconnectMaxDelayMs`. */
  reconnectInitialDelayMs?: number;
  reconnectMaxDelayMs?: number;
};

export type EventBus = {
  subscribe(listener: Listener): () => void;
  publish(event: Exclude<BusEvent, { t: "resync" }>): Promise<void>;
  /** Resolves once the LISTEN is first in place (events before it are read from the tables on replay). */
  ready: Promise<void>;
  /** False while the LISTEN connection is down (readiness reports it): live events are not arriving. */
  readonly listening: boolean;
  /** Aborted when the bus closes (server shutdown): open streams end so clients reconnect elsewhere. */
  closed: AbortSignal;
  close(): Promise<void>;
  readonly listeners: number;
};

export function createEventBus(db: Database, log: Logger, options: EventBusOptions = {}): EventBus {
  const initialDelayMs = options.reconnectInitialDelayMs ?? 250;
  const maxDelayMs = options.reconnectMaxDelayMs ?? 2_000;
  const listeners = new Set<Listener>();
  const closing = new AbortController();
  // Every open stream of this process listens on it (one listener each, removed when the stream
  // ends): without this, Node warns of a possible leak as soon as 11 streams are open.
  setMaxListeners(0, closing.signal);
  let closed = false;
  let listening = false;
  let everListened = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let unlisten: (() => Promise<void>) | null = null;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const deliver = (event: BusEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        log.error({ err }, "event listener failed");
      }
    }
  };

  const dispatch = (payload: string | undefined) => {
    if (!payload) return;
    let event: BusEvent;
    try {
      event = JSON.parse(payload) as BusEvent;
    } catch {
      log.warn({ payload }, "ignored a malformed event");
      return;
    }
    if (event.t === "resync") return;
    deliver(event);
  };

  const onListening = () => {
    if (closed) return;
    listening = true;
    if (everListened) {
      log.info("event connection restored; streams replay what they missed");
      deliver({ t: "resync" });
    }
    everListened = true;
    markReady();
  };

  // Retries forever (doubling, capped, with jitter so instances don't reconnect in lockstep):
  // an outage of any length ends with live events flowing again, no restart needed.
  const scheduleConnect = (attempt: number) => {
    if (closed) return;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt, 20));
    const delay = attempt === 0 ? 0 : Math.round(base * (0.5 + Math.random() * 0.5));
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().then(onListening, (err: unknown) => {
        if (closed) return;
        if (attempt === 0 || attempt % 10 === 0) log.warn({ err, attempt }, "could not listen for events; retrying");
        scheduleConnect(attempt + 1);
      });
    }, delay);
  };

  // The connection currently listening: a late error or end of an older one must not count.
  let current: object | null = null;
  const lost = (connection: object, err: Error) => {
    if (!listening || connection !== current) return;
    current = null;
    listening = false;
    unlisten = null;
    if (closed) return;
    log.warn({ err }, "event connection lost; reconnecting");
    scheduleConnect(1);
  };

  const connect = async (): Promise<void> => {
    if (db.pglite) {
      unlisten = await db.pglite.listen(EVENTS_CHANNEL, dispatch);
      return;
    }
    if (!db.pool) throw new Error("event bus needs a PostgreSQL pool or PGlite");
    // A dedicated connection: LISTEN must outlive any one query.
    const client = await db.pool.connect();
    const connection = {};
    let released = false;
    const release = (err?: Error) => {
      if (released) return;
      released = true;
      client.removeAllListeners("notification");
      client.release(err ?? true);
    };
    client.on("notification", (msg) => dispatch(msg.payload));
    client.on("error", (err) => {
      release(err);
      lost(connection, err);
    });
    // A connection closed without an error event (e.g. by a proxy) is just as lost.
    client.on("end", () => {
      release();
      lost(connection, new Error("event connection ended"));
    });
    try {
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      release(err as Error);
      throw err;
    }
    // Lost between LISTEN and here, or closed meanwhile: don't report a dead connection as listening.
    if (released || closed) {
      release();
      throw new Error(closed ? "event bus closed" : "event connection lost while starting to listen");
    }
    current = connection;
    unlisten = async () => {
      await client.query(`UNLISTEN ${EVENTS_CHANNEL}`).catch(() => undefined);
      release();
    };
  };

  scheduleConnect(0);

  return {
    ready,
    closed: closing.signal,
    get listening() {
      return listening;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async publish(event) {
      const notify = sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`;
      await rawRows(db.sql, notify);
    },
    get listeners() {
      return listeners.size;
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      closing.abort();
      listeners.clear();
      listening = false;
      const stop = unlisten;
      unlisten = null;
      await stop?.();
    },
  };
}
