// Staff accounts: creating them (shared by the console's admins, `npm run staff:create` and the demo
// start), renaming, changing roles, deactivating and resetting passwords, with the rule that the
// console always keeps an active admin.
import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { Prisma, type PrismaClient, type StaffUser } from "@support/db";
import type { StaffMember, StaffRole } from "@support/schemas";
import { assertAcceptablePassword, hashPassword, passwordProblem } from "../auth/password.ts";

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

export async function listStaff(prisma: PrismaClient): Promise<StaffMember[]> {
  const users = await prisma.staffUser.findMany({ orderBy: [{ isActive: "desc" }, { name: "asc" }] });
  return users.map(toStaffMember);
}

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

export async function updateStaffUser(
  prisma: PrismaClient,
  input: { id: string; name?: string | undefined; role?: StaffRole | undefined },
): Promise<StaffUser> {
  const user = await findStaffOrThrow(prisma, input.id);
  if (input.role === "agent" && user.role === "admin") await assertAnotherActiveAdmin(prisma, user.id, "demote");
  return prisma.staffUser.update({
    where: { id: user.id },
    data: {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.role !== undefined && { role: input.role }),
    },
  });
}

/** Deactivating signs the person out everywhere; the account and its history are kept. */
export async function setStaffActive(
  prisma: PrismaClient,
  input: { id: string; isActive: boolean },
  by: { staffId: string },
): Promise<StaffUser> {
  const user = await findStaffOrThrow(prisma, input.id);
  if (!input.isActive) {
    if (user.id === by.staffId)
      throw new TRPCError({ code: "BAD_REQUEST", message: "You can't deactivate your own account" });
    if (user.role === "admin") await assertAnotherActiveAdmin(prisma, user.id, "deactivate");
  }
  const [updated] = await prisma.$transaction([
    prisma.staffUser.update({ where: { id: user.id }, data: { isActive: input.isActive } }),
    ...(input.isActive ? [] : [prisma.staffSession.deleteMany({ where: { staffUserId: user.id } })]),
  ]);
  return updated;
}

/** Ends the person's sessions, except the session of an admin resetting their own password. */
export async function resetStaffPassword(
  prisma: PrismaClient,
  input: { id: string; password: string },
  by: { staffId: string; staffSessionId: string },
): Promise<void> {
  const user = await findStaffOrThrow(prisma, input.id);
  assertAcceptablePassword(input.password, user);
  await prisma.$transaction([
    prisma.staffUser.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.password) } }),
    prisma.staffSession.deleteMany({
      where: { staffUserId: user.id, ...(user.id === by.staffId ? { id: { not: by.staffSessionId } } : {}) },
    }),
  ]);
}
