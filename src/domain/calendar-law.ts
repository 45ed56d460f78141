/**
 * The law's rule for days off: which weekdays of a year are off before any ministry order (public
 * holidays, their weekend transfers, days off without transfer, Kurban Ait). Used by the loader (to
 * check each year's list against it) and by the working calendar (for years the YAML does not describe).
 */
import { isWeekend, monthDayLabel, shiftDay, weekdayOf, WEEKDAYS, yearOf } from "./local-date.js";

export interface Laws {
  publicHolidays: readonly string[];
  daysOffWithoutTransfer: readonly string[];
  kurbanAit(year: number): string | undefined;
}

/** The parts of calendar.yaml the rule reads (structural, so this file does not depend on the loader). */
export interface LawSource {
  publicHolidays: readonly string[];
  daysOffWithoutTransfer: readonly string[];
  years: Readonly<Record<string, { kurbanAit: { date: string } } | undefined>>;
}

export function lawsOf(data: LawSource): Laws {
  const publicHolidays = [...data.publicHolidays].sort();
  return {
    publicHolidays,
    daysOffWithoutTransfer: data.daysOffWithoutTransfer,
    kurbanAit: (year) => data.years[String(year)]?.kurbanAit.date,
  };
}

function isStatutoryDayOff(day: string, laws: Laws): boolean {
  const md = day.slice(5);
  return (
    laws.publicHolidays.includes(md) || laws.daysOffWithoutTransfer.includes(md) || laws.kurbanAit(yearOf(day)) === day
  );
}

/**
 * The weekdays of `year` that the law makes days off, each with the reason. A public holiday on a
 * Saturday or Sunday moves to the next Monday-Friday that is not itself a day off nor already taken by
 * an earlier move (Nauryz 2026: 21 March → 24, 22 March → 25). The previous year is walked too, in case
 * a late-December holiday ever moves into January.
 */
export function statutoryWeekdaysOff(year: number, laws: Laws): Map<string, string> {
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
