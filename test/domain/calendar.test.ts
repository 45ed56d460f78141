import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOG_DIR, readYaml } from "../../src/catalog-files.js";
import { createWorkCalendar, parseCalendar, type CalendarData } from "../../src/domain/calendar.js";
import type { ProcessingTime } from "../../src/domain/catalog.js";

const shipped = parseCalendar(readYaml(DEFAULT_CATALOG_DIR, "calendar.yaml"));
const calendar = createWorkCalendar(shipped);

/** A wall-clock time in Almaty, which is UTC+5 all year since March 2024: written independently of TZDate. */
function almaty(local: string): Date {
  return new Date(`${local.replace(" ", "T")}:00+05:00`);
}

const wd = (value: number): ProcessingTime => ({ value, unit: "working_days" });
const cd = (value: number): ProcessingTime => ({ value, unit: "calendar_days" });
const min = (value: number): ProcessingTime => ({ value, unit: "minutes" });

interface Case {
  why: string;
  filed: string;
  time: ProcessingTime;
  /** The due local time; "YYYY-MM-DD" alone means 18:30 that day (end of office hours). */
  due: string;
  certain?: false;
}

const CASES: Case[] = [
  // New Year and 7 January
  {
    why: "1-2 Jan 2026 are holidays, 3-4 the weekend: the first working day is Mon 5 Jan",
    filed: "2025-12-31 10:00",
    time: wd(1),
    due: "2026-01-05",
  },
  { why: "7 Jan 2026 (Wed) is off: Tue 6, then Thu 8", filed: "2026-01-05 10:00", time: wd(2), due: "2026-01-08" },
  {
    why: "2025: Fri 3 Jan off by ministry order, Sun 5 Jan worked; a filing on 2 Jan counts from Sun 5, then 6, (7 off), 8",
    filed: "2025-01-02 10:00",
    time: wd(2),
    due: "2025-01-08",
  },
  {
    why: "2025: a filing on working Sunday 5 Jan before 18:30 is admitted that day: Mon 6, (7 off), Wed 8",
    filed: "2025-01-05 11:00",
    time: wd(2),
    due: "2025-01-08",
  },
  {
    why: "2024 is missing: 30, 31 Dec, then (1-2 hol, 3 transfer, 4 Sat) working Sunday 5 Jan 2025",
    filed: "2024-12-27 10:00",
    time: wd(3),
    due: "2025-01-05",
    certain: false,
  },
  // March
  {
    why: "8 March 2026 is a Sunday, Mon 9 Mar is off: Tue 10",
    filed: "2026-03-06 11:00",
    time: wd(1),
    due: "2026-03-10",
  },
  {
    why: "8 March 2025 is a Saturday, Mon 10 Mar is off: Tue 11",
    filed: "2025-03-07 11:00",
    time: wd(1),
    due: "2025-03-11",
  },
  {
    why: "Nauryz 2026: 21-22 weekend, 23 Nauryz, 24-25 added: Thu 26",
    filed: "2026-03-20 10:00",
    time: wd(1),
    due: "2026-03-26",
  },
  { why: "Nauryz 2026: Fri 20, Thu 26, Fri 27", filed: "2026-03-19 10:00", time: wd(3), due: "2026-03-27" },
  {
    why: "filed on Nauryz (Mon 23 Mar 2026, a day off): admitted Thu 26, so Fri 27",
    filed: "2026-03-23 10:00",
    time: wd(1),
    due: "2026-03-27",
  },
  {
    why: "filed on Wed 25 Mar 2026, an added Nauryz day: admitted Thu 26, so Fri 27",
    filed: "2026-03-25 16:00",
    time: wd(1),
    due: "2026-03-27",
  },
  {
    why: "Nauryz 2025: 21 off, 22-23 weekend moved to 24-25: Wed 26",
    filed: "2025-03-20 10:00",
    time: wd(1),
    due: "2025-03-26",
  },
  {
    why: "Nauryz 2027 (provisional): 21 is a Sunday, moved past 22-23 to Wed 24: Thu 25",
    filed: "2027-03-19 10:00",
    time: wd(1),
    due: "2027-03-25",
    certain: false,
  },
  // May
  {
    why: "9 May 2026 is a Saturday, Mon 11 May is off: Tue 12",
    filed: "2026-05-08 10:00",
    time: wd(1),
    due: "2026-05-12",
  },
  { why: "May 2026: 4, 5, 6, (7 off), 8, (9-11 off), 12", filed: "2026-04-30 10:00", time: wd(5), due: "2026-05-12" },
  {
    why: "1 May 2027 is a Saturday, Mon 3 May is off: Tue 4",
    filed: "2027-04-30 10:00",
    time: wd(1),
    due: "2027-05-04",
    certain: false,
  },
  { why: "Kurban Ait 2026 is Wed 27 May: Thu 28", filed: "2026-05-26 10:00", time: wd(1), due: "2026-05-28" },
  { why: "Kurban Ait 2025 is Fri 6 June: Mon 9", filed: "2025-06-05 10:00", time: wd(1), due: "2025-06-09" },
  {
    why: "2027: 7 May (Fri) off, 9 May (Sunday) moved to Mon 10: Tue 11",
    filed: "2027-05-06 10:00",
    time: wd(1),
    due: "2027-05-11",
    certain: false,
  },
  {
    why: "Kurban Ait 2027 (16 May, a Sunday) does not move: Mon 17",
    filed: "2027-05-14 10:00",
    time: wd(1),
    due: "2027-05-17",
    certain: false,
  },
  // Summer and autumn
  { why: "6 July 2026 is a Monday holiday: Tue 7", filed: "2026-07-03 10:00", time: wd(1), due: "2026-07-07" },
  {
    why: "6 July 2025 is a Sunday, Mon 7 July is off: Tue 8",
    filed: "2025-07-04 10:00",
    time: wd(1),
    due: "2025-07-08",
  },
  {
    why: "30 August 2026 is a Sunday, Mon 31 Aug is off: Tue 1 Sep",
    filed: "2026-08-28 10:00",
    time: wd(1),
    due: "2026-09-01",
  },
  {
    why: "30 August 2025 is a Saturday, Mon 1 Sep is off: Tue 2 Sep",
    filed: "2025-08-29 10:00",
    time: wd(1),
    due: "2025-09-02",
  },
  {
    why: "25 October 2026 is a Sunday, Mon 26 Oct is off: Tue 27",
    filed: "2026-10-23 10:00",
    time: wd(1),
    due: "2026-10-27",
  },
  {
    why: "25 October 2025 is a Saturday, Mon 27 Oct is off: Tue 28",
    filed: "2025-10-24 10:00",
    time: wd(1),
    due: "2025-10-28",
  },
  // December and the year boundary
  { why: "Independence Day Wed 16 Dec 2026: Thu 17", filed: "2026-12-15 10:00", time: wd(1), due: "2026-12-17" },
  {
    why: "Independence Day Tue 16 Dec 2025: Wed 17, Thu 18",
    filed: "2025-12-15 17:00",
    time: wd(2),
    due: "2025-12-18",
  },
  {
    why: "into 2027: 29, 30, 31 Dec, (1 Jan, 2-3 weekend, 4 Jan for 2 Jan), 5, 6",
    filed: "2026-12-28 12:00",
    time: wd(5),
    due: "2027-01-06",
    certain: false,
  },
  {
    why: "into 2027: 1 Jan a Friday, 2 Jan a Saturday moved to Mon 4: Tue 5",
    filed: "2026-12-31 10:00",
    time: wd(1),
    due: "2027-01-05",
    certain: false,
  },
  {
    why: "7 January 2027 (Thu) is off: Fri 8",
    filed: "2027-01-06 10:00",
    time: wd(1),
    due: "2027-01-08",
    certain: false,
  },
  {
    why: "into missing 2028: 28-31 Dec, (1-2 Jan weekend moved to 3-4), 5, 6, (7 Jan Fri off, weekend), 10",
    filed: "2027-12-27 10:00",
    time: wd(7),
    due: "2028-01-10",
    certain: false,
  },
  // Time of filing
  {
    why: "filed at 18:29 on a working day counts that day: Tue 3 Feb",
    filed: "2026-02-02 18:29",
    time: wd(1),
    due: "2026-02-03",
  },
  {
    why: "filed at 18:31 counts as filed on Tue 3 Feb: Wed 4",
    filed: "2026-02-02 18:31",
    time: wd(1),
    due: "2026-02-04",
  },
  {
    why: "filed at 18:30 sharp is after hours (they end at 18:30): Wed 4",
    filed: "2026-02-02 18:30",
    time: wd(1),
    due: "2026-02-04",
  },
  {
    why: "filed at 07:00 before opening counts that day: Tue 3",
    filed: "2026-02-02 07:00",
    time: wd(1),
    due: "2026-02-03",
  },
  { why: "filed in the lunch break counts that day: Tue 3", filed: "2026-02-02 13:30", time: wd(1), due: "2026-02-03" },
  { why: "filed on Sunday 1 Feb counts as Mon 2: Tue 3", filed: "2026-02-01 15:00", time: wd(1), due: "2026-02-03" },
  { why: "filed Friday evening counts as Monday: Tue", filed: "2026-02-06 20:00", time: wd(1), due: "2026-02-10" },
  // 19 working days (service 2)
  {
    why: "19 working days over 9 Mar and Nauryz 2026: 3-6, 10-13, 16-20, 26-27, 30-31 Mar, 1-2 Apr",
    filed: "2026-03-02 10:00",
    time: wd(19),
    due: "2026-04-02",
  },
  {
    why: "19 working days over Independence Day 2026: 2-4, 7-11, 14-15, 17-18, 21-25, 28-29 Dec",
    filed: "2026-12-01 10:00",
    time: wd(19),
    due: "2026-12-29",
  },
  // Minutes
  { why: "30 minutes inside the morning", filed: "2026-02-02 10:00", time: min(30), due: "2026-02-02 10:30" },
  {
    why: "30 minutes filed in the lunch break start at 14:30",
    filed: "2026-02-02 13:15",
    time: min(30),
    due: "2026-02-02 15:00",
  },
  {
    why: "30 minutes across the break: 10 before it, 20 after 14:30",
    filed: "2026-02-02 12:50",
    time: min(30),
    due: "2026-02-02 14:50",
  },
  {
    why: "30 minutes ending exactly as the break begins",
    filed: "2026-02-02 12:30",
    time: min(30),
    due: "2026-02-02 13:00",
  },
  {
    why: "30 minutes across a weekend: 10 on Friday, 20 on Monday",
    filed: "2026-02-06 18:20",
    time: min(30),
    due: "2026-02-09 09:20",
  },
  {
    why: "20 minutes filed on Sunday 8 March 2026: Mon 9 is off too, so Tue 10 09:20",
    filed: "2026-03-08 12:00",
    time: min(20),
    due: "2026-03-10 09:20",
  },
  {
    why: "600 minutes: a full day (480 minutes) then 120 more the next morning",
    filed: "2026-02-02 09:00",
    time: min(600),
    due: "2026-02-03 11:00",
  },
  {
    why: "30 minutes filed after hours on 31 Dec 2026: next office moment is Tue 5 Jan 2027",
    filed: "2026-12-31 18:31",
    time: min(30),
    due: "2027-01-05 09:30",
    certain: false,
  },
  // Calendar days
  { why: "10 calendar days from the day after filing", filed: "2026-02-02 10:00", time: cd(10), due: "2026-02-12" },
  {
    why: "calendar days may end on a Saturday, which is kept",
    filed: "2026-02-02 10:00",
    time: cd(5),
    due: "2026-02-07",
  },
  {
    why: "calendar days may end on an added Nauryz day (24 Mar 2026), which is kept",
    filed: "2026-03-19 10:00",
    time: cd(5),
    due: "2026-03-24",
  },
  {
    why: "a filing on Friday evening is admitted Monday 9 Feb: 3 calendar days later is Thu 12",
    filed: "2026-02-06 19:00",
    time: cd(3),
    due: "2026-02-12",
  },
  {
    why: "30 calendar days across the year end into provisional 2027",
    filed: "2026-12-10 10:00",
    time: cd(30),
    due: "2027-01-09",
    certain: false,
  },
];

