// Cross-instance events over PostgreSQL LISTEN/NOTIFY: message inserts and status changes are
// announced by database triggers, typing by the API. Each server process holds one listening
// connection and fans events out to its open streams; it keeps no conversation state itself.
import { setMaxListeners } from "node:events";
import type { Database } from "@support/db";
import type { Logger } from "../lib/logger.ts";

export const EVENTS_CHANNEL = "support_events";

export type BusEvent =
  | { t: "message"; s: string; q: string }
  | { t: "status"; s: string; status: "bot" | "handoff" | "closed"; joined?: string | null }
  | { t: "typing"; s: string; who: "customer" | "agent"; name?: string };

type Listener = (event: BusEvent) => void;

export type EventBus = {
  subscribe(listener: Listener): () => void;
  publish(event: BusEvent): Promise<void>;
  /** Resolves once the LISTEN is in place (events before it are read from the tables on replay). */
  ready: Promise<void>;
  /** Aborted when the bus closes (server shutdown): open streams end so clients reconnect elsewhere. */
  closed: AbortSignal;
  close(): Promise<void>;
  readonly listeners: number;
};

export function createEventBus(db: Database, log: Logger): EventBus {
  const listeners = new Set<Listener>();
  const closing = new AbortController();
  // Every open stream of this process listens on it (one listener each, removed when the stream
  // ends): without this, Node warns of a possible leak as soon as 11 streams are open.
  setMaxListeners(0, closing.signal);
  let closed = false;
  let unlisten: (() => Promise<void>) | null = null;

  const dispatch = (payload: string | undefined) => {
    if (!payload) return;
    let event: BusEvent;
    try {
      event = JSON.parse(payload) as BusEvent;
    } catch {
      log.warn({ payload }, "ignored a malformed event");
      return;
    }
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        log.error({ err }, "event listener failed");
      }
    }
  };

  const connect = async (): Promise<void> => {
    if (db.pglite) {
      const stop = await db.pglite.listen(EVENTS_CHANNEL, dispatch);
      unlisten = stop;
      return;
    }
    if (!db.pool) throw new Error("event bus needs a PostgreSQL pool or PGlite");
    // A dedicated connection: LISTEN must outlive any one query. Reconnect if it drops.
    const client = await db.pool.connect();
    let released = false;
    const release = (err?: Error) => {
      if (released) return;
      released = true;
      client.removeAllListeners("notification");
      client.release(err ?? true);
    };
    client.on("notification", (msg) => dispatch(msg.payload));
    client.on("error", (err) => {
      log.warn({ err }, "event connection lost; reconnecting");
      release(err);
      if (!closed) setTimeout(() => void connect().catch((e: unknown) => log.error({ err: e }, "event reconnect failed")), 500);
    });
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    unlisten = async () => {
      await client.query(`UNLISTEN ${EVENTS_CHANNEL}`).catch(() => undefined);
      release();
    };
  };

  const ready = connect();
  ready.catch((err: unknown) => log.error({ err }, "could not listen for events"));

  return {
    ready,
    closed: closing.signal,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async publish(event) {
      await db.sql.query("SELECT pg_notify($1, $2)", [EVENTS_CHANNEL, JSON.stringify(event)]);
    },
    get listeners() {
      return listeners.size;
    },
    async close() {
      closed = true;
      closing.abort();
      listeners.clear();
      await ready.catch(() => undefined);
      await unlisten?.();
    },
  };
}
