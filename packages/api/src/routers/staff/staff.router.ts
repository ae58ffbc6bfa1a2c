// Staff administration for admins: list, create, rename, change role, deactivate/restore, reset password.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import {
  ZStaffCreateInput,
  ZStaffListOutput,
  ZStaffMember,
  ZStaffResetPasswordInput,
  ZStaffSetActiveInput,
  ZStaffUpdateInput,
} from "@support/schemas";
import type { PrismaClient } from "@support/db";
import { z } from "zod";
import { adminProcedure } from "../../trpc.ts";
import { assertAcceptablePassword, hashPassword } from "../auth/password.ts";
import { createStaffUser, StaffAccountError, toStaffMember } from "./staff.service.ts";

async function findStaffOrThrow(prisma: PrismaClient, id: string) {
  const user = await prisma.staffUser.findUnique({ where: { id } });
  if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No staff member with that id" });
  return user;
}

/** The console must always keep someone able to manage it. */
async function assertAnotherActiveAdmin(prisma: PrismaClient, exceptId: string, action: string) {
  const others = await prisma.staffUser.count({ where: { role: "admin", isActive: true, id: { not: exceptId } } });
  if (others === 0) throw new TRPCError({ code: "BAD_REQUEST", message: `You can't ${action} the last active admin` });
}

export const staffRouter = {
  list: adminProcedure.output(ZStaffListOutput).query(async ({ ctx }) => {
    const users = await ctx.prisma.staffUser.findMany({ orderBy: [{ isActive: "desc" }, { name: "asc" }] });
    return users.map(toStaffMember);
  }),

  create: adminProcedure
    .input(ZStaffCreateInput)
    .output(ZStaffMember)
    .mutation(async ({ ctx, input }) => {
      try {
        const user = await createStaffUser(ctx.prisma, input);
        ctx.log.info({ staffId: user.id, by: ctx.staff.id }, "staff account created");
        return toStaffMember(user);
      } catch (err) {
        if (err instanceof StaffAccountError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message });
        throw err;
      }
    }),

  update: adminProcedure
    .input(ZStaffUpdateInput)
    .output(ZStaffMember)
    .mutation(async ({ ctx, input }) => {
      const user = await findStaffOrThrow(ctx.prisma, input.id);
      if (input.role === "agent" && user.role === "admin")
        await assertAnotherActiveAdmin(ctx.prisma, user.id, "demote");
      const updated = await ctx.prisma.staffUser.update({
        where: { id: user.id },
        data: {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.role !== undefined && { role: input.role }),
        },
      });
      return toStaffMember(updated);
    }),

  /** Deactivating signs the person out everywhere; the account and its history are kept. */
  setActive: adminProcedure
    .input(ZStaffSetActiveInput)
    .output(ZStaffMember)
    .mutation(async ({ ctx, input }) => {
      const user = await findStaffOrThrow(ctx.prisma, input.id);
      if (!input.isActive) {
        if (user.id === ctx.staff.id)
          throw new TRPCError({ code: "BAD_REQUEST", message: "You can't deactivate your own account" });
        if (user.role === "admin") await assertAnotherActiveAdmin(ctx.prisma, user.id, "deactivate");
      }
      const [updated] = await ctx.prisma.$transaction([
        ctx.prisma.staffUser.update({ where: { id: user.id }, data: { isActive: input.isActive } }),
        ...(input.isActive ? [] : [ctx.prisma.staffSession.deleteMany({ where: { staffUserId: user.id } })]),
      ]);
      return toStaffMember(updated);
    }),

  resetPassword: adminProcedure
    .input(ZStaffResetPasswordInput)
    .output(z.object({ reset: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const user = await findStaffOrThrow(ctx.prisma, input.id);
      assertAcceptablePassword(input.password, user);
      await ctx.prisma.$transaction([
        ctx.prisma.staffUser.update({
          where: { id: user.id },
          data: { passwordHash: await hashPassword(input.password) },
        }),
        ctx.prisma.staffSession.deleteMany({
          where: { staffUserId: user.id, ...(user.id === ctx.staff.id ? { id: { not: ctx.staffSessionId } } : {}) },
        }),
      ]);
      return { reset: true as const };
    }),
} satisfies TRPCRouterRecord;
