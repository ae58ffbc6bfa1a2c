// What the widget tells a customer about people: inside business hours, the typical time to a
// person's first reply; outside, when the team is back (and the hand-off asks for an email).
import type { PrismaClient, Settings } from "@support/db";
import { ZWeeklyHours, type Availability } from "@support/schemas";
import { hoursStatus, type BusinessHours } from "./hours.ts";

export function businessHoursOf(s: Pick<Settings, "timeZone" | "weeklyHours" | "holidays">): BusinessHours {
  const weekly = ZWeeklyHours.safeParse(s.weeklyHours);
  return { timeZone: s.timeZone, weekly: weekly.success ? weekly.data : [], holidays: s.holidays };
}

/**
 * Median seconds from a hand-off to the first staff reply in it, over hand-offs of the last 7 days
 * that got one; null when there were none.
 */
export async function typicalFirstReplySeconds(prisma: PrismaClient, now: Date): Promise<number | null> {
  const rows = await prisma.$queryRaw<Array<{ median: number | null }>>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_reply."createdAt" - s."handoffAt"))::float8 AS median
    FROM "Session" s
    CROSS JOIN LATERAL (
      SELECT m."createdAt" FROM "Message" m
      WHERE m."sessionId" = s.id AND m.role = 'agent' AND m."createdAt" >= s."handoffAt"
      ORDER BY m.seq LIMIT 1
    ) first_reply
    WHERE s."handoffAt" >= ${new Date(now.getTime() - 7 * 86_400_000)} AND s."handoffAt" <= ${now}`;
  return rows[0]?.median ?? null;
}

export async function availability(prisma: PrismaClient, settings: Settings, now: Date): Promise<Availability> {
  const hours = businessHoursOf(settings);
  const status = hoursStatus(hours, now);
  if (!status.open)
    return {
      open: false,
      backAt: status.opensAt?.toISOString() ?? null,
      timeZone: hours.timeZone,
      typicalReplyMinutes: null,
    };
  const seconds = await typicalFirstReplySeconds(prisma, now);
  return {
    open: true,
    backAt: null,
    timeZone: hours.timeZone,
    typicalReplyMinutes: seconds === null ? null : Math.max(1, Math.round(seconds / 60)),
  };
}
