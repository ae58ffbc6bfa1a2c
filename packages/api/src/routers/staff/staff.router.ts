// Staff administration for admins: list, create, rename, change role, deactivate/restore, reset password.
// The rules (the last active admin stays, sessions end on deactivation) live in domain/staff.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import {
  ZStaffCreateInput,
  ZStaffListOutput,
  ZStaffMember,
  ZStaffPasswordReset,
  ZStaffResetPasswordInput,
  ZStaffSetActiveInput,
  ZStaffUpdateInput,
} from "@support/schemas";
import {
  createStaffUser,
  listStaff,
  resetStaffPassword,
  setStaffActive,
  StaffAccountError,
  toStaffMember,
  updateStaffUser,
} from "../../domain/staff/accounts.ts";
import { adminProcedure } from "../../trpc.ts";

export const staffRouter = {
  list: adminProcedure.output(ZStaffListOutput).query(({ ctx }) => listStaff(ctx.prisma)),

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
    .mutation(async ({ ctx, input }) => toStaffMember(await updateStaffUser(ctx.prisma, input))),

  /** Deactivating signs the person out everywhere; the account and its history are kept. */
  setActive: adminProcedure
    .input(ZStaffSetActiveInput)
    .output(ZStaffMember)
    .mutation(async ({ ctx, input }) =>
      toStaffMember(await setStaffActive(ctx.prisma, input, { staffId: ctx.staff.id })),
    ),

  resetPassword: adminProcedure
    .input(ZStaffResetPasswordInput)
    .output(ZStaffPasswordReset)
    .mutation(async ({ ctx, input }) => {
      await resetStaffPassword(ctx.prisma, input, { staffId: ctx.staff.id, staffSessionId: ctx.staffSessionId });
      return { reset: true as const };
    }),
} satisfies TRPCRouterRecord;
