// Staff sign-in: a server-side StaffSession behind an opaque HttpOnly cookie, password checks
// throttled per address and per account (throttle.ts), sign-out that ends the session on the server.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { ZChangePasswordInput, ZMeOutput, ZSignInInput, ZSignInOutput } from "@support/schemas";
import { z } from "zod";
import { generateSecret, hashSecret } from "../../lib/tokens.ts";
import {
  assertSameOriginJson,
  publicProcedure,
  staffCookieName,
  staffProcedure,
  STAFF_ABSOLUTE_MS,
} from "../../trpc.ts";
import { toStaffMember } from "../staff/staff.service.ts";
import { assertAcceptablePassword, burnPasswordCheck, hashPassword, verifyPassword } from "./password.ts";
import { beginPasswordCheck, describePasswordThrottle } from "./throttle.ts";

const INVALID_CREDENTIALS = "That email and password don't match an account";
const PASSWORD_THROTTLE = describePasswordThrottle();

export const authRouter = {
  signIn: publicProcedure
    .meta({ solo: true, description: PASSWORD_THROTTLE })
    .input(ZSignInInput)
    .output(ZSignInOutput)
    .mutation(async ({ ctx, input }) => {
      // Sign-in is not cookie-authenticated, but a cross-site form could still sign a victim into
      // the attacker's account (login CSRF): same rule as staff mutations.
      assertSameOriginJson(ctx);
      const now = ctx.clock.now();
      // Counted before the password is checked: the count is what bounds the checks.
      const check = await beginPasswordCheck(ctx, input.email);
      const user = await ctx.prisma.staffUser.findUnique({ where: { email: input.email } });
      const ok = user
        ? await verifyPassword(user.passwordHash, input.password)
        : (await burnPasswordCheck(input.password), false);
      if (!user || !ok) throw new TRPCError({ code: "UNAUTHORIZED", message: INVALID_CREDENTIALS });
      await check.succeeded();
      if (!user.isActive) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: "This account has been deactivated. Ask an admin to restore it.",
        });
      }
      const secret = generateSecret();
      await ctx.prisma.$transaction([
        ctx.prisma.staffSession.create({
          data: {
            tokenHash: hashSecret(secret),
            staffUserId: user.id,
            ip: ctx.req.ip,
            userAgent: ctx.req.userAgent?.slice(0, 500) ?? null,
            createdAt: now,
            lastSeenAt: now,
            expiresAt: new Date(now.getTime() + STAFF_ABSOLUTE_MS),
          },
        }),
        // Housekeeping: this user's sessions that can no longer be used.
        ctx.prisma.staffSession.deleteMany({ where: { staffUserId: user.id, expiresAt: { lte: now } } }),
        ctx.prisma.staffUser.update({ where: { id: user.id }, data: { lastLoginAt: now } }),
      ]);
      ctx.res.setCookie(staffCookieName(ctx.config.production), secret, {
        httpOnly: true,
        sameSite: "lax",
        secure: ctx.config.production,
        path: "/",
        maxAgeSeconds: Math.floor(STAFF_ABSOLUTE_MS / 1000),
      });
      ctx.log.info({ staffId: user.id }, "staff signed in");
      return { staff: toStaffMember({ ...user, lastLoginAt: now }) };
    }),

  signOut: staffProcedure.output(z.object({ signedOut: z.literal(true) })).mutation(async ({ ctx }) => {
    await ctx.prisma.staffSession.deleteMany({ where: { id: ctx.staffSessionId } });
    ctx.res.clearCookie(staffCookieName(ctx.config.production), { path: "/", secure: ctx.config.production });
    return { signedOut: true as const };
  }),

  me: staffProcedure.output(ZMeOutput).query(({ ctx }) => ({ staff: toStaffMember(ctx.staff) })),

  /** Ends every other session of this account, so a leaked password stops working everywhere. */
  changePassword: staffProcedure
    .meta({ solo: true, description: PASSWORD_THROTTLE })
    .input(ZChangePasswordInput)
    .output(z.object({ changed: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      // A stolen session must not become a password oracle: the same throttle as sign-in.
      const check = await beginPasswordCheck(ctx, ctx.staff.email);
      const user = await ctx.prisma.staffUser.findUniqueOrThrow({ where: { id: ctx.staff.id } });
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "currentPassword: Your current password is not correct" });
      }
      await check.succeeded();
      assertAcceptablePassword(input.newPassword, user, "newPassword");
      await ctx.prisma.$transaction([
        ctx.prisma.staffUser.update({
          where: { id: user.id },
          data: { passwordHash: await hashPassword(input.newPassword) },
        }),
        ctx.prisma.staffSession.deleteMany({ where: { staffUserId: user.id, id: { not: ctx.staffSessionId } } }),
      ]);
      return { changed: true as const };
    }),
} satisfies TRPCRouterRecord;
