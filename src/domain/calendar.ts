/**
 * The working-day calendar of Kazakhstan's state offices and the deadline estimates built on it.
 *
 * Pure: it answers questions about instants that are passed in, from calendar.yaml as validated by
 * calendar-schema.ts. Local dates are "YYYY-MM-DD" strings (local-date.ts); every conversion between an
 * instant and a local wall-clock time goes through TZDate with the zone from the YAML.
 */
import { TZDate } from "@date-fns/tz";
import type { ProcessingTime } from "./catalog.js";
import { lawsOf, statutoryWeekdaysOff } from "./calendar-law.js";
import type { CalendarData, YearStatus } from "./calendar-schema.js";
import { clockToMinutes, isWeekend, MINUTE_MS, requireDay, shiftDay, yearOf } from "./local-date.js";

export {
  parseCalendar,
  YEAR_STATUSES,
  type CalendarData,
  type CalendarYear,
  type YearStatus,
} from "./calendar-schema.js";

/** When a result is due. Always an estimate: offices may finish early, and the law's days are counted. */
export interface Deadline {
  /** The latest moment: end of office hours of `lastDay`, or the minute the office time runs out. */
  at: Date;
  /** The local date of `at`. */
  lastDay: string;
  estimate: true;
  /** False when the counted span touches a year that is missing from calendar.yaml or only provisional. */
  certain: boolean;
  /** The years, from submission to `lastDay`, whose calendar is missing or provisional. */
  unconfirmedYears: readonly number[];
}

export interface WorkCalendar {
  readonly timeZone: string;
  /** The years calendar.yaml describes, ascending. */
  readonly knownYears: readonly number[];
  /** "missing" for a year calendar.yaml does not describe (weekends, holidays and the weekend rule only). */
  yearStatus(year: number): YearStatus | "missing";
  /** The local years from `from` to `to` (inclusive, ascending; none if `to` is earlier) missing from calendar.yaml. */
  missingYears(from: Date, to: Date): number[];
  /** The local date ("YYYY-MM-DD") of an instant. */
  localDayOf(at: Date): string;
  /** Whether the local date is a working day of the offices. */
  isWorkingDay(day: string): boolean;
  /** The first working day strictly after `day`. */
  nextWorkingDay(day: string): string;
  /** The last working day strictly before `day`. */
  previousWorkingDay(day: string): string;
  /** The working day `count` working days after `day` (before it when negative); `day` itself for 0. */
  addWorkingDays(day: string, count: number): string;
  /** The instant office hours begin on a local date (whether or not it is a working day). */
  officeStartOf(day: string): Date;
  /** The instant office hours end on a local date (whether or not it is a working day). */
  officeEndOf(day: string): Date;
  /** Whether the instant is inside office hours of a working day and not in the break. */
  isOfficeTime(at: Date): boolean;
  /** `at` itself when it is office time, otherwise the next moment office hours begin. */
  nextOfficeStart(at: Date): Date;
  /** The moment `minutes` of office time have run from `from`; time outside office hours does not count. */
  addWorkingMinutes(from: Date, minutes: number): Date;
  /** The working day a filing counts as made on: its own day if before the end of office hours, else the next one. */
  admissionDay(submittedAt: Date): string;
  /** When the result of a filing is due under a processing time. */
  deadline(submittedAt: Date, time: ProcessingTime): Deadline;
}

interface YearModel {
  weekdaysOff: ReadonlySet<string>;
  workingWeekendDays: ReadonlySet<string>;
}

/** A span of office time within a day, in milliseconds since local midnight: [start, end). */
interface Segment {
  start: number;
  end: number;
}

/**
 * Builds the working calendar from validated data. A year missing from the data still works, from
 * weekends, the fixed holidays and the weekend rule only (no Kurban Ait, no ministry orders).
 */
