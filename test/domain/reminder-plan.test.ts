import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOG_DIR, readYaml } from "../../src/catalog-files.js";
import { createWorkCalendar, parseCalendar } from "../../src/domain/calendar.js";
import type { ProcessingTime } from "../../src/domain/catalog.js";
import { MAX_OVERDUE_REMINDERS, planReminders, type PlannedReminder } from "../../src/domain/reminder-plan.js";

const calendar = createWorkCalendar(parseCalendar(readYaml(DEFAULT_CATALOG_DIR, "calendar.yaml")));

const ALMATY_OFFSET_MS = 5 * 3_600_000;
const DAY_MS = 86_400_000;

/** A wall-clock time in Almaty, which is UTC+5 all year since March 2024: written independently of TZDate. */
function almaty(local: string): Date {
  return new Date(`${local.replace(" ", "T")}${local.length === 16 ? ":00" : ""}+05:00`);
}

/** "2026-02-03 14:35" (seconds only when there are some), computed without TZDate. */
function almatyLabel(at: Date): string {
  const iso = new Date(at.getTime() + ALMATY_OFFSET_MS).toISOString();
  return iso.slice(0, iso.slice(16, 19) === ":00" ? 16 : 19).replace("T", " ");
}

/** Local date and minute of the day in Almaty, computed without TZDate. */
function almatyClock(at: Date): { day: string; minute: number } {
  const shifted = at.getTime() + ALMATY_OFFSET_MS;
  return { day: new Date(shifted).toISOString().slice(0, 10), minute: Math.floor((shifted % DAY_MS) / 60_000) };
}

const wd = (value: number): ProcessingTime => ({ value, unit: "working_days" });
const cd = (value: number): ProcessingTime => ({ value, unit: "calendar_days" });
const min = (value: number): ProcessingTime => ({ value, unit: "minutes" });

function plan(filed: string, time: ProcessingTime): { deadline: string; reminders: string[] } {
  const submittedAt = almaty(filed);
  const deadline = calendar.deadline(submittedAt, time).at;
  return {
    deadline: almatyLabel(deadline),
    reminders: planReminders(calendar, submittedAt, time, deadline).map((r) => `${r.kind}#${r.seq} ${almatyLabel(r.dueAt)}`),
  };
}

/** The overdue series expected on these local days, each at 09:00. */
function overdueOn(...days: string[]): string[] {
  return days.map((day, i) => `overdue#${i + 1} ${day} 09:00`);
}

interface Case {
  why: string;
  filed: string;
  time: ProcessingTime;
  /** Pinned so that a case cannot silently test a different deadline than the one described. */
  deadline: string;
  reminders: string[];
}

const FEB_4_TO_17 = ["2026-02-04", "2026-02-05", "2026-02-06", "2026-02-09", "2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13", "2026-02-16", "2026-02-17"];

