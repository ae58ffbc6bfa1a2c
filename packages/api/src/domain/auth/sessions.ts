// Staff sessions: a server-side StaffSession found by the hash of an opaque secret (the cookie),
// password checks throttled per address and per account (throttle.ts) before argon2 runs, and
// password changes that end every other session of the account.
import { TRPCError } from "@trpc/server";
import type { StaffUser } from "@support/db";
import type { Context } from "../../context.ts";
import { generateSecret, hashSecret } from "../../lib/tokens.ts";
import { STAFF_ABSOLUTE_MS } from "../../trpc.ts";
import { assertAcceptablePassword, burnPasswordCheck, hashPassword, verifyPassword } from "./password.ts";
import { beginPasswordCheck } from "./throttle.ts";

const INVALID_CREDENTIALS = "That email and password don't match an account";

/** Checks the password and starts a session; the secret goes into the cookie, only its hash is stored. */
export async function startStaffSession(
  ctx: Context,
  input: { email: string; password: string },
): Promise<{ user: StaffUser; secret: string }> {
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
  return { user: { ...user, lastLoginAt: now }, secret };
}

export async function endStaffSession(ctx: Pick<Context, "prisma">, staffSessionId: string): Promise<void> {
  await ctx.prisma.staffSession.deleteMany({ where: { id: staffSessionId } });
}

/** Ends every other session of this account, so a leaked password stops working everywhere. */
export async function changeStaffPassword(
  ctx: Context,
  by: { staff: Pick<StaffUser, "id" | "email">; staffSessionId: string },
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  // A stolen session must not become a password oracle: the same throttle as sign-in.
  const check = await beginPasswordCheck(ctx, by.staff.email);
  const user = await ctx.prisma.staffUser.findUniqueOrThrow({ where: { id: by.staff.id } });
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
    ctx.prisma.staffSession.deleteMany({ where: { staffUserId: user.id, id: { not: by.staffSessionId } } }),
  ]);
}