export function createWorkCalendar(data: CalendarData): WorkCalendar {
  const timeZone = data.timeZone;
  const laws = lawsOf(data);
  const knownYears = Object.keys(data.years)
    .map(Number)
    .sort((a, b) => a - b);
  const hours = data.officeHours;
  const toMs = (clock: string) => clockToMinutes(clock) * MINUTE_MS;
  const segments: readonly Segment[] = hours.break
    ? [
        { start: toMs(hours.start), end: toMs(hours.break.start) },
        { start: toMs(hours.break.end), end: toMs(hours.end) },
      ]
    : [{ start: toMs(hours.start), end: toMs(hours.end) }];
  const dayStartMs = toMs(hours.start);
  const dayEndMs = toMs(hours.end);

  const models = new Map<number, YearModel>();
  const modelOf = (year: number): YearModel => {
    let model = models.get(year);
    if (!model) {
      const entry = data.years[String(year)];
      const weekdaysOff = new Set(statutoryWeekdaysOff(year, laws).keys());
      for (const day of entry?.extraDaysOff ?? []) weekdaysOff.add(day);
      for (const day of entry?.extraWorkingDays ?? []) weekdaysOff.delete(day);
      model = {
        weekdaysOff,
        workingWeekendDays: new Set((entry?.extraWorkingDays ?? []).filter(isWeekend)),
      };
      models.set(year, model);
    }
    return model;
  };

  const isWorkingDay = (day: string): boolean => {
    const model = modelOf(yearOf(day));
    return isWeekend(day) ? model.workingWeekendDays.has(day) : !model.weekdaysOff.has(day);
  };
  const nextWorkingDay = (day: string): string => {
    let next = shiftDay(day, 1);
    while (!isWorkingDay(next)) next = shiftDay(next, 1);
    return next;
  };
  const previousWorkingDay = (day: string): string => {
    let previous = shiftDay(day, -1);
    while (!isWorkingDay(previous)) previous = shiftDay(previous, -1);
    return previous;
  };
  const addWorkingDays = (day: string, count: number): string => {
    if (!Number.isInteger(count)) throw new RangeError(`A whole number of working days is needed, not ${count}`);
    let result = day;
    for (let i = 0; i < Math.abs(count); i++) result = count > 0 ? nextWorkingDay(result) : previousWorkingDay(result);
    requireDay(result);
    return result;
  };

  const localOf = (at: Date): { day: string; ms: number } => {
    const local = new TZDate(at.getTime(), timeZone);
    const day = [local.getFullYear(), local.getMonth() + 1, local.getDate()]
      .map((n, i) => String(n).padStart(i === 0 ? 4 : 2, "0"))
      .join("-");
    const ms =
      ((local.getHours() * 60 + local.getMinutes()) * 60 + local.getSeconds()) * 1000 + local.getMilliseconds();
    return { day, ms };
  };
  const instantOf = (day: string, msOfDay: number): Date => {
    requireDay(day);
    const minutes = Math.floor(msOfDay / MINUTE_MS);
    const local = new TZDate(
      yearOf(day),
      Number(day.slice(5, 7)) - 1,
      Number(day.slice(8, 10)),
      Math.floor(minutes / 60),
      minutes % 60,
      timeZone,
    );
    return new Date(local.getTime() + (msOfDay % MINUTE_MS));
  };
  const officeStartOf = (day: string): Date => instantOf(day, dayStartMs);
  const officeEndOf = (day: string): Date => instantOf(day, dayEndMs);

  const isOfficeTime = (at: Date): boolean => {
    const { day, ms } = localOf(at);
    return isWorkingDay(day) && segments.some((s) => s.start <= ms && ms < s.end);
  };
  const nextOfficeStart = (at: Date): Date => {
    const { day, ms } = localOf(at);
    if (isWorkingDay(day))
      for (const segment of segments) {
        if (ms < segment.start) return instantOf(day, segment.start);
        if (ms < segment.end) return new Date(at.getTime());
      }
    return officeStartOf(nextWorkingDay(day));
  };
  const addWorkingMinutes = (from: Date, minutes: number): Date => {
    if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Cannot add ${minutes} working minutes`);
    let cursor = nextOfficeStart(from);
    let remaining = minutes * MINUTE_MS;
    for (;;) {
      const { day, ms } = localOf(cursor);
      // nextOfficeStart always lands inside a segment, so the lookup cannot miss.
      const segment = segments.find((s) => s.start <= ms && ms < s.end)!;
      const segmentEnd = instantOf(day, segment.end);
      const available = segmentEnd.getTime() - cursor.getTime();
      if (remaining <= available) return new Date(cursor.getTime() + remaining);
      remaining -= available;
      cursor = nextOfficeStart(segmentEnd);
    }
  };
  const admissionDay = (submittedAt: Date): string => {
    const { day, ms } = localOf(submittedAt);
    return isWorkingDay(day) && ms < dayEndMs ? day : nextWorkingDay(day);
  };

  const yearStatus = (year: number): YearStatus | "missing" => data.years[String(year)]?.status ?? "missing";
  const yearsBetween = (first: number, last: number): number[] =>
    Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);

  const deadline = (submittedAt: Date, time: ProcessingTime): Deadline => {
    let at: Date;
    let lastDay: string;
    switch (time.unit) {
      case "minutes":
        at = addWorkingMinutes(submittedAt, time.value);
        lastDay = localOf(at).day;
        break;
      case "working_days":
        lastDay = addWorkingDays(admissionDay(submittedAt), time.value);
        at = officeEndOf(lastDay);
        break;
      case "calendar_days":
        // Counted from the day after admission, like working days (the service standards' "after
        // office hours or on a day off, the filing is accepted on the next working day"). The last day
        // is kept even when it is a day off: calendar days are calendar days.
        lastDay = shiftDay(admissionDay(submittedAt), time.value);
        at = officeEndOf(lastDay);
        break;
    }
    const unconfirmedYears = yearsBetween(yearOf(localOf(submittedAt).day), yearOf(lastDay)).filter(
      (year) => yearStatus(year) !== "official",
    );
    return { at, lastDay, estimate: true, certain: unconfirmedYears.length === 0, unconfirmedYears };
  };

  return {
    timeZone,
    knownYears,
    yearStatus,
    missingYears: (from, to) =>
      yearsBetween(yearOf(localOf(from).day), yearOf(localOf(to).day)).filter((year) => yearStatus(year) === "missing"),
    localDayOf: (at) => localOf(at).day,
    isWorkingDay: (day) => {
      requireDay(day);
      return isWorkingDay(day);
    },
    nextWorkingDay,
    previousWorkingDay,
    addWorkingDays,
    officeStartOf,
    officeEndOf,
    isOfficeTime,
    nextOfficeStart,
    addWorkingMinutes,
    admissionDay,
    deadline,
  };
}
