// Reads the single Settings row; created with defaults when missing so a turn never fails on it.
import type { PrismaClient, Settings } from "@support/db";

export async function loadSettings(prisma: PrismaClient): Promise<Settings> {
  return (
    (await prisma.settings.findUnique({ where: { id: 1 } })) ??
    (await prisma.settings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} }))
  );
}
