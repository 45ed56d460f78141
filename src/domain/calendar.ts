/**
 * The working-day calendar of Kazakhstan's state offices and the deadline estimates built on it.
 *
 * Pure: it validates already-parsed `calendar.yaml` and answers questions about instants that are
 * passed in. Local dates are "YYYY-MM-DD" strings in the calendar's time zone; their arithmetic runs
 * on UTC midnights so that the machine's own zone never leaks in, and every conversion between an
 * instant and a local wall-clock time goes through TZDate with the zone from the YAML.
 */
import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { CatalogError, parseFile, type ProcessingTime } from "./catalog.js";

const FILE = "calendar.yaml";
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export const YEAR_STATUSES = ["official", "provisional"] as const;
/** official = the labour ministry's list for the year is out and entered; provisional = the rule only. */
export type YearStatus = (typeof YEAR_STATUSES)[number];

// ---------------------------------------------------------------------------------------------
// Local dates

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayToUtcMs(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) return Number.NaN;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, date);
  // Date.UTC rolls 30 February over into March; a real date survives the round trip.
  return utcMsToDay(ms) === day ? ms : Number.NaN;
}

function utcMsToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function isRealDay(day: string): boolean {
  return !Number.isNaN(dayToUtcMs(day));
}

function requireDay(day: string): number {
  const ms = dayToUtcMs(day);
  if (Number.isNaN(ms)) throw new RangeError(`Not a local date "YYYY-MM-DD": ${JSON.stringify(day)}`);
  return ms;
}

function shiftDay(day: string, days: number): string {
  return utcMsToDay(requireDay(day) + days * DAY_MS);
}

function weekdayOf(day: string): number {
  return new Date(requireDay(day)).getUTCDay();
}

function isWeekend(day: string): boolean {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
}

function yearOf(day: string): number {
  return Number(day.slice(0, 4));
}

/** "03-21" as "21 March", for messages a non-programmer reads. */
function monthDayLabel(monthDay: string): string {
  return `${Number(monthDay.slice(3, 5))} ${MONTHS[Number(monthDay.slice(0, 2)) - 1] ?? monthDay}`;
}

function clockToMinutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

// ---------------------------------------------------------------------------------------------
// Schema

const isoDay = z
  .string()
  .regex(DAY_PATTERN, "a date like 2026-05-27")
  .refine(isRealDay, "no such date in the calendar");

// 29 February is refused: a holiday must exist in every year for the weekend rule to mean anything.
const monthDay = z
  .string()
  .regex(/^\d{2}-\d{2}$/, 'a month and day like "03-21"')
  .refine((md) => isRealDay(`2001-${md}`), "no such day in a (non-leap) year");

const CLOCK_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const clockTime = z.string().regex(CLOCK_PATTERN, 'a time like "09:00"');

const officeHoursSchema = z
  .strictObject({
    start: clockTime,
    end: clockTime,
    break: z.strictObject({ start: clockTime, end: clockTime }).optional(),
  })
  .superRefine((hours, ctx) => {
    const clocks = [hours.start, hours.end, hours.break?.start ?? "00:00", hours.break?.end ?? "00:00"];
    if (!clocks.every((clock) => CLOCK_PATTERN.test(clock))) return; // already reported, cannot be compared
    const [start, end] = [clockToMinutes(hours.start), clockToMinutes(hours.end)];
    if (start >= end) ctx.addIssue({ code: "custom", path: ["end"], message: "the office day must end after it starts" });
    if (hours.break) {
      const [breakStart, breakEnd] = [clockToMinutes(hours.break.start), clockToMinutes(hours.break.end)];
      if (!(start < breakStart && breakStart < breakEnd && breakEnd < end))
        ctx.addIssue({
          code: "custom",
          path: ["break"],
          message: `the break (${hours.break.start}-${hours.break.end}) must lie strictly inside the office day (${hours.start}-${hours.end}) and end after it starts`,
        });
    }
  });

