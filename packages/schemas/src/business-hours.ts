// Business hours as admins edit them in the console: weekly opening intervals and holidays, in the
// business's time zone (an IANA name such as Europe/Paris).
import { z } from "zod";
import { zText } from "./common.ts";

const ZClock = zText().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 09:00");

export const ZOpeningInterval = z
  .object({
    /** 0 = Sunday ... 6 = Saturday. */
    day: z.number().int().min(0).max(6),
    open: ZClock,
    close: ZClock,
  })
  .refine((h) => h.open < h.close, { message: "Closing time must be after opening time", path: ["close"] });
export const ZWeeklyHours = z.array(ZOpeningInterval).max(28);
export type WeeklyHours = z.infer<typeof ZWeeklyHours>;

export const ZBusinessHoursInput = z.object({
  timeZone: zText()
    .trim()
    .min(1)
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "Use a time zone name such as Europe/Paris or America/New_York"),
  /** Empty: always open (no "we're away" message). */
  weekly: ZWeeklyHours.superRefine((weekly, ctx) => {
    for (let i = 0; i < weekly.length; i++) {
      for (let j = i + 1; j < weekly.length; j++) {
        const a = weekly[i]!;
        const b = weekly[j]!;
        if (a.day === b.day && a.open < b.close && b.open < a.close)
          ctx.addIssue({ code: "custom", message: "Opening hours on the same day overlap", path: [j] });
      }
    }
  }),
  holidays: z
    .array(
      zText()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "Use dates like 2026-12-25")
        .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "Not a real date"),
    )
    .max(100),
});
export type BusinessHoursInput = z.infer<typeof ZBusinessHoursInput>;

/** What the widget shows about people being available. */
export const ZAvailability = z.object({
  /** False outside business hours: the hand-off asks for an email first. */
  open: z.boolean(),
  /** Outside hours: when the team is back (ISO instant), null if not within two weeks. */
  backAt: z.string().nullable(),
  timeZone: z.string(),
  /** Inside hours: median minutes to the first staff reply over the last 7 days; null without data. */
  typicalReplyMinutes: z.number().nullable(),
});
export type Availability = z.infer<typeof ZAvailability>;
