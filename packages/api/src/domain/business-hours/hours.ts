// Business hours: whether a person is working now, in the business's time zone, and when they are
// back. Weekly opening intervals plus holidays (whole local days closed); no hours set means always
// open. Hand-written on Intl (no date library in the project): the only time-zone operations needed
// are "local wall-clock parts of an instant" and its inverse, both below.
import type { WeeklyHours } from "@support/schemas";

export type BusinessHours = { timeZone: string; weekly: WeeklyHours; holidays: readonly string[] };

type LocalParts = { year: number; month: number; day: number; weekday: number; minutes: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS.indexOf(parts.weekday!),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** The instant when the wall clock in `timeZone` shows this local date and minute of the day. */
function instantOf(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, 0, minutes);
  // Offset at the guess, then again at the corrected instant (right across DST changes).
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, 0, p.minutes);
    guess += asUtc - shown;
  }
  return new Date(guess);
}

const isoDate = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export type HoursStatus = { open: true; closesAt: Date | null } | { open: false; opensAt: Date | null };

/** Open now? If not, when next (null: no opening in the next two weeks). */
export function hoursStatus(hours: BusinessHours, now: Date): HoursStatus {
  if (hours.weekly.length === 0) return { open: true, closesAt: null };
  const holidays = new Set(hours.holidays);
  const today = localParts(now, hours.timeZone);
  // Walk local days from today: the first interval that contains now, or starts after it.
  for (let offset = 0; offset <= 14; offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const [y, m, d, weekday] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCDay()];
    if (holidays.has(isoDate(y, m, d))) continue;
    const intervals = hours.weekly
      .filter((h) => h.day === weekday)
      .sort((a, b) => minutesOf(a.open) - minutesOf(b.open));
    for (const h of intervals) {
      const opensAt = instantOf(y, m, d, minutesOf(h.open), hours.timeZone);
      const closesAt = instantOf(y, m, d, minutesOf(h.close), hours.timeZone);
      if (now < opensAt) return { open: false, opensAt };
      if (now < closesAt) return { open: true, closesAt };
    }
  }
  return { open: false, opensAt: null };
}
