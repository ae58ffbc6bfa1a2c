// Creating staff accounts, shared by the console (admins), `npm run staff:create` and the demo start.
import { randomBytes } from "node:crypto";
import { Prisma, type PrismaClient, type StaffUser } from "@support/db";
import type { StaffMember, StaffRole } from "@support/schemas";
import { hashPassword, passwordProblem } from "../auth/password.ts";

export class StaffAccountError extends Error {}

/** The only shape a staff member leaves the server in: no password hash. */
export function toStaffMember(u: Omit<StaffUser, "passwordHash">): StaffMember {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    isActive: u.isActive,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  };
}

export function defaultNameFor(email: string): string {
  const local = email.split("@")[0] ?? email;
  return local.replace(/[._-]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase()) || email;
}

export async function createStaffUser(
  prisma: PrismaClient,
  input: { email: string; name?: string; role: StaffRole; password: string },
): Promise<StaffUser> {
  const email = input.email.trim().toLowerCase();
  const name = input.name?.trim() || defaultNameFor(email);
  const problem = passwordProblem(input.password, { email, name });
  if (problem) throw new StaffAccountError(problem);
  try {
    return await prisma.staffUser.create({
      data: { email, name, role: input.role, passwordHash: await hashPassword(input.password) },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new StaffAccountError(`A staff account for ${email} already exists`);
    }
    throw err;
  }
}

export const DEMO_ADMIN_EMAIL = "admin@example.com";

/** A readable random password: 4 groups of 5 lower-case letters and digits (~100 bits). */
export function generatePassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join("")).join("-");
}

/**
 * First start of a demo install: with no staff at all, create an admin with a random password and
 * return its sign-in (to print once). Null when staff exist, or another instance won the race.
 */
export async function ensureDemoAdmin(prisma: PrismaClient): Promise<{ email: string; password: string } | null> {
  if ((await prisma.staffUser.count()) > 0) return null;
  const password = generatePassword();
  try {
    await createStaffUser(prisma, { email: DEMO_ADMIN_EMAIL, name: "Demo Admin", role: "admin", password });
  } catch (err) {
    if (err instanceof StaffAccountError) return null;
    throw err;
  }
  return { email: DEMO_ADMIN_EMAIL, password };
}
