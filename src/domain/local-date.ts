/**
 * Local dates of the calendar: "YYYY-MM-DD" strings in the calendar's time zone. Their arithmetic runs
 * on UTC midnights so that the machine's own zone never leaks in; converting between an instant and a
 * local wall-clock time is the working calendar's job (calendar.ts), with the zone from the YAML.
 */

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;
export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayToUtcMs(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) return Number.NaN;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, date);
  // Date.UTC rolls 30 February over into March; a real date survives the round trip.
  return utcMsToDay(ms) === day ? ms : Number.NaN;
}

export function utcMsToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isRealDay(day: string): boolean {
  return !Number.isNaN(dayToUtcMs(day));
}

export function requireDay(day: string): number {
  const ms = dayToUtcMs(day);
  if (Number.isNaN(ms)) throw new RangeError(`Not a local date "YYYY-MM-DD": ${JSON.stringify(day)}`);
  return ms;
}

export function shiftDay(day: string, days: number): string {
  return utcMsToDay(requireDay(day) + days * DAY_MS);
}

export function weekdayOf(day: string): number {
  return new Date(requireDay(day)).getUTCDay();
}

export function isWeekend(day: string): boolean {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
}

export function yearOf(day: string): number {
  return Number(day.slice(0, 4));
}

/** "03-21" as "21 March", for messages a non-programmer reads. */
export function monthDayLabel(monthDay: string): string {
  return `${Number(monthDay.slice(3, 5))} ${MONTHS[Number(monthDay.slice(0, 2)) - 1] ?? monthDay}`;
}

export function clockToMinutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}