const CASES: Case[] = [
  // Working days
  {
    why: "5 working days filed Monday 09:00: Tue-Fri, Mon; reminded Friday morning and Monday morning",
    filed: "2026-02-02 09:00",
    time: wd(5),
    deadline: "2026-02-09 18:30",
    reminders: [
      "before_deadline#1 2026-02-06 09:00",
      "at_deadline#1 2026-02-09 09:00",
      ...overdueOn("2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-23"),
    ],
  },
  {
    why: "1 working day filed Monday 10:00: the morning before the last day is already past",
    filed: "2026-02-02 10:00",
    time: wd(1),
    deadline: "2026-02-03 18:30",
    reminders: ["at_deadline#1 2026-02-03 09:00", ...overdueOn(...FEB_4_TO_17)],
  },
  {
    why: "1 working day filed Monday at 09:00 sharp: a reminder at the submission itself is not after it",
    filed: "2026-02-02 09:00",
    time: wd(1),
    deadline: "2026-02-03 18:30",
    reminders: ["at_deadline#1 2026-02-03 09:00", ...overdueOn(...FEB_4_TO_17)],
  },
  {
    why: "1 working day filed Monday 08:00, before the office opens: admitted Monday, reminded at its 09:00",
    filed: "2026-02-02 08:00",
    time: wd(1),
    deadline: "2026-02-03 18:30",
    reminders: ["before_deadline#1 2026-02-02 09:00", "at_deadline#1 2026-02-03 09:00", ...overdueOn(...FEB_4_TO_17)],
  },
  {
    why: "19 working days ending Thu 26 March 2026: the day before the last is Fri 20 (Nauryz 23-25 and the weekend are skipped)",
    filed: "2026-02-23 11:00",
    time: wd(19),
    deadline: "2026-03-26 18:30",
    reminders: [
      "before_deadline#1 2026-03-20 09:00",
      "at_deadline#1 2026-03-26 09:00",
      ...overdueOn("2026-03-27", "2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02", "2026-04-03", "2026-04-06", "2026-04-07", "2026-04-08", "2026-04-09"),
    ],
  },
  {
    why: "19 working days from Wed 11 March 2026 run across Nauryz to Fri 10 April",
    filed: "2026-03-11 10:00",
    time: wd(19),
    deadline: "2026-04-10 18:30",
    reminders: [
      "before_deadline#1 2026-04-09 09:00",
      "at_deadline#1 2026-04-10 09:00",
      ...overdueOn("2026-04-13", "2026-04-14", "2026-04-15", "2026-04-16", "2026-04-17", "2026-04-20", "2026-04-21", "2026-04-22", "2026-04-23", "2026-04-24"),
    ],
  },
  {
    why: "overdue after Fri 20 March 2026 skips the weekend and Nauryz 23-25",
    filed: "2026-03-19 10:00",
    time: wd(1),
    deadline: "2026-03-20 18:30",
    reminders: [
      "at_deadline#1 2026-03-20 09:00",
      ...overdueOn("2026-03-26", "2026-03-27", "2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02", "2026-04-03", "2026-04-06", "2026-04-07", "2026-04-08"),
    ],
  },
  {
    why: "overdue after Wed 6 May 2026 skips 7 May and 9-11 May (9 May, a Saturday, moves to Monday)",
    filed: "2026-05-05 10:00",
    time: wd(1),
    deadline: "2026-05-06 18:30",
    reminders: [
      "at_deadline#1 2026-05-06 09:00",
      ...overdueOn("2026-05-08", "2026-05-12", "2026-05-13", "2026-05-14", "2026-05-15", "2026-05-18", "2026-05-19", "2026-05-20", "2026-05-21", "2026-05-22"),
    ],
  },
  {
    why: "3 working days from Wed 6 May 2026: Fri 8, Tue 12, Wed 13; overdue skips Kurban Ait (Wed 27 May)",
    filed: "2026-05-06 10:00",
    time: wd(3),
    deadline: "2026-05-13 18:30",
    reminders: [
      "before_deadline#1 2026-05-12 09:00",
      "at_deadline#1 2026-05-13 09:00",
      ...overdueOn("2026-05-14", "2026-05-15", "2026-05-18", "2026-05-19", "2026-05-20", "2026-05-21", "2026-05-22", "2026-05-25", "2026-05-26", "2026-05-28"),
    ],
  },
  {
    why: "overdue across the New Year: 1-4 January 2027 and 7 January are off",
    filed: "2026-12-28 10:00",
    time: wd(1),
    deadline: "2026-12-29 18:30",
    reminders: [
      "at_deadline#1 2026-12-29 09:00",
      ...overdueOn("2026-12-30", "2026-12-31", "2027-01-05", "2027-01-06", "2027-01-08", "2027-01-11", "2027-01-12", "2027-01-13", "2027-01-14", "2027-01-15"),
    ],
  },
  // Minutes
  {
    why: "30 minutes filed 12:50: 10 minutes before the break, 20 after it; half time is 14:35",
    filed: "2026-02-03 12:50",
    time: min(30),
    deadline: "2026-02-03 14:50",
    reminders: ["half_time#1 2026-02-03 14:35", "at_deadline#1 2026-02-03 14:50", ...overdueOn(...FEB_4_TO_17)],
  },
  {
    why: "30 minutes filed 18:20: 10 minutes that evening, 20 the next morning",
    filed: "2026-02-03 18:20",
    time: min(30),
    deadline: "2026-02-04 09:20",
    reminders: [
      "half_time#1 2026-02-04 09:05",
      "at_deadline#1 2026-02-04 09:20",
      ...overdueOn("2026-02-05", "2026-02-06", "2026-02-09", "2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13", "2026-02-16", "2026-02-17", "2026-02-18"),
    ],
  },
  {
    why: "30 minutes filed Fri 20 March 2026 at 18:20 run on after the weekend and Nauryz, on Thu 26",
    filed: "2026-03-20 18:20",
    time: min(30),
    deadline: "2026-03-26 09:20",
    reminders: [
      "half_time#1 2026-03-26 09:05",
      "at_deadline#1 2026-03-26 09:20",
      ...overdueOn("2026-03-27", "2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02", "2026-04-03", "2026-04-06", "2026-04-07", "2026-04-08", "2026-04-09"),
    ],
  },
  {
    why: "30 minutes filed on a Saturday start on Monday at 09:00",
    filed: "2026-02-07 11:00",
    time: min(30),
    deadline: "2026-02-09 09:30",
    reminders: [
      "half_time#1 2026-02-09 09:15",
      "at_deadline#1 2026-02-09 09:30",
      ...overdueOn("2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-23"),
    ],
  },
  {
    why: "20 minutes filed 10:00",
    filed: "2026-02-03 10:00",
    time: min(20),
    deadline: "2026-02-03 10:20",
    reminders: ["half_time#1 2026-02-03 10:10", "at_deadline#1 2026-02-03 10:20", ...overdueOn(...FEB_4_TO_17)],
  },
  {
    why: "20 minutes filed 12:40 are due at 13:00, when the break starts: 'due now' comes a minute before",
    filed: "2026-02-03 12:40",
    time: min(20),
    deadline: "2026-02-03 13:00",
    reminders: ["half_time#1 2026-02-03 12:50", "at_deadline#1 2026-02-03 12:59", ...overdueOn(...FEB_4_TO_17)],
  },
  {
    why: "30 minutes filed 18:00 are due at 18:30, when the office closes: 'due now' at 18:29",
    filed: "2026-02-03 18:00",
    time: min(30),
    deadline: "2026-02-03 18:30",
    reminders: ["half_time#1 2026-02-03 18:15", "at_deadline#1 2026-02-03 18:29", ...overdueOn(...FEB_4_TO_17)],
  },
  {
    why: "30 minutes filed 12:45 reach half time at 13:00, the break: reminded when it ends, 14:30",
    filed: "2026-02-03 12:45",
    time: min(30),
    deadline: "2026-02-03 14:45",
    reminders: ["half_time#1 2026-02-03 14:30", "at_deadline#1 2026-02-03 14:45", ...overdueOn(...FEB_4_TO_17)],
  },
  {
    why: "2 minutes filed 12:58: half time and 'due now' both fall at 12:59; the more urgent one is kept",
    filed: "2026-02-03 12:58",
    time: min(2),
    deadline: "2026-02-03 13:00",
    reminders: ["at_deadline#1 2026-02-03 12:59", ...overdueOn(...FEB_4_TO_17)],
  },
  {
    why: "1 minute filed 12:59: 'due now' would be the submission itself; half time is 30 seconds later",
    filed: "2026-02-03 12:59",
    time: min(1),
    deadline: "2026-02-03 13:00",
    reminders: ["half_time#1 2026-02-03 12:59:30", ...overdueOn(...FEB_4_TO_17)],
  },
  // Calendar days
  {
    why: "30 calendar days from Fri 6 Feb 2026 end on Sunday 8 March: 'due today' on Fri 6 March, overdue from Tue 10 (9 March is off)",
    filed: "2026-02-06 10:00",
    time: cd(30),
    deadline: "2026-03-08 18:30",
    reminders: [
      "before_deadline#1 2026-03-05 09:00",
      "at_deadline#1 2026-03-06 09:00",
      ...overdueOn("2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13", "2026-03-16", "2026-03-17", "2026-03-18", "2026-03-19", "2026-03-20", "2026-03-26"),
    ],
  },
  {
    why: "30 calendar days from Mon 23 Feb 2026 end on Wed 25 March, a Nauryz day off: 'due today' on Fri 20 March",
    filed: "2026-02-23 10:00",
    time: cd(30),
    deadline: "2026-03-25 18:30",
    reminders: [
      "before_deadline#1 2026-03-19 09:00",
      "at_deadline#1 2026-03-20 09:00",
      ...overdueOn("2026-03-26", "2026-03-27", "2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02", "2026-04-03", "2026-04-06", "2026-04-07", "2026-04-08"),
    ],
  },
  {
    why: "30 calendar days from Mon 6 April 2026 end on a working day, Wed 6 May",
    filed: "2026-04-06 10:00",
    time: cd(30),
    deadline: "2026-05-06 18:30",
    reminders: [
      "before_deadline#1 2026-05-05 09:00",
      "at_deadline#1 2026-05-06 09:00",
      ...overdueOn("2026-05-08", "2026-05-12", "2026-05-13", "2026-05-14", "2026-05-15", "2026-05-18", "2026-05-19", "2026-05-20", "2026-05-21", "2026-05-22"),
    ],
  },
  {
    why: "1 calendar day filed Friday 10:00 ends on Saturday: the only working day left, Friday, began before the filing",
    filed: "2026-02-06 10:00",
    time: cd(1),
    deadline: "2026-02-07 18:30",
    reminders: overdueOn("2026-02-09", "2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"),
  },
];

