// The staff inbox: conversations waiting for a human, the whole thread, live replies, hand back to
// the bot, resolve. Changes reach the customer's widget through the live stream.
import { scheduleFollowUp } from "../../domain/follow-up/follow-up.ts";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { Prisma, type PrismaClient } from "@support/db";
import { ZAgentReplyInput, ZConversationId, ZInboxItem, ZLiveMessage, ticketReference } from "@support/schemas";
import { z } from "zod";
import { enqueueWebhookEvent } from "../../jobs/webhooks.ts";
import { changeConversationStatus } from "../../domain/conversation/status.ts";
import { toLiveMessages } from "../../live/messages.ts";
import { closeConversation } from "./close-conversation.ts";
import { staffProcedure } from "../../trpc.ts";

const ZInboxListInput = z
  .object({ status: z.enum(["handoff", "closed", "all"]).default("handoff") })
  .default({ status: "handoff" });

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
      const statuses = input.status === "all" ? ["handoff", "closed"] : [input.status];
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
               t."customerContact" AS "ticketContact", su.name AS "ticketAssignee"
        FROM "Session" s
        LEFT JOIN LATERAL (
          SELECT role, content, "authorName", "createdAt" FROM "Message" m
          WHERE m."sessionId" = s.id AND m.role <> 'system' ORDER BY m.seq DESC LIMIT 1
        ) last ON true
        LEFT JOIN LATERAL (
          SELECT * FROM "Ticket" t WHERE t."sessionId" = s.id ORDER BY t."createdAt" DESC LIMIT 1
        ) t ON true
        LEFT JOIN "StaffUser" su ON su.id = t."assigneeId"
        WHERE s.status::text = ANY(${statuses})
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
          ? { id: r.ticketId, reference: ticketReference(r.ticketNumber!), status: r.ticketStatus!, customerContact: r.ticketContact, assignee: r.ticketAssignee }
          : null,
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
        messages: z.array(ZLiveMessage),
        ticket: z
          .object({ id: z.string().uuid(), reference: z.string(), status: z.string(), issueSummary: z.string(), customerContact: z.string().nullable() })
          .nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const session = await loadConversation(ctx.prisma, input.conversationId);
      const [messages, ticket] = await Promise.all([
        ctx.prisma.message.findMany({ where: { sessionId: session.id }, orderBy: { seq: "asc" }, take: 1000 }),
        ctx.prisma.ticket.findFirst({ where: { sessionId: session.id }, orderBy: { createdAt: "desc" } }),
      ]);
      return {
        conversationId: session.id,
        status: session.status,
        handoffReason: session.handoffReason,
        joinedByName: session.joinedByName,
        messages: await toLiveMessages(ctx.prisma, messages),
        ticket: ticket
          ? { id: ticket.id, reference: ticketReference(ticket.number), status: ticket.status, issueSummary: ticket.issueSummary, customerContact: ticket.customerContact }
          : null,
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
      let message;
      try {
        message = await ctx.prisma.$transaction(async (tx) => {
          // The "joined" notice goes before the reply it introduces.
          await changeConversationStatus(tx, session.id, { kind: "staff_joined", staffName: ctx.staff.name }, now, { jobs: ctx.jobs });
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
            { conversationId: session.id, messageId: created.id, role: "staff", content: created.content, authorName: created.authorName },
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
   * A member of staff takes a waiting conversation before writing: the customer sees them join, and
   * its open ticket is assigned to them.
   */
  take: staffProcedure
    .input(ZConversationId)
    .output(z.object({ status: z.enum(["bot", "handoff", "closed"]), joinedByName: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const session = await loadConversation(ctx.prisma, input.conversationId);
      return ctx.prisma.$transaction(async (tx) => {
        const result = await changeConversationStatus(tx, session.id, { kind: "staff_joined", staffName: ctx.staff.name }, ctx.clock.now(), {
          onlyFrom: ["handoff"],
        });
        if (result.changed) {
          await tx.ticket.updateMany({ where: { sessionId: session.id, status: { not: "resolved" } }, data: { assigneeId: ctx.staff.id } });
        }
        return { status: result.status, joinedByName: result.joinedByName };
      });
    }),

  typing: staffProcedure.meta({ limits: ["staffPerIp", "staffTypingPerUser"], notAudited: true }).input(ZConversationId).mutation(async ({ ctx, input }) => {
    if (!ctx.events) return { ok: false };
    await ctx.events.publish({ t: "typing", s: input.conversationId, who: "agent", name: ctx.staff.name });
    return { ok: true };
  }),

  markRead: staffProcedure.input(ZConversationId).mutation(async ({ ctx, input }) => {
    await loadConversation(ctx.prisma, input.conversationId);
    const last = await ctx.prisma.message.findFirst({ where: { sessionId: input.conversationId }, orderBy: { seq: "desc" }, select: { seq: true } });
    await ctx.prisma.session.update({ where: { id: input.conversationId }, data: { staffReadSeq: last?.seq ?? 0n } });
    return { ok: true };
  }),

  /** The bot answers again; the customer sees a note in the thread. */
  handBack: staffProcedure.input(ZConversationId).mutation(async ({ ctx, input }) => {
    const session = await loadConversation(ctx.prisma, input.conversationId);
    if (session.status === "bot") return { status: "bot" as const };
    await ctx.prisma.$transaction((tx) => changeConversationStatus(tx, session.id, { kind: "handed_back", staffName: ctx.staff.name }, ctx.clock.now()));
    return { status: "bot" as const };
  }),

  /** Ends the hand-off and resolves the conversation's open tickets. */
  resolve: staffProcedure.input(ZConversationId).mutation(async ({ ctx, input }) => {
    const session = await loadConversation(ctx.prisma, input.conversationId);
    // Already closed: nothing changes and no second note is posted.
    await closeConversation(ctx.prisma, session.id, { byName: ctx.staff.name, resolveTicketsAt: ctx.clock.now(), onlyFrom: ["bot", "handoff"], now: ctx.clock.now() });
    return { status: "closed" as const };
  }),
} satisfies TRPCRouterRecord;
