// The staff inbox: conversations waiting for a human, the whole thread, live replies, hand back to
// the bot, resolve. Changes reach the customer's widget through the live stream.
import { scheduleFollowUp } from "../../domain/follow-up/follow-up.ts";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { Prisma, type PrismaClient } from "@support/db";
import {
  ZAgentReplyInput,
  ZConversationId,
  ZConversationNote,
  ZConversationNoteInput,
  ZCustomerContext,
  ZInboxAssignInput,
  ZInboxItem,
  ZInboxListInput,
  ZLiveMessage,
  ZPresenceInput,
  ticketReference,
  type InboxView,
} from "@support/schemas";
import { z } from "zod";
import { enqueueWebhookEvent } from "../../jobs/webhooks.ts";
import { changeConversationStatus } from "../../domain/conversation/status.ts";
import { literalContains } from "../../lib/like.ts";
import { toLiveMessages } from "../../live/messages.ts";
import { closeConversation } from "../../domain/conversation/close.ts";
import { loadCustomerContext } from "../../domain/inbox/customer-context.ts";
import { staffProcedure } from "../../trpc.ts";

/** Which conversations each Inbox view lists; `owner` is the conversation's assignee (or its ticket's). */
function viewCondition(view: InboxView, staffId: string): Prisma.Sql {
  switch (view) {
    case "waiting":
      return Prisma.sql`s.status = 'handoff'`;
    case "bot":
      return Prisma.sql`s.status = 'bot' AND last.role IS NOT NULL`;
    case "mine":
      return Prisma.sql`s.status <> 'closed' AND COALESCE(s."assigneeId", t."assigneeId") = ${staffId}::uuid`;
    case "unassigned":
      return Prisma.sql`s.status = 'handoff' AND COALESCE(s."assigneeId", t."assigneeId") IS NULL`;
    case "closed":
      return Prisma.sql`s.status = 'closed'`;
    case "all":
      return Prisma.sql`last.role IS NOT NULL`;
  }
}

/** Customer text, contact email, or a ticket number ("#1001" or "1001"); `%` and `_` match themselves. */
function searchCondition(search: string | undefined): Prisma.Sql {
  if (!search) return Prisma.sql`true`;
  const pattern = `%${literalContains(search)}%`;
  const number = /^#?(\d{1,9})$/.exec(search)?.[1];
  return Prisma.sql`(
    EXISTS (SELECT 1 FROM "Message" m WHERE m."sessionId" = s.id AND m.role = 'user' AND m.content ILIKE ${pattern})
    OR EXISTS (SELECT 1 FROM "Ticket" tc WHERE tc."sessionId" = s.id AND (tc."customerContact" ILIKE ${pattern} ${number ? Prisma.sql`OR tc.number = ${Number(number)}` : Prisma.empty}))
  )`;
}

type InboxRow = {
  id: string;
  status: "bot" | "handoff" | "closed";
  handoffReason: "customer_request" | "missing_knowledge" | "model_failure" | null;
  handoffAt: Date | null;
  lastActivityAt: Date;
  lastRole: string | null;
  lastContent: string | null;
  lastAuthor: string | null;
  unread: number;
  waitingSince: Date | null;
  ticketId: string | null;
  ticketNumber: number | null;
  ticketStatus: string | null;
  ticketContact: string | null;
  ticketAssignee: string | null;
  ownerId: string | null;
  ownerName: string | null;
};

async function loadConversation(prisma: PrismaClient, conversationId: string) {
  const session = await prisma.session.findUnique({ where: { id: conversationId } });
  if (!session) throw new TRPCError({ code: "NOT_FOUND", message: "No such conversation" });
  return session;
}

