/**
 * calendar.yaml: its schema and the loader that validates already-parsed YAML, naming the file, entry
 * and field of every problem, the law's cross-checks (calendar-law.ts) included.
 */
import { z } from "zod";
import { CatalogError, parseFile } from "./catalog.js";
import { lawsOf, statutoryWeekdaysOff, type Laws } from "./calendar-law.js";
import { clockToMinutes, DAY_PATTERN, isRealDay, isWeekend, weekdayOf, WEEKDAYS, yearOf } from "./local-date.js";

const FILE = "calendar.yaml";

export const YEAR_STATUSES = ["official", "provisional"] as const;
/** official = the labour ministry's list for the year is out and entered; provisional = the rule only. */
export type YearStatus = (typeof YEAR_STATUSES)[number];

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
    if (start >= end)
      ctx.addIssue({ code: "custom", path: ["end"], message: "the office day must end after it starts" });
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
  // The list of canonical zone names first: constructing a DateTimeFormat pages in ICU's date-formatting
  // data (about 6 MiB of Node's binary) at start-up, before any date is ever shown. Names the list leaves
  // out (aliases such as UTC or Etc/UTC) still go to the formatter, which knows them.
  if (Intl.supportedValuesOf("timeZone").includes(zone)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const calendarSchema = z.strictObject({
  timeZone: z.string().refine(isValidTimeZone, "not a time zone known to this Node (an IANA name like Asia/Almaty)"),
  officeHours: officeHoursSchema,
  /** Public holidays ("MM-DD"); one falling on a weekend moves to the next working day. */
  publicHolidays: z.array(monthDay).min(1),
  /** Days off ("MM-DD") that stay where they are when they fall on a weekend (7 January). */
  daysOffWithoutTransfer: z.array(monthDay).default([]),
  years: z.record(z.string(), yearSchema).superRefine((years, ctx) => {
    for (const key of Object.keys(years))
      if (!/^(19|20|21)\d\d$/.test(key))
        ctx.addIssue({ code: "custom", path: [key], message: "not a four-digit year" });
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
    for (const md of duplicates(list))
      ctx.addIssue({ code: "custom", path: [field], message: `"${md}" is listed twice` });
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

/** The values of `values` that occur more than once (each repeat listed). */
function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
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
    problems.push({
      path: ["kurbanAit", "status"],
      message: "an official year cannot have a provisional Kurban Ait date",
    });
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
      problems.push({
        path: ["daysOff", i],
        message: `${day} is a ${WEEKDAYS[weekdayOf(day)]}: list only Monday-Friday days off`,
      });
    else if (!expected.has(day))
      problems.push({
        path: ["daysOff", i],
        message: `${day} is neither a holiday by the rule nor in extraDaysOff (add it to extraDaysOff if a ministry order made it a day off)`,
      });
  });
  // ISO days sort by code unit (localeCompare would page in ICU's collation data for nothing).
  for (const [day, reason] of [...expected].sort(([a], [b]) => (a < b ? -1 : 1)))
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
