// Password checks (sign-in and password change) are counted in PostgreSQL *before* argon2 runs,
// so attempts sent in parallel from many connections get no more checks than the limits allow.
// The rules (numbers in lib/rate-limits.ts) and why they combine this way:
// - passwordChecksPerIp: every check from one address, right or wrong: bounds the argon2 work
//   (CPU and 19 MiB each) one client can cause.
// - signInFailuresPerAccountIp: a few wrong passwords for one account from one address, then
//   that pair pauses: 1 minute, then 2, 4, 8, ... up to an hour (signInPausesPerAccountIp counts
//   the pauses of the day). A right password resets both. A stranger's guesses pause only the
//   stranger's own pair, never the owner's address: no lockout as a weapon.
// - signInFailuresPerAccount: many wrong passwords for one account from everywhere (a guess
//   spread over many addresses). Then only addresses the account signed in from in the last 90
//   days (signInSuccessesPerAccountIp) may still try, each within its own limits above; a new
//   address waits for the window to pass. So the owner is never kept out of an address they use.
import type { Context } from "../../context.ts";
import { isRateLimited, RATE_LIMIT_RULES, retryAfterSeconds, type RateLimitName } from "../../lib/rate-limits.ts";
import { hashSecret } from "../../lib/tokens.ts";
import { tooManyRequests } from "../../trpc.ts";

/** The longest pause of one account/address pair, however often it fails. */
export const MAX_PAUSE_SECONDS = 3600;
const FIRST_PAUSE_SECONDS = 60;

export type PasswordCheck = {
  /** The password was right: the pair starts afresh and the address becomes known. */
  succeeded(): Promise<void>;
};

/** Counts one password check for `email` from this request's address, or throws 429. */
export async function beginPasswordCheck(ctx: Context, email: string): Promise<PasswordCheck> {
  const limits = ctx.rateLimits;
  const ip = ctx.req.ip ?? "unknown";
  // A digest, not the address as typed: the key is bounded and holds no personal data.
  const account = hashSecret(email.trim().toLowerCase()).slice(0, 32);
  const pair = `${account}:${ip}`;

  const consume = async (name: RateLimitName, key: string) => {
    try {
      await limits.limiter(name).consume(key);
      return null;
    } catch (err) {
      if (isRateLimited(err)) return err;
      throw err;
    }
  };

  const perIp = await consume("passwordChecksPerIp", ip);
  if (perIp) {
    throw tooManyRequests(
      ctx,
      retryAfterSeconds(perIp),
      `Too many sign-in attempts from your network. Try again in ${retryHint(retryAfterSeconds(perIp))}.`,
    );
  }

  const perPair = await consume("signInFailuresPerAccountIp", pair);
  if (perPair) {
    let seconds = retryAfterSeconds(perPair);
    // The attempt that first goes over starts a pause, twice as long as the pair's previous one.
    if (perPair.consumedPoints === limits.rule("signInFailuresPerAccountIp").points + 1) {
      const pauses = (await limits.limiter("signInPausesPerAccountIp").penalty(pair)).consumedPoints;
      seconds = Math.min(MAX_PAUSE_SECONDS, FIRST_PAUSE_SECONDS * 2 ** Math.min(pauses - 1, 12));
      await limits.limiter("signInFailuresPerAccountIp").block(pair, seconds);
    }
    ctx.log.warn({ ip }, "sign-in paused after repeated failures");
    throw tooManyRequests(ctx, seconds, `Too many failed sign-ins. Try again in ${retryHint(seconds)}.`);
  }

  // After the pair: a paused pair's attempts must not count against the owner's account too.
  const perAccount = await consume("signInFailuresPerAccount", account);
  if (perAccount) {
    const known = ((await limits.limiter("signInSuccessesPerAccountIp").get(pair))?.consumedPoints ?? 0) > 0;
    if (!known) {
      // This attempt was never checked: it does not count against the pair.
      await limits.limiter("signInFailuresPerAccountIp").reward(pair, 1);
      const seconds = retryAfterSeconds(perAccount);
      throw tooManyRequests(
        ctx,
        seconds,
        `Too many failed sign-ins for this account. Try again in ${retryHint(seconds)}, or from a network you have signed in from before.`,
      );
    }
  }

  return {
    async succeeded() {
      await Promise.all([
        limits.limiter("signInFailuresPerAccountIp").delete(pair),
        limits.limiter("signInPausesPerAccountIp").delete(pair),
        limits.limiter("signInFailuresPerAccount").reward(account, 1),
        limits.limiter("signInSuccessesPerAccountIp").penalty(pair, 1),
      ]);
    },
  };
}

/** The rules above in words, for the API reference (from the rules table, so it cannot drift). */
export function describePasswordThrottle(): string {
  const r = RATE_LIMIT_RULES;
  return (
    `Password checks are counted before the password is checked: ${r.passwordChecksPerIp.points} per ${r.passwordChecksPerIp.duration / 60} minutes per client address; ` +
    `after ${r.signInFailuresPerAccountIp.points} wrong passwords for one account from one address, that pair pauses for ${FIRST_PAUSE_SECONDS / 60} minute, then twice as long each time, up to ${MAX_PAUSE_SECONDS / 60} minutes; ` +
    `after ${r.signInFailuresPerAccount.points} wrong passwords for one account in ${r.signInFailuresPerAccount.duration / 60} minutes from anywhere, only addresses that signed in to it in the last ${r.signInSuccessesPerAccountIp.duration / 86_400} days may try.`
  );
}

export function retryHint(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
