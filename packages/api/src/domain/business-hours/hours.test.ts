import { describe, expect, it } from "vitest";
import { hoursStatus, type BusinessHours } from "./hours.ts";

const weekdays9to17 = [1, 2, 3, 4, 5].map((day) => ({ day, open: "09:00", close: "17:00" }));
const paris: BusinessHours = { timeZone: "Europe/Paris", weekly: weekdays9to17, holidays: [] };

describe("hoursStatus", () => {
  it("no hours set: always open", () => {
    expect(hoursStatus({ timeZone: "UTC", weekly: [], holidays: [] }, new Date("2026-03-08T03:00:00Z"))).toEqual({
      open: true,
      closesAt: null,
    });
  });

  it("reads the clock in the business's time zone, not UTC", () => {
    // Monday 2026-03-02 08:30 UTC is 09:30 in Paris (UTC+1): open until 17:00 Paris = 16:00 UTC.
    expect(hoursStatus(paris, new Date("2026-03-02T08:30:00Z"))).toEqual({
      open: true,
      closesAt: new Date("2026-03-02T16:00:00Z"),
    });
    // 07:30 UTC is 08:30 Paris: closed, back at 09:00 Paris = 08:00 UTC.
    expect(hoursStatus(paris, new Date("2026-03-02T07:30:00Z"))).toEqual({
      open: false,
      opensAt: new Date("2026-03-02T08:00:00Z"),
    });
    // The same instant in New York (UTC-5) is 02:30 on Monday: back at 09:00 New York = 14:00 UTC.
    expect(hoursStatus({ ...paris, timeZone: "America/New_York" }, new Date("2026-03-02T07:30:00Z"))).toEqual({
      open: false,
      opensAt: new Date("2026-03-02T14:00:00Z"),
    });
  });

  it("at 3 am on a Saturday the team is back on Monday morning", () => {
    expect(hoursStatus(paris, new Date("2026-03-07T02:00:00Z"))).toEqual({
      open: false,
      opensAt: new Date("2026-03-09T08:00:00Z"),
    });
  });

  it("a holiday is closed all day; the next opening skips it", () => {
    const withHoliday = { ...paris, holidays: ["2026-03-02"] };
    expect(hoursStatus(withHoliday, new Date("2026-03-02T10:00:00Z"))).toEqual({
      open: false,
      opensAt: new Date("2026-03-03T08:00:00Z"),
    });
  });

  it("follows daylight saving time: 09:00 Paris is 07:00 UTC in summer", () => {
    // Paris moves to UTC+2 on 2026-03-29; Monday 2026-03-30 09:00 local = 07:00 UTC.
    expect(hoursStatus(paris, new Date("2026-03-28T12:00:00Z"))).toEqual({
      open: false,
      opensAt: new Date("2026-03-30T07:00:00Z"),
    });
  });

  it("closing time is exclusive; a split day reopens after lunch", () => {
    const split: BusinessHours = {
      timeZone: "UTC",
      weekly: [
        { day: 1, open: "09:00", close: "12:00" },
        { day: 1, open: "13:00", close: "17:00" },
      ],
      holidays: [],
    };
    expect(hoursStatus(split, new Date("2026-03-02T12:00:00Z"))).toEqual({
      open: false,
      opensAt: new Date("2026-03-02T13:00:00Z"),
    });
    expect(hoursStatus(split, new Date("2026-03-02T11:59:00Z"))).toEqual({
      open: true,
      closesAt: new Date("2026-03-02T12:00:00Z"),
    });
  });
});