describe("planReminders: hand-built cases", () => {
  it.each(CASES)("$why", ({ filed, time, deadline, reminders }) => {
    expect(plan(filed, time)).toEqual({ deadline, reminders });
  });

  it("plans against the deadline it is given, not one it recomputes", () => {
    // A deadline stored under an older calendar must still be honoured: Thu 5 Feb instead of Tue 3.
    const reminders = planReminders(calendar, almaty("2026-02-02 10:00"), wd(1), almaty("2026-02-05 18:30"));
    expect(reminders.slice(0, 3).map((r) => `${r.kind} ${almatyLabel(r.dueAt)}`)).toEqual([
      "before_deadline 2026-02-04 09:00",
      "at_deadline 2026-02-05 09:00",
      "overdue 2026-02-06 09:00",
    ]);
  });

  it("hands out its own Date objects, so a caller mutating the deadline later changes nothing", () => {
    const deadline = almaty("2026-02-03 10:20");
    const reminders = planReminders(calendar, almaty("2026-02-03 10:00"), min(20), deadline);
    deadline.setTime(0);
    expect(reminders.find((r) => r.kind === "at_deadline")?.dueAt).toEqual(almaty("2026-02-03 10:20"));
  });
});

// Filings from 2025 to mid-2027, the overdue series may run past the shipped years. Half of them fall on
// whole minutes, with short minute times, so that moments landing exactly on 13:00 or 18:30 come up.
const FIRST_FILING = Date.parse("2025-01-01T00:00:00+05:00");
const LAST_FILING = Date.parse("2027-06-30T23:59:59+05:00");
const submission = fc.oneof(
  fc.integer({ min: FIRST_FILING, max: LAST_FILING }).map((ms) => new Date(ms)),
  fc.integer({ min: FIRST_FILING / 60_000, max: Math.floor(LAST_FILING / 60_000) }).map((minute) => new Date(minute * 60_000)),
);
const processingTime = fc.oneof(
  fc.integer({ min: 1, max: 60 }).map(min),
  fc.integer({ min: 1, max: 600 }).map(min),
  fc.integer({ min: 1, max: 40 }).map(wd),
  fc.integer({ min: 1, max: 60 }).map(cd),
);