const yearSchema = z.strictObject({
  status: z.enum(YEAR_STATUSES),
  /** Where the year's list comes from (the ministry's order, an announcement), for whoever checks it. */
  source: z.string().trim().min(1),
  kurbanAit: z.strictObject({ date: isoDay, status: z.enum(YEAR_STATUSES) }),
  /** Days off added by a labour ministry order (the day-off half of a transfer). */
  extraDaysOff: z.array(isoDay).default([]),
  /** Weekend days (or rule days off) made working days by a labour ministry order. */
  extraWorkingDays: z.array(isoDay).default([]),
  /** Every Monday-Friday that is off this year, as announced: checked against the rule and the extras. */
  daysOff: z.array(isoDay),
});
export type CalendarYear = z.infer<typeof yearSchema>;

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const calendarSchema = z
  .strictObject({
    timeZone: z.string().refine(isValidTimeZone, "not a time zone known to this Node (an IANA name like Asia/Almaty)"),
    officeHours: officeHoursSchema,
    /** Public holidays ("MM-DD"); one falling on a weekend moves to the next working day. */
    publicHolidays: z.array(monthDay).min(1),
    /** Days off ("MM-DD") that stay where they are when they fall on a weekend (7 January). */
    daysOffWithoutTransfer: z.array(monthDay).default([]),
    years: z.record(z.string(), yearSchema).superRefine((years, ctx) => {
      for (const key of Object.keys(years))
        if (!/^(19|20|21)\d\d$/.test(key)) ctx.addIssue({ code: "custom", path: [key], message: "not a four-digit year" });
    }),
  });

/** The validated contents of calendar.yaml. */
export type CalendarData = z.infer<typeof calendarSchema>;

// Run on data that passed calendarSchema: zod keeps running refinements after non-fatal issues (a bad
// date string), and these checks need every date to be real.
const crossChecks = z.custom<CalendarData>().superRefine((data, ctx) => {
  for (const [field, list] of [
    ["publicHolidays", data.publicHolidays],
    ["daysOffWithoutTransfer", data.daysOffWithoutTransfer],
  ] as const)
    for (const md of duplicates(list)) ctx.addIssue({ code: "custom", path: [field], message: `"${md}" is listed twice` });
  for (const md of data.daysOffWithoutTransfer)
    if (data.publicHolidays.includes(md))
      ctx.addIssue({
        code: "custom",
        path: ["daysOffWithoutTransfer"],
        message: `"${md}" is also a public holiday; a day is either one or the other`,
      });
  const laws = lawsOf(data);
  for (const [key, year] of Object.entries(data.years))
    for (const problem of checkYear(Number(key), year, laws))
      ctx.addIssue({ code: "custom", path: ["years", key, ...problem.path], message: problem.message });
});

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

// ---------------------------------------------------------------------------------------------
// The law's rule: which weekdays of a year are off before any ministry order

interface Laws {
  publicHolidays: readonly string[];
  daysOffWithoutTransfer: readonly string[];
  kurbanAit(year: number): string | undefined;
}

function lawsOf(data: Pick<CalendarData, "publicHolidays" | "daysOffWithoutTransfer" | "years">): Laws {
  const publicHolidays = [...data.publicHolidays].sort();
  return {
    publicHolidays,
    daysOffWithoutTransfer: data.daysOffWithoutTransfer,
    kurbanAit: (year) => data.years[String(year)]?.kurbanAit.date,
  };
}

function isStatutoryDayOff(day: string, laws: Laws): boolean {
  const md = day.slice(5);
  return laws.publicHolidays.includes(md) || laws.daysOffWithoutTransfer.includes(md) || laws.kurbanAit(yearOf(day)) === day;
}

/**
 * The weekdays of `year` that the law makes days off, each with the reason. A public holiday on a
 * Saturday or Sunday moves to the next Monday-Friday that is not itself a day off nor already taken by
 * an earlier move (Nauryz 2026: 21 March → 24, 22 March → 25). The previous year is walked too, in case
 * a late-December holiday ever moves into January.
 */
function statutoryWeekdaysOff(year: number, laws: Laws): Map<string, string> {
  const reasons = new Map<string, string>();
  const taken = new Set<string>();
  const keep = (day: string, reason: string) => {
    if (yearOf(day) === year && !isWeekend(day)) reasons.set(day, reason);
  };
  for (const y of [year - 1, year]) {
    for (const md of laws.publicHolidays) {
      const day = `${y}-${md}`;
      if (!isWeekend(day)) {
        keep(day, `public holiday ${monthDayLabel(md)}`);
        continue;
      }
      let target = shiftDay(day, 1);
      while (isWeekend(target) || isStatutoryDayOff(target, laws) || taken.has(target)) target = shiftDay(target, 1);
      taken.add(target);
      keep(target, `${monthDayLabel(md)} ${y} falls on a ${WEEKDAYS[weekdayOf(day)]} and moves here`);
    }
    for (const md of laws.daysOffWithoutTransfer) keep(`${y}-${md}`, `${monthDayLabel(md)}, a day off`);
    const kurbanAit = laws.kurbanAit(y);
    if (kurbanAit) keep(kurbanAit, "Kurban Ait");
  }
  return reasons;
}