describe("deadline: hand-built cases", () => {
  it("has at least 40 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)("$why", ({ filed, time, due, certain }) => {
    const result = calendar.deadline(almaty(filed), time);
    const dueAt = due.length === 10 ? almaty(`${due} 18:30`) : almaty(due);
    expect(result.at.toISOString()).toBe(dueAt.toISOString());
    expect(result.lastDay).toBe(due.slice(0, 10));
    expect(result.certain).toBe(certain ?? true);
    expect(result.estimate).toBe(true);
  });
});

describe("working days", () => {
  it("tells weekdays, weekends, holidays and transfers apart", () => {
    expect(calendar.isWorkingDay("2026-02-02")).toBe(true); // a plain Monday
    expect(calendar.isWorkingDay("2026-02-07")).toBe(false); // Saturday
    expect(calendar.isWorkingDay("2026-03-25")).toBe(false); // added Nauryz day
    expect(calendar.isWorkingDay("2025-01-05")).toBe(true); // working Sunday by ministry order
    expect(calendar.isWorkingDay("2025-01-03")).toBe(false); // its day off
  });

  it("steps to the next and previous working days over holidays", () => {
    expect(calendar.nextWorkingDay("2026-03-20")).toBe("2026-03-26");
    expect(calendar.previousWorkingDay("2026-03-26")).toBe("2026-03-20");
    expect(calendar.nextWorkingDay("2025-01-02")).toBe("2025-01-05");
    expect(calendar.previousWorkingDay("2027-01-05")).toBe("2026-12-31");
  });

  it("adds working days both ways, and zero keeps the day", () => {
    expect(calendar.addWorkingDays("2026-05-06", 2)).toBe("2026-05-12");
    expect(calendar.addWorkingDays("2026-05-12", -2)).toBe("2026-05-06");
    expect(calendar.addWorkingDays("2026-05-12", 0)).toBe("2026-05-12");
    expect(() => calendar.addWorkingDays("2026-05-12", 1.5)).toThrow(RangeError);
  });

  it("refuses malformed local dates", () => {
    expect(() => calendar.isWorkingDay("2026-02-30")).toThrow(RangeError);
    expect(() => calendar.isWorkingDay("26-02-01")).toThrow(RangeError);
    expect(() => calendar.nextWorkingDay("2026-13-01")).toThrow(RangeError);
  });
});