function planFor(at: Date, time: ProcessingTime): { deadline: Date; reminders: PlannedReminder[] } {
  const deadline = calendar.deadline(at, time).at;
  return { deadline, reminders: planReminders(calendar, at, time, deadline) };
}

describe("planReminders: properties", () => {
  it("plans only office time, strictly after the submission, strictly increasing, at most 2 + MAX_OVERDUE_REMINDERS", () => {
    fc.assert(
      fc.property(submission, processingTime, (at, time) => {
        const { reminders } = planFor(at, time);
        expect(reminders.length).toBeLessThanOrEqual(2 + MAX_OVERDUE_REMINDERS);
        reminders.forEach((reminder, i) => {
          expect(calendar.isOfficeTime(reminder.dueAt)).toBe(true);
          expect(reminder.dueAt.getTime()).toBeGreaterThan(at.getTime());
          if (i > 0) expect(reminder.dueAt.getTime()).toBeGreaterThan(reminders[i - 1]!.dueAt.getTime());
        });
      }),
      { numRuns: 500 },
    );
  });

  it("puts exactly the overdue reminders after the deadline, all of them, numbered 1..MAX_OVERDUE_REMINDERS", () => {
    fc.assert(
      fc.property(submission, processingTime, (at, time) => {
        const { deadline, reminders } = planFor(at, time);
        const overdue = reminders.filter((r) => r.kind === "overdue");
        for (const reminder of reminders)
          expect(reminder.dueAt.getTime() > deadline.getTime()).toBe(reminder.kind === "overdue");
        expect(overdue.map((r) => r.seq)).toEqual(Array.from({ length: MAX_OVERDUE_REMINDERS }, (_, i) => i + 1));
      }),
      { numRuns: 500 },
    );
  });

  it("sends overdue reminders at 09:00 on consecutive working days, starting with the first one after the deadline's day", () => {
    fc.assert(
      fc.property(submission, processingTime, (at, time) => {
        const { deadline, reminders } = planFor(at, time);
        let dayBefore = almatyClock(deadline).day;
        for (const reminder of reminders.filter((r) => r.kind === "overdue")) {
          const { day, minute } = almatyClock(reminder.dueAt);
          expect(minute).toBe(9 * 60);
          expect(calendar.isWorkingDay(day)).toBe(true);
          const skipped: string[] = [];
          for (let d = nextDay(dayBefore); d < day; d = nextDay(d)) skipped.push(d);
          expect(skipped.filter((d) => calendar.isWorkingDay(d))).toEqual([]);
          dayBefore = day;
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives day units a morning 'due today' on the last working day and minute units a 'due now' within a minute of the deadline", () => {
    fc.assert(
      fc.property(submission, processingTime, (at, time) => {
        const { deadline, reminders } = planFor(at, time);
        const kinds = new Set(reminders.map((r) => r.kind));
        const atDeadline = reminders.find((r) => r.kind === "at_deadline");
        if (time.unit === "minutes") {
          expect(kinds.has("before_deadline")).toBe(false);
          if (atDeadline) expect(deadline.getTime() - atDeadline.dueAt.getTime()).toBeLessThanOrEqual(60_000);
          else expect(deadline.getTime() - at.getTime()).toBeLessThanOrEqual(60_000);
        } else {
          expect(kinds.has("half_time")).toBe(false);
          let lastWorkingDay = almatyClock(deadline).day;
          while (!calendar.isWorkingDay(lastWorkingDay)) lastWorkingDay = previousDay(lastWorkingDay);
          const expected = almaty(`${lastWorkingDay} 09:00`);
          if (expected.getTime() > at.getTime()) expect(atDeadline?.dueAt).toEqual(expected);
          else expect(atDeadline).toBeUndefined();
        }
      }),
      { numRuns: 500 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(submission, processingTime, (at, time) => {
        expect(planFor(new Date(at.getTime()), time)).toEqual(planFor(new Date(at.getTime()), time));
      }),
      { numRuns: 100 },
    );
  });
});

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}
