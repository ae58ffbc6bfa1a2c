// The live streams behind the live router's subscriptions: the customer's conversation (agent
// replies, status, typing) and the staff inbox. Each replays from the client's last event id after
// a reconnect, then follows LISTEN/NOTIFY (bus.ts), so a dropped connection loses nothing and no
// event is sent twice.
import { TRPCError, tracked } from "@trpc/server";
import type { ConversationEvent, InboxEvent } from "@support/schemas";
import type { Context } from "../context.ts";
import type { ConversationStatus } from "../domain/conversation/status.ts";
import type { EventBus } from "./bus.ts";
import { messagesAfter, toLiveMessages } from "./messages.ts";
import { busEvents } from "./stream.ts";

type Ctx = Pick<Context, "prisma" | "events" | "log">;

function requireBus(ctx: Ctx): EventBus {
  if (!ctx.events)
    throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Live updates are not available on this server" });
  return ctx.events;
}

async function currentSeq(ctx: Ctx, sessionId?: string): Promise<bigint> {
  const last = await ctx.prisma.message.findFirst({
    where: sessionId ? { sessionId } : {},
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return last?.seq ?? 0n;
}

/** The customer's typing, shown to the agent in the inbox. */
export async function publishCustomerTyping(ctx: Ctx, sessionId: string): Promise<void> {
  await requireBus(ctx).publish({ t: "typing", s: sessionId, who: "customer" });
}

/**
 * The customer's own conversation from `lastEventId` on (without one: from now, the client has just
 * loaded the history). `session.status` is the status the client last learned.
 */
export async function conversationStream(
  ctx: Ctx,
  session: { id: string; status: ConversationStatus },
  input: { lastEventId?: string | null | undefined } | undefined,
  signal: AbortSignal | undefined,
) {
  const bus = requireBus(ctx);
  const sessionId = session.id;
  const events = busEvents(
    bus,
    (e) =>
      e.t === "resync" ||
      e.t === "settings" ||
      (e.s === sessionId && (e.t === "message" || e.t === "status" || (e.t === "typing" && e.who === "agent"))),
    signal,
  );
  // The status the client last learned (from the history it just loaded, or from this stream):
  // after a resync a changed status is sent once, an unchanged one not at all.
  let status = session.status;
  let joinedBy =
    (await ctx.prisma.session.findUnique({ where: { id: sessionId }, select: { joinedByName: true } }))?.joinedByName ??
    null;
  // Without a cursor the client has just loaded the history: start from now.
  let cursor = input?.lastEventId ? BigInt(input.lastEventId) : await currentSeq(ctx, sessionId);
  // Subscribed and the cursor read before the stream opens (tRPC sends `connected` once this
  // returns): a client that has seen the stream start misses no event.
  return (async function* () {
    const catchUp = async function* () {
      const rows = await messagesAfter(ctx.prisma, { sessionId }, cursor);
      for (const message of await toLiveMessages(ctx.prisma, rows)) {
        cursor = BigInt(message.seq);
        yield tracked(message.seq, { type: "message", message } satisfies ConversationEvent);
      }
    };
    yield* catchUp();
    for await (const e of events) {
      if (e.t === "message") yield* catchUp();
      else if (e.t === "status") {
        status = e.status;
        joinedBy = e.joined ?? null;
        yield { type: "status", status, joinedBy } satisfies ConversationEvent;
      } else if (e.t === "typing")
        yield { type: "typing", who: "agent", name: e.name ?? null } satisfies ConversationEvent;
      else if (e.t === "settings") yield { type: "settings" } satisfies ConversationEvent;
      else if (e.t === "resync") {
        // If the database fails again right now, keep the stream: the next message event
        // replays from the cursor anyway.
        const now = await ctx.prisma.session
          .findUnique({ where: { id: sessionId }, select: { status: true, joinedByName: true } })
          .catch((err: unknown) => {
            ctx.log.warn({ err }, "live stream: resync failed; continuing");
            return null;
          });
        if (!now) continue;
        yield* catchUp();
        if (now.status !== status || now.joinedByName !== joinedBy) {
          status = now.status;
          joinedBy = now.joinedByName;
          yield { type: "status", status, joinedBy } satisfies ConversationEvent;
        }
      }
    }
  })();
}

/**
 * Every conversation's messages, status and owner changes, customer typing, and colleagues'
 * presence (viewing, typing) for the console inbox. The subscriber's (`staffId`) own presence is left out.
 */
export async function inboxStream(
  ctx: Ctx,
  staffId: string,
  input: { lastEventId?: string | null | undefined } | undefined,
  signal: AbortSignal | undefined,
) {
  const bus = requireBus(ctx);
  const self = staffId;
  const events = busEvents(bus, (e) => (e.t === "presence" || e.t === "typing" ? e.by !== self : true), signal);
  let cursor = input?.lastEventId ? BigInt(input.lastEventId) : await currentSeq(ctx);
  // Subscribed and the cursor read before the stream opens (tRPC sends `connected` once this
  // returns): a client that has seen the stream start misses no event.
  return (async function* () {
    const catchUp = async function* () {
      const rows = await messagesAfter(ctx.prisma, {}, cursor);
      const live = await toLiveMessages(ctx.prisma, rows);
      for (const [i, message] of live.entries()) {
        cursor = BigInt(message.seq);
        yield tracked(message.seq, {
          type: "message",
          conversationId: rows[i]!.sessionId,
          message,
        } satisfies InboxEvent);
      }
    };
    yield* catchUp();
    for await (const e of events) {
      if (e.t === "message") yield* catchUp();
      else if (e.t === "status")
        yield {
          type: "status",
          conversationId: e.s,
          status: e.status,
          joinedBy: e.joined ?? null,
        } satisfies InboxEvent;
      else if (e.t === "typing" && e.who === "customer")
        yield { type: "typing", conversationId: e.s, who: "customer" } satisfies InboxEvent;
      else if (e.t === "typing") {
        if (e.by)
          yield {
            type: "presence",
            conversationId: e.s,
            staffId: e.by,
            name: e.name ?? "A colleague",
            state: "typing",
          } satisfies InboxEvent;
      } else if (e.t === "presence")
        yield {
          type: "presence",
          conversationId: e.s,
          staffId: e.by,
          name: e.name,
          state: e.state,
        } satisfies InboxEvent;
      else if (e.t === "changed") yield { type: "changed", conversationId: e.s } satisfies InboxEvent;
      // Status changes are not in the event log: the console reloads its lists instead.
      else if (e.t === "resync") {
        yield* catchUp();
        yield { type: "resync" } satisfies InboxEvent;
      }
    }
  })();
}