interface YearProblem {
  path: (string | number)[];
  message: string;
}

/** Checks one year's entry against the rule: its dates, its extras, and its explicit list of days off. */
function checkYear(year: number, entry: CalendarYear, laws: Laws): YearProblem[] {
  const problems: YearProblem[] = [];
  const outside = (field: string, days: readonly string[]) =>
    days.forEach((day, i) => {
      if (yearOf(day) !== year) problems.push({ path: [field, i], message: `${day} is not in ${year}` });
    });
  outside("extraDaysOff", entry.extraDaysOff);
  outside("extraWorkingDays", entry.extraWorkingDays);
  outside("daysOff", entry.daysOff);
  if (yearOf(entry.kurbanAit.date) !== year)
    problems.push({ path: ["kurbanAit", "date"], message: `${entry.kurbanAit.date} is not in ${year}` });
  if (entry.status === "official" && entry.kurbanAit.status === "provisional")
    problems.push({ path: ["kurbanAit", "status"], message: "an official year cannot have a provisional Kurban Ait date" });
  for (const field of ["extraDaysOff", "extraWorkingDays", "daysOff"] as const)
    for (const day of duplicates(entry[field])) problems.push({ path: [field], message: `${day} is listed twice` });
  if (problems.length > 0) return problems;

  const byRule = statutoryWeekdaysOff(year, laws);
  entry.extraDaysOff.forEach((day, i) => {
    const already = isWeekend(day) ? `a ${WEEKDAYS[weekdayOf(day)]}` : byRule.get(day);
    if (already) problems.push({ path: ["extraDaysOff", i], message: `${day} is already a day off (${already})` });
  });
  entry.extraWorkingDays.forEach((day, i) => {
    if (!isWeekend(day) && !byRule.has(day))
      problems.push({ path: ["extraWorkingDays", i], message: `${day} is already a working day` });
  });
  const expected = new Map(byRule);
  for (const day of entry.extraDaysOff) expected.set(day, "an extra day off listed in extraDaysOff");
  for (const day of entry.extraWorkingDays) expected.delete(day);
  const listed = new Set(entry.daysOff);
  entry.daysOff.forEach((day, i) => {
    if (isWeekend(day))
      problems.push({ path: ["daysOff", i], message: `${day} is a ${WEEKDAYS[weekdayOf(day)]}: list only Monday-Friday days off` });
    else if (!expected.has(day))
      problems.push({
        path: ["daysOff", i],
        message: `${day} is neither a holiday by the rule nor in extraDaysOff (add it to extraDaysOff if a ministry order made it a day off)`,
      });
  });
  for (const [day, reason] of [...expected].sort(([a], [b]) => a.localeCompare(b)))
    if (!listed.has(day)) problems.push({ path: ["daysOff"], message: `${day} is missing: ${reason}` });
  return problems;
}

/** Validates the parsed calendar.yaml, or throws a CatalogError naming the file, entry and field of every problem. */
export function parseCalendar(raw: unknown): CalendarData {
  const problems: string[] = [];
  const data = parseFile(calendarSchema, FILE, raw, problems);
  if (!data || !parseFile(crossChecks, FILE, data, problems)) throw new CatalogError(problems);
  return data;
}

// ---------------------------------------------------------------------------------------------
// The working calendar

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
  const knownYears = Object.keys(data.years).map(Number).sort((a, b) => a - b);
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
    const ms = ((local.getHours() * 60 + local.getMinutes()) * 60 + local.getSeconds()) * 1000 + local.getMilliseconds();
    return { day, ms };
  };
  const instantOf = (day: string, msOfDay: number): Date => {
    requireDay(day);
    const minutes = Math.floor(msOfDay / MINUTE_MS);
    const local = new TZDate(yearOf(day), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), Math.floor(minutes / 60), minutes % 60, timeZone);
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
