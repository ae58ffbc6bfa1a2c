// Staff sign-in: a server-side StaffSession behind an opaque HttpOnly cookie, password checks
// throttled per address and per account, sign-out that ends the session on the server. The
// sessions and the throttle live in domain/auth; this file sets and clears the cookie.
import type { TRPCRouterRecord } from "@trpc/server";
import {
  ZChangePasswordInput,
  ZMeOutput,
  ZPasswordChanged,
  ZSignedOut,
  ZSignInInput,
  ZSignInOutput,
} from "@support/schemas";
import { changeStaffPassword, endStaffSession, startStaffSession } from "../../domain/auth/sessions.ts";
import { describePasswordThrottle } from "../../domain/auth/throttle.ts";
import { toStaffMember } from "../../domain/staff/accounts.ts";
import {
  assertSameOriginJson,
  publicProcedure,
  staffCookieName,
  staffProcedure,
  STAFF_ABSOLUTE_MS,
} from "../../trpc.ts";

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
      const { user, secret } = await startStaffSession(ctx, input);
      ctx.res.setCookie(staffCookieName(ctx.config.production), secret, {
        httpOnly: true,
        sameSite: "lax",
        secure: ctx.config.production,
        path: "/",
        maxAgeSeconds: Math.floor(STAFF_ABSOLUTE_MS / 1000),
      });
      ctx.log.info({ staffId: user.id }, "staff signed in");
      return { staff: toStaffMember(user) };
    }),

  signOut: staffProcedure.output(ZSignedOut).mutation(async ({ ctx }) => {
    await endStaffSession(ctx, ctx.staffSessionId);
    ctx.res.clearCookie(staffCookieName(ctx.config.production), { path: "/", secure: ctx.config.production });
    return { signedOut: true as const };
  }),

  me: staffProcedure.output(ZMeOutput).query(({ ctx }) => ({ staff: toStaffMember(ctx.staff) })),

  /** Ends every other session of this account, so a leaked password stops working everywhere. */
  changePassword: staffProcedure
    .meta({ solo: true, description: PASSWORD_THROTTLE })
    .input(ZChangePasswordInput)
    .output(ZPasswordChanged)
    .mutation(async ({ ctx, input }) => {
      await changeStaffPassword(ctx, { staff: ctx.staff, staffSessionId: ctx.staffSessionId }, input);
      return { changed: true as const };
    }),
} satisfies TRPCRouterRecord;
