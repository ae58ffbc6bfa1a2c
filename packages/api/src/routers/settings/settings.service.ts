// Reads the single Settings row; created with defaults when missing so a turn never fails on it.
import type { PrismaClient, Settings } from "@support/db";
import { ZFaqLanguage, type FaqLanguage } from "@support/schemas";

export async function loadSettings(prisma: PrismaClient): Promise<Settings> {
  return (
    (await prisma.settings.findUnique({ where: { id: 1 } })) ??
    (await prisma.settings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} }))
  );
}

/**
 * The knowledge base's language; a value this version does not know (written by hand, or by a
 * newer version) reads as english, the ranking's default, rather than failing every turn.
 */
export function faqLanguageOf(settings: Pick<Settings, "faqLanguage">): FaqLanguage {
  const parsed = ZFaqLanguage.safeParse(settings.faqLanguage);
  return parsed.success ? parsed.data : "english";
}
