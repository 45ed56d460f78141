import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOG_DIR, readYaml } from "../../src/catalog-files.js";
import { createWorkCalendar, parseCalendar } from "../../src/domain/calendar.js";
import type { ProcessingTime } from "../../src/domain/catalog.js";

// isWorkingDay itself is pinned day by day to hand-made lists in calendar-loader.test.ts; these
// properties check the deadline arithmetic built on it.
const calendar = createWorkCalendar(parseCalendar(readYaml(DEFAULT_CATALOG_DIR, "calendar.yaml")));

const ALMATY_OFFSET_MS = 5 * 3_600_000;
const DAY_MS = 86_400_000;

/** Local date and minute of the day in Almaty (UTC+5 since March 2024), computed without TZDate. */
function almatyClock(at: Date): { day: string; minute: number } {
  const shifted = at.getTime() + ALMATY_OFFSET_MS;
  return { day: new Date(shifted).toISOString().slice(0, 10), minute: (shifted % DAY_MS) / 60_000 };
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

// Filings from 2025 to September 2027, to the millisecond, so that deadlines stay inside the shipped years.
const submission = fc
  .integer({ min: Date.parse("2025-01-01T00:00:00+05:00"), max: Date.parse("2027-09-30T23:59:59+05:00") })
  .map((ms) => new Date(ms));
const unit = fc.constantFrom<ProcessingTime["unit"]>("minutes", "working_days", "calendar_days");
const valueFor = (u: ProcessingTime["unit"]) =>
  u === "minutes" ? fc.integer({ min: 1, max: 3000 }) : fc.integer({ min: 1, max: 60 });
const processingTime = unit.chain((u) => valueFor(u).map((value): ProcessingTime => ({ value, unit: u })));

describe("deadline properties", () => {
  it("a working-day deadline lands on a working day, at its end of office hours, after exactly N working days", () => {
    fc.assert(
      fc.property(submission, fc.integer({ min: 1, max: 60 }), (at, value) => {
        const result = calendar.deadline(at, { value, unit: "working_days" });
        expect(calendar.isWorkingDay(result.lastDay)).toBe(true);
        expect(almatyClock(result.at)).toEqual({ day: result.lastDay, minute: 18 * 60 + 30 });
        let counted = 0;
        for (let day = nextDay(calendar.admissionDay(at)); day <= result.lastDay; day = nextDay(day))
          if (calendar.isWorkingDay(day)) counted++;
        expect(counted).toBe(value);
      }),
    );
  });

  it("a longer processing time never gives an earlier deadline", () => {
    fc.assert(
      fc.property(submission, unit, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), (at, u, a, b) => {
        const [shorter, longer] = [Math.min(a, b), Math.max(a, b)];
        const first = calendar.deadline(at, { value: shorter, unit: u }).at.getTime();
        const second = calendar.deadline(at, { value: longer, unit: u }).at.getTime();
        if (shorter === longer) expect(second).toBe(first);
        else expect(second).toBeGreaterThan(first);
      }),
    );
  });

  it("a later submission never gives an earlier deadline", () => {
    fc.assert(
      fc.property(submission, submission, processingTime, (a, b, time) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        expect(calendar.deadline(later, time).at.getTime()).toBeGreaterThanOrEqual(
          calendar.deadline(earlier, time).at.getTime(),
        );
      }),
    );
  });

  it("a minutes deadline is inside office hours of a working day (its closing minute included)", () => {
    fc.assert(
      fc.property(submission, fc.integer({ min: 1, max: 3000 }), (at, value) => {
        const result = calendar.deadline(at, { value, unit: "minutes" });
        const { day, minute } = almatyClock(result.at);
        expect(calendar.isWorkingDay(day)).toBe(true);
        const inMorning = minute > 9 * 60 && minute <= 13 * 60;
        const inAfternoon = minute > 14 * 60 + 30 && minute <= 18 * 60 + 30;
        expect(inMorning || inAfternoon, `${result.at.toISOString()} is at ${minute} min of ${day}`).toBe(true);
        expect(result.lastDay).toBe(day);
      }),
    );
  });

  it("adding minutes in two steps is the same as adding them at once", () => {
    fc.assert(
      fc.property(submission, fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 2000 }), (at, a, b) => {
        const stepwise = calendar.addWorkingMinutes(calendar.addWorkingMinutes(at, a), b);
        expect(stepwise.getTime()).toBe(calendar.addWorkingMinutes(at, a + b).getTime());
      }),
    );
  });

  it("the office time between a submission and its minutes deadline is exactly the minutes asked", () => {
    fc.assert(
      fc.property(submission, fc.integer({ min: 1, max: 1500 }), (at, value) => {
        const due = calendar.deadline(at, { value, unit: "minutes" }).at;
        let officeMinutes = 0;
        // Walk minute by minute from the first office moment; each minute starting in office time counts.
        for (let t = calendar.nextOfficeStart(at).getTime(); t < due.getTime(); t += 60_000)
          if (calendar.isOfficeTime(new Date(t))) officeMinutes++;
        expect(officeMinutes).toBe(value);
      }),
      { numRuns: 60 },
    );
  });

  it("a deadline is never before its submission and certain only inside official years", () => {
    fc.assert(
      fc.property(submission, processingTime, (at, time) => {
        const result = calendar.deadline(at, time);
        expect(result.at.getTime()).toBeGreaterThan(at.getTime());
        const touched = Number(result.lastDay.slice(0, 4)) >= 2027 || almatyClock(at).day >= "2027";
        expect(result.certain).toBe(!touched);
      }),
    );
  });

  it("previous and next working day invert each other", () => {
    const day = fc
      .integer({ min: 0, max: 1000 })
      .map((n) => new Date(Date.UTC(2025, 0, 2) + n * DAY_MS).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (d) => {
        const next = calendar.nextWorkingDay(d);
        expect(next > d).toBe(true);
        expect(calendar.isWorkingDay(next)).toBe(true);
        if (calendar.isWorkingDay(d)) expect(calendar.previousWorkingDay(next)).toBe(d);
        for (let between = nextDay(d); between < next; between = nextDay(between))
          expect(calendar.isWorkingDay(between)).toBe(false);
      }),
    );
  });
});