export const inboxRouter = {
  list: staffProcedure
    .meta({ readsCustomerData: true })
    .input(ZInboxListInput)
    .output(z.array(ZInboxItem))
    .query(async ({ ctx, input }) => {
      const view: InboxView = input.view ?? (input.status === "handoff" || !input.status ? "waiting" : input.status);
      const rows = await ctx.prisma.$queryRaw<InboxRow[]>`
        SELECT s.id, s.status::text AS status, s."handoffReason"::text AS "handoffReason", s."handoffAt",
               COALESCE(last."createdAt", s."lastSeenAt") AS "lastActivityAt",
               last.role::text AS "lastRole", last.content AS "lastContent", last."authorName" AS "lastAuthor",
               (SELECT count(*)::int FROM "Message" m WHERE m."sessionId" = s.id AND m.role = 'user' AND m.seq > s."staffReadSeq") AS unread,
               (SELECT CASE
                  WHEN s.status <> 'handoff' THEN NULL
                  -- No human has answered since the hand-off: the wait started with it.
                  WHEN la.seq IS NULL OR la."createdAt" < COALESCE(s."handoffAt", s."createdAt") THEN COALESCE(s."handoffAt", s."createdAt")
                  ELSE (SELECT min(m."createdAt") FROM "Message" m WHERE m."sessionId" = s.id AND m.role = 'user' AND m.seq > la.seq)
                END
                FROM (SELECT max(a.seq) AS seq, max(a."createdAt") AS "createdAt" FROM "Message" a WHERE a."sessionId" = s.id AND a.role = 'agent') la) AS "waitingSince",
               t.id AS "ticketId", t.number AS "ticketNumber", t.status::text AS "ticketStatus",
               t."customerContact" AS "ticketContact", su.name AS "ticketAssignee",
               owner.id AS "ownerId", owner.name AS "ownerName"
        FROM "Session" s
        LEFT JOIN LATERAL (
          SELECT role, content, "authorName", "createdAt" FROM "Message" m
          WHERE m."sessionId" = s.id AND m.role <> 'system' ORDER BY m.seq DESC LIMIT 1
        ) last ON true
        LEFT JOIN LATERAL (
          SELECT * FROM "Ticket" t WHERE t."sessionId" = s.id ORDER BY t."createdAt" DESC LIMIT 1
        ) t ON true
        LEFT JOIN "StaffUser" su ON su.id = t."assigneeId"
        LEFT JOIN "StaffUser" owner ON owner.id = COALESCE(s."assigneeId", t."assigneeId")
        WHERE ${viewCondition(view, ctx.staff.id)} AND ${searchCondition(input.search || undefined)}
        ORDER BY "lastActivityAt" DESC
        LIMIT 200`;
      return rows.map((r) => ({
        conversationId: r.id,
        status: r.status,
        handoffReason: r.handoffReason,
        handoffAt: r.handoffAt,
        lastActivityAt: r.lastActivityAt,
        lastMessage: r.lastRole ? { role: r.lastRole, content: r.lastContent ?? "", authorName: r.lastAuthor } : null,
        unread: r.unread,
        waitingSince: r.waitingSince,
        ticket: r.ticketId
          ? {
              id: r.ticketId,
              reference: ticketReference(r.ticketNumber!),
              status: r.ticketStatus!,
              customerContact: r.ticketContact,
              assignee: r.ticketAssignee,
            }
          : null,
        assignee: r.ownerId ? { id: r.ownerId, name: r.ownerName! } : null,
      }));
    }),

  /** The whole conversation (not only the ticket's snapshot) with its latest ticket. */
  get: staffProcedure
    .meta({ readsCustomerData: true })
    .input(ZConversationId)
    .output(
      z.object({
        conversationId: z.string().uuid(),
        status: z.enum(["bot", "handoff", "closed"]),
        handoffReason: z.string().nullable(),
        /** Who took the hand-off; null while the customer waits for a person. */
        joinedByName: z.string().nullable(),
        /** Who owns the conversation (null: unassigned). */
        assignee: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
        messages: z.array(ZLiveMessage),
        /** Staff's internal notes, oldest first; the console places them in the thread by time. */
        notes: z.array(ZConversationNote),
        ticket: z
          .object({
            id: z.string().uuid(),
            reference: z.string(),
            status: z.string(),
            issueSummary: z.string(),
            customerContact: z.string().nullable(),
            assignee: z.string().nullable(),
          })
          .nullable(),
        /** What the widget told us when the chat started, and this browser's other conversations. */
        customer: ZCustomerContext,
      }),
    )
    .query(async ({ ctx, input }) => {
      const session = await loadConversation(ctx.prisma, input.conversationId);
      const [messages, ticket, owner, notes, customer] = await Promise.all([
        // The newest 1000 messages, shown oldest first.
        ctx.prisma.message
          .findMany({ where: { sessionId: session.id }, orderBy: { seq: "desc" }, take: 1000 })
          .then((m) => m.reverse()),
        ctx.prisma.ticket.findFirst({
          where: { sessionId: session.id },
          orderBy: { createdAt: "desc" },
          include: { assignee: { select: { name: true } } },
        }),
        session.assigneeId
          ? ctx.prisma.staffUser.findUnique({ where: { id: session.assigneeId }, select: { id: true, name: true } })
          : null,
        ctx.prisma.conversationNote.findMany({
          where: { sessionId: session.id },
          orderBy: { createdAt: "asc" },
          take: 500,
        }),
        loadCustomerContext(ctx.prisma, session),
      ]);
      const assignee =
        owner ?? (ticket?.assigneeId && ticket.assignee ? { id: ticket.assigneeId, name: ticket.assignee.name } : null);
      return {
        conversationId: session.id,
        status: session.status,
        handoffReason: session.handoffReason,
        joinedByName: session.joinedByName,
        assignee,
        messages: await toLiveMessages(ctx.prisma, messages),
        notes: notes.map((n) => ({ id: n.id, authorName: n.authorName, body: n.body, createdAt: n.createdAt })),
        ticket: ticket
          ? {
              id: ticket.id,
              reference: ticketReference(ticket.number),
              status: ticket.status,
              issueSummary: ticket.issueSummary,
              customerContact: ticket.customerContact,
              assignee: ticket.assignee?.name ?? null,
            }
          : null,
        customer,
      };
    }),

  /**
   * An agent's reply, shown in the customer's widget at once. The first reply of a hand-off is that
   * person joining (the customer stops "waiting"); replying to a bot conversation takes it over.
   */
  reply: staffProcedure
    .input(ZAgentReplyInput)
    .output(ZLiveMessage)
    .mutation(async ({ ctx, input }) => {
      const session = await loadConversation(ctx.prisma, input.conversationId);
      const now = ctx.clock.now();
      const stored = await ctx.prisma.message.findUnique({
        where: { sessionId_clientMessageId: { sessionId: session.id, clientMessageId: input.clientMessageId } },
      });
      if (stored) return (await toLiveMessages(ctx.prisma, [stored]))[0]!;
      let message;
      try {
        message = await ctx.prisma.$transaction(async (tx) => {
          // The "joined" notice goes before the reply it introduces. (It also locks the conversation,
          // so a colleague's reply can't slip in between the check below and this one.)
          await changeConversationStatus(tx, session.id, { kind: "staff_joined", staffName: ctx.staff.name }, now, {
            jobs: ctx.jobs,
          });
          if (input.lastSeenSeq !== undefined) {
            const unseen = await tx.message.findFirst({
              where: {
                sessionId: session.id,
                role: "agent",
                seq: { gt: BigInt(input.lastSeenSeq) },
                NOT: { authorStaffId: ctx.staff.id },
              },
              orderBy: { seq: "asc" },
            });
            if (unseen) {
              throw new TRPCError({
                code: "CONFLICT",
                message: `${unseen.authorName ?? "A colleague"} replied while you were writing. Read their reply, then send yours again.`,
              });
            }
          }
          await tx.session.updateMany({
            where: { id: session.id, assigneeId: null },
            data: { assigneeId: ctx.staff.id },
          });
          const created = await tx.message.create({
            data: {
              sessionId: session.id,
              role: "agent",
              content: input.text,
              clientMessageId: input.clientMessageId,
              authorStaffId: ctx.staff.id,
              authorName: ctx.staff.name,
            },
          });
          await tx.session.update({ where: { id: session.id }, data: { staffReadSeq: created.seq } });
          await enqueueWebhookEvent(
            tx,
            ctx.jobs,
            "message.created",
            {
              conversationId: session.id,
              messageId: created.id,
              role: "staff",
              content: created.content,
              authorName: created.authorName,
            },
            now,
          );
          // Emailed to the customer if they haven't seen it in a few minutes (domain/follow-up).
          await scheduleFollowUp(tx, session.id, created.seq, now, ctx.config.followUpDelayMs);
          // The first human answer starts work on the ticket.
          await tx.ticket.updateMany({
            where: { sessionId: session.id, status: "open" },
            data: { status: "in_progress", assigneeId: ctx.staff.id },
          });
          return created;
        });
      } catch (err) {
        if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
        // A retried send: return the stored reply.
        message = await ctx.prisma.message.findUniqueOrThrow({
          where: { sessionId_clientMessageId: { sessionId: session.id, clientMessageId: input.clientMessageId } },
        });
      }
      const [live] = await toLiveMessages(ctx.prisma, [message]);
      return live!;
    }),

  /**
   * An internal note for colleagues, shown in the thread in the console only. Notes live in their
   * own table: the widget, the model's prompt, follow-up emails and webhooks read messages, never
   * notes. Consoles hear of a new note through the "changed" event (a trigger), not the customer.
   */
  addNote: staffProcedure
    .input(ZConversationNoteInput)
    .output(ZConversationNote)
    .mutation(async ({ ctx, input }) => {
      const session = await loadConversation(ctx.prisma, input.conversationId);
      const key = { sessionId_clientNoteId: { sessionId: session.id, clientNoteId: input.clientNoteId } };
      const note =
        (await ctx.prisma.conversationNote.findUnique({ where: key })) ??
        (await ctx.prisma.conversationNote
          .create({
            data: {
              sessionId: session.id,
              clientNoteId: input.clientNoteId,
              authorStaffId: ctx.staff.id,
              authorName: ctx.staff.name,
              body: input.text,
            },
          })
          .catch(async (err: unknown) => {
            // Sent twice at once: the other call stored it.
            if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")
              return ctx.prisma.conversationNote.findUniqueOrThrow({ where: key });
            throw err;
          }));
      return { id: note.id, authorName: note.authorName, body: note.body, createdAt: note.createdAt };
    }),

  /**
   * A member of staff takes a waiting conversation before writing, or takes over one the bot is
   * handling: the customer sees them join, and the conversation and its open ticket are theirs.
   * A conversation a colleague already took is refused (CONFLICT) and names them.
   */
  take: staffProcedure
    .input(ZConversationId)
    .output(z.object({ status: z.enum(["bot", "handoff", "closed"]), joinedByName: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const session = await loadConversation(ctx.prisma, input.conversationId);
      return ctx.prisma.$transaction(async (tx) => {
        const result = await changeConversationStatus(
          tx,
          session.id,
          { kind: "staff_joined", staffName: ctx.staff.name },
          ctx.clock.now(),
          {
            onlyFrom: ["handoff", "bot"],
          },
        );
        if (result.changed) {
          await tx.session.update({ where: { id: session.id }, data: { assigneeId: ctx.staff.id } });
          await tx.ticket.updateMany({
            where: { sessionId: session.id, status: { not: "resolved" } },
            data: { assigneeId: ctx.staff.id },
          });
        } else if (
          result.status === "handoff" &&
          result.joinedByName !== null &&
          result.joinedByName !== ctx.staff.name
        ) {
          const current = await tx.session.findUniqueOrThrow({
            where: { id: session.id },
            select: { assigneeId: true },
          });
          if (current.assigneeId !== ctx.staff.id) {
            throw new TRPCError({
              code: "CONFLICT",
              message: `${result.joinedByName} has already taken this conversation.`,
            });
          }
        }
        return { status: result.status, joinedByName: result.joinedByName };
      });
    }),

  /**
   * Gives the conversation (and its open ticket) to a member of staff, or to nobody. Only the owner
   * changes: the customer sees someone join when that person takes it or replies.
   */
  assign: staffProcedure
    .input(ZInboxAssignInput)
    .output(z.object({ assignee: z.object({ id: z.string().uuid(), name: z.string() }).nullable() }))
    .mutation(async ({ ctx, input }) => {
      const session = await loadConversation(ctx.prisma, input.conversationId);
      let assignee: { id: string; name: string } | null = null;
      if (input.assigneeId) {
        const person = await ctx.prisma.staffUser.findUnique({
          where: { id: input.assigneeId },
          select: { id: true, name: true, isActive: true },
        });
        if (!person || !person.isActive)
          throw new TRPCError({ code: "BAD_REQUEST", message: "Choose an active member of staff." });
        assignee = { id: person.id, name: person.name };
      }
      await ctx.prisma.$transaction([
        ctx.prisma.session.update({ where: { id: session.id }, data: { assigneeId: input.assigneeId } }),
        ctx.prisma.ticket.updateMany({
          where: { sessionId: session.id, status: { not: "resolved" } },
          data: { assigneeId: input.assigneeId },
        }),
      ]);
      return { assignee };
    }),

  /**
   * "<name> is viewing": sent when a conversation opens, repeated while it stays open (colleagues
   * drop it when the repeats stop), and "left" when it closes. Nothing is stored.
   */
  presence: staffProcedure
    .meta({ limits: ["staffPerIp", "staffTypingPerUser"], notAudited: true })
    .input(ZPresenceInput)
    .mutation(async ({ ctx, input }) => {
      if (!ctx.events) return { ok: false };
      await ctx.events.publish({
        t: "presence",
        s: input.conversationId,
        by: ctx.staff.id,
        name: ctx.staff.name,
        state: input.state,
      });
      return { ok: true };
    }),

  typing: staffProcedure
    .meta({ limits: ["staffPerIp", "staffTypingPerUser"], notAudited: true })
    .input(ZConversationId)
    .mutation(async ({ ctx, input }) => {
      if (!ctx.events) return { ok: false };
      await ctx.events.publish({
        t: "typing",
        s: input.conversationId,
        who: "agent",
        name: ctx.staff.name,
        by: ctx.staff.id,
      });
      return { ok: true };
    }),

  markRead: staffProcedure.input(ZConversationId).mutation(async ({ ctx, input }) => {
    await loadConversation(ctx.prisma, input.conversationId);
    const last = await ctx.prisma.message.findFirst({
      where: { sessionId: input.conversationId },
      orderBy: { seq: "desc" },
      select: { seq: true },
    });
    await ctx.prisma.session.update({ where: { id: input.conversationId }, data: { staffReadSeq: last?.seq ?? 0n } });
    return { ok: true };
  }),

  /** The bot answers again; the customer sees a note in the thread. */
  handBack: staffProcedure.input(ZConversationId).mutation(async ({ ctx, input }) => {
    const session = await loadConversation(ctx.prisma, input.conversationId);
    if (session.status === "bot") return { status: "bot" as const };
    await ctx.prisma.$transaction((tx) =>
      changeConversationStatus(tx, session.id, { kind: "handed_back", staffName: ctx.staff.name }, ctx.clock.now()),
    );
    return { status: "bot" as const };
  }),

  /** Ends the hand-off and resolves the conversation's open tickets. */
  resolve: staffProcedure.input(ZConversationId).mutation(async ({ ctx, input }) => {
    const session = await loadConversation(ctx.prisma, input.conversationId);
    // Already closed: nothing changes and no second note is posted.
    await closeConversation(ctx.prisma, session.id, {
      byName: ctx.staff.name,
      resolveTicketsAt: ctx.clock.now(),
      onlyFrom: ["bot", "handoff"],
      now: ctx.clock.now(),
    });
    return { status: "closed" as const };
  }),
} satisfies TRPCRouterRecord;
