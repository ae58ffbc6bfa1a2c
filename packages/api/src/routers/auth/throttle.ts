// Failed sign-ins are stored in PostgreSQL so every server instance sees the same count.
import type { PrismaClient } from "@support/db";

export const THROTTLE_WINDOW_MS = 15 * 60_000;
/** Failures per email within the window before sign-in for that email pauses. */
export const MAX_FAILURES_PER_EMAIL = 5;
/** Per IP it is higher: a whole office can sit behind one address. */
export const MAX_FAILURES_PER_IP = 20;

export type ThrottleVerdict = { blocked: false } | { blocked: true; retryAfterSeconds: number };

export async function checkSignInThrottle(prisma: PrismaClient, key: { email: string; ip: string | null }, now: Date): Promise<ThrottleVerdict> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const checks: Array<{ where: { email?: string; ip?: string }; max: number }> = [{ where: { email: key.email }, max: MAX_FAILURES_PER_EMAIL }];
  if (key.ip) checks.push({ where: { ip: key.ip }, max: MAX_FAILURES_PER_IP });
  let retryAfterMs = 0;
  for (const { where, max } of checks) {
    // The max-th newest failure in the window: once it ages out, one more attempt is allowed.
    const rows = await prisma.loginAttempt.findMany({
      where: { ...where, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      take: max,
      select: { createdAt: true },
    });
    if (rows.length >= max) {
      const oldest = rows[rows.length - 1]!.createdAt.getTime();
      retryAfterMs = Math.max(retryAfterMs, oldest + THROTTLE_WINDOW_MS - now.getTime());
    }
  }
  return retryAfterMs > 0 ? { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) } : { blocked: false };
}

export async function recordFailedSignIn(prisma: PrismaClient, key: { email: string; ip: string | null }, now: Date): Promise<void> {
  await prisma.loginAttempt.create({ data: { email: key.email, ip: key.ip, createdAt: now } });
  // Keep the table small: anything outside the window no longer counts.
  await prisma.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - THROTTLE_WINDOW_MS) } } });
}

export async function clearFailedSignIns(prisma: PrismaClient, email: string): Promise<void> {
  await prisma.loginAttempt.deleteMany({ where: { email } });
}

export function retryHint(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
