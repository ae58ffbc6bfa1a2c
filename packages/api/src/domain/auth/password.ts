// Staff passwords: argon2id with OWASP's parameters, and the rules a new password must meet.
import { hash, verify, type Algorithm, type Options } from "@node-rs/argon2";
import { TRPCError } from "@trpc/server";
import { MIN_PASSWORD_LENGTH } from "@support/schemas";
import { isCommonPassword } from "./common-passwords.ts";

// `Algorithm` is an ambient const enum, which isolatedModules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/** OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1. */
export const ARGON2_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed sign-in, not a crash.
    return false;
  }
}

// Verified against when the email matches no account, so both cases take the same time.
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-password-for-timing");
  await verifyPassword(await dummyHash, password);
}

/** Why a new password is refused, in words a person can act on; null when it is acceptable. */
export function passwordProblem(password: string, account: { email?: string; name?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (/^(.)\1+$/u.test(password)) return "Don't use one character repeated";
  if (isCommonPassword(password))
    return "This password is too common; choose something less guessable, such as a few unrelated words";
  const lower = password.toLowerCase();
  const local = account.email?.split("@")[0]?.toLowerCase();
  if (account.email && lower === account.email.toLowerCase()) return "Don't use your email address as your password";
  if (local && local.length >= 4 && lower.replace(/[\d\W_]+$/u, "") === local)
    return "Don't base your password on your email address";
  if (account.name && lower.replace(/\s+/g, "") === account.name.toLowerCase().replace(/\s+/g, ""))
    return "Don't use your name as your password";
  return null;
}

export function assertAcceptablePassword(
  password: string,
  account: { email?: string; name?: string } = {},
  field = "password",
): void {
  const problem = passwordProblem(password, account);
  if (problem) throw new TRPCError({ code: "BAD_REQUEST", message: `${field}: ${problem}` });
}