describe("office hours", () => {
  it("gives the office day's start and end as instants in Almaty", () => {
    expect(calendar.officeStartOf("2026-02-02").toISOString()).toBe("2026-02-02T04:00:00.000Z");
    expect(calendar.officeEndOf("2026-02-02").toISOString()).toBe("2026-02-02T13:30:00.000Z");
  });

  it("knows office time from the break, the evening and days off", () => {
    expect(calendar.isOfficeTime(almaty("2026-02-02 09:00"))).toBe(true);
    expect(calendar.isOfficeTime(almaty("2026-02-02 08:59"))).toBe(false);
    expect(calendar.isOfficeTime(almaty("2026-02-02 12:59"))).toBe(true);
    expect(calendar.isOfficeTime(almaty("2026-02-02 13:00"))).toBe(false);
    expect(calendar.isOfficeTime(almaty("2026-02-02 14:30"))).toBe(true);
    expect(calendar.isOfficeTime(almaty("2026-02-02 18:30"))).toBe(false);
    expect(calendar.isOfficeTime(almaty("2026-03-24 10:00"))).toBe(false); // added Nauryz day
    expect(calendar.isOfficeTime(almaty("2025-01-05 10:00"))).toBe(true); // working Sunday
  });

  it("finds the next moment the office is open", () => {
    const inside = almaty("2026-02-02 10:17");
    expect(calendar.nextOfficeStart(inside).getTime()).toBe(inside.getTime());
    expect(calendar.nextOfficeStart(almaty("2026-02-02 06:00")).toISOString()).toBe(
      almaty("2026-02-02 09:00").toISOString(),
    );
    expect(calendar.nextOfficeStart(almaty("2026-02-02 13:00")).toISOString()).toBe(
      almaty("2026-02-02 14:30").toISOString(),
    );
    expect(calendar.nextOfficeStart(almaty("2026-03-20 18:30")).toISOString()).toBe(
      almaty("2026-03-26 09:00").toISOString(),
    );
  });

  it("refuses negative or endless minutes", () => {
    expect(() => calendar.addWorkingMinutes(almaty("2026-02-02 10:00"), -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingMinutes(almaty("2026-02-02 10:00"), Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it("takes the office hours from the data, not from constants", () => {
    const data: CalendarData = { ...shipped, officeHours: { start: "08:00", end: "17:00" } };
    const noBreak = createWorkCalendar(data);
    expect(noBreak.isOfficeTime(almaty("2026-02-02 13:30"))).toBe(true);
    expect(noBreak.deadline(almaty("2026-02-02 16:50"), min(30)).at.toISOString()).toBe(
      almaty("2026-02-03 08:20").toISOString(),
    );
    expect(noBreak.deadline(almaty("2026-02-02 17:10"), wd(1)).at.toISOString()).toBe(
      almaty("2026-02-04 17:00").toISOString(),
    );
  });

  it("takes the time zone from the data", () => {
    const dubai = createWorkCalendar({ ...shipped, timeZone: "Asia/Dubai" }); // UTC+4
    expect(dubai.timeZone).toBe("Asia/Dubai");
    expect(dubai.officeStartOf("2026-02-02").toISOString()).toBe("2026-02-02T05:00:00.000Z");
    const lateEvening = new Date("2026-02-01T19:30:00Z"); // 23:30 in Dubai, 00:30 next day in Almaty
    expect(dubai.localDayOf(lateEvening)).toBe("2026-02-01");
    expect(calendar.localDayOf(lateEvening)).toBe("2026-02-02");
  });
});

describe("the admission day", () => {
  it("is the filing's own working day before 18:30, else the next working day", () => {
    expect(calendar.admissionDay(almaty("2026-02-02 18:29"))).toBe("2026-02-02");
    expect(calendar.admissionDay(almaty("2026-02-02 18:30"))).toBe("2026-02-03");
    expect(calendar.admissionDay(almaty("2026-02-07 10:00"))).toBe("2026-02-09");
    expect(calendar.admissionDay(almaty("2026-12-31 23:59"))).toBe("2027-01-05");
  });

  it("reads the local date in Almaty, not UTC: 02:00 Almaty is still the previous day in UTC", () => {
    expect(calendar.localDayOf(almaty("2026-02-03 02:00"))).toBe("2026-02-03");
    expect(calendar.admissionDay(almaty("2026-02-03 02:00"))).toBe("2026-02-03");
  });
});

describe("years missing from the calendar", () => {
  it("lists the known years and the missing ones of a range", () => {
    expect(calendar.knownYears).toEqual([2025, 2026, 2027]);
    expect(calendar.missingYears(almaty("2024-06-01 10:00"), almaty("2029-01-01 10:00"))).toEqual([2024, 2028, 2029]);
    expect(calendar.missingYears(almaty("2026-01-01 10:00"), almaty("2027-12-31 10:00"))).toEqual([]);
    expect(calendar.missingYears(almaty("2029-01-01 10:00"), almaty("2028-01-01 10:00"))).toEqual([]);
  });

  it("tells each year's status", () => {
    expect(calendar.yearStatus(2026)).toBe("official");
    expect(calendar.yearStatus(2027)).toBe("provisional");
    expect(calendar.yearStatus(2030)).toBe("missing");
  });

  it("reads the year in Almaty: 31 Dec 2027 23:30 is 2027, 1 Jan 2028 00:30 (still 2027 in UTC) is 2028", () => {
    expect(calendar.missingYears(almaty("2027-12-31 23:30"), almaty("2027-12-31 23:59"))).toEqual([]);
    expect(calendar.missingYears(almaty("2028-01-01 00:30"), almaty("2028-01-01 00:31"))).toEqual([2028]);
  });

  it("counts a missing year by weekends, fixed holidays and the weekend rule only, and says it is uncertain", () => {
    const { ["2026"]: _dropped, ...others } = shipped.years;
    const without2026 = createWorkCalendar({ ...shipped, years: others });
    expect(without2026.missingYears(almaty("2026-05-01 10:00"), almaty("2026-05-01 10:00"))).toEqual([2026]);
    // Kurban Ait 2026 is unknown without the year's entry, so Wed 27 May counts as a working day.
    const kurbanAit = without2026.deadline(almaty("2026-05-26 10:00"), wd(1));
    expect(kurbanAit).toMatchObject({ lastDay: "2026-05-27", certain: false, unconfirmedYears: [2026] });
    // Nauryz and its moved days still follow from the rule.
    expect(without2026.deadline(almaty("2026-03-20 10:00"), wd(1)).lastDay).toBe("2026-03-26");
    expect(without2026.isWorkingDay("2026-01-07")).toBe(false);
  });

  it("names the unconfirmed years a deadline touches", () => {
    expect(calendar.deadline(almaty("2027-12-27 10:00"), wd(7)).unconfirmedYears).toEqual([2027, 2028]);
    expect(calendar.deadline(almaty("2026-06-01 10:00"), wd(7)).unconfirmedYears).toEqual([]);
  });
});

describe("independence from the machine's time zone", () => {
  it("gives the same answers whatever TZ is set to", () => {
    const probes: [string, ProcessingTime][] = [
      ["2026-02-02 18:29", wd(1)],
      ["2026-02-06 18:20", min(30)],
      ["2026-12-31 23:30", cd(3)],
      ["2026-03-01 00:30", wd(19)],
    ];
    const inZone = (tz: string) => {
      const saved = process.env.TZ;
      process.env.TZ = tz;
      try {
        const machineHour = new Date("2026-01-01T00:00:00Z").getHours();
        const answers = probes.map(([filed, time]) => {
          const result = calendar.deadline(almaty(filed), time);
          return [result.at.toISOString(), result.lastDay, calendar.isOfficeTime(almaty(filed))];
        });
        return { machineHour, answers };
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    };
    const almatyRun = inZone("Asia/Almaty");
    const newYork = inZone("America/New_York");
    const kiritimati = inZone("Pacific/Kiritimati");
    // The switch of the machine's zone really happened, so the equalities below can fail.
    expect([almatyRun.machineHour, newYork.machineHour, kiritimati.machineHour]).toEqual([5, 19, 14]);
    expect(newYork.answers).toEqual(almatyRun.answers);
    expect(kiritimati.answers).toEqual(almatyRun.answers);
  });
});
