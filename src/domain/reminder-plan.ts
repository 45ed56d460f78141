/**
 * Which reminders the responsible officer gets for a pre-application, and when.
 *
 * Pure: the plan is made once, when the pre-application is created, from its submission time, its
 * processing time and its stored deadline; closing the pre-application cancels what is still pending.
 * Every planned instant is office time of a working day (the start of office hours counts as inside),
 * strictly after the submission, and no two reminders share an instant.
 *
 * The rules:
 * - Day units (working and calendar days), whose deadline is the end of office hours of its last day:
 *   - `at_deadline` ("due today") at the start of office hours of the last working day on or before the
 *     deadline's day. The deadline itself (18:30) is the moment the office closes, so a reminder there
 *     could only be read the next morning, when it is already overdue; the morning of the last day
 *     leaves the officer the whole day. When the last day is a day off (calendar days ending on a
 *     weekend or holiday), the office is closed on it, so the last working day before it is "today".
 *   - `before_deadline` at the start of office hours of the working day before that: the morning is
 *     when an officer plans the day, it leaves two full working days to finish, and it puts every
 *     day-unit reminder at the same time of day, so they arrive together as one morning message.
 * - Minute units (30 minutes, 20 minutes), whose deadline falls inside office hours:
 *   - `half_time` when half the processing time has run in working minutes; when that moment is the
 *     start of the break or the end of the day, the next office start, at which still exactly half
 *     the working time has run.
 *   - `at_deadline` at the deadline itself, or, when the deadline is the very end of an office span
 *     (13:00 or 18:30, when nobody is at work), one minute before it: a "due now" reminder must come
 *     while the result can still be on time.
 * - Overdue (any unit): at the start of office hours of each working day after the deadline's day,
 *   at most MAX_OVERDUE_REMINDERS of them; the deadline is the overdue boundary (isOverdue), so these
 *   are the only reminders after it.
 * - A reminder whose moment is not after the submission is dropped (a 1-working-day filing made at
 *   10:00 gets no `before_deadline` at 09:00 that morning); when two fall on the same instant, only
 *   the more urgent kind is kept (overdue > at_deadline > half_time > before_deadline).
 */
import type { WorkCalendar } from "./calendar.js";
import type { ProcessingTime } from "./catalog.js";

export const REMINDER_KINDS = ["before_deadline", "half_time", "at_deadline", "overdue"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Whether a queued job's kind is one of the reminders (rather than a notification). */
export function isReminderKind(kind: string): kind is ReminderKind {
  return (REMINDER_KINDS as readonly string[]).includes(kind);
}

export interface PlannedReminder {
  kind: ReminderKind;
  /** 1 for the one-off kinds; 1, 2, ... along the overdue series. With the kind, it names the reminder. */
  seq: number;
  dueAt: Date;
}

/** Overdue reminders stop after this many working days, even if the pre-application is still open. */
export const MAX_OVERDUE_REMINDERS = 10;

const URGENCY: Readonly<Record<ReminderKind, number>> = { before_deadline: 0, half_time: 1, at_deadline: 2, overdue: 3 };
const MINUTE_MS = 60_000;

/**
 * All reminders for a pre-application submitted at `submittedAt` with this processing time, sorted by
 * due time. `deadline` is the one stored with it: `calendar.deadline(submittedAt, time).at`.
 */
export function planReminders(calendar: WorkCalendar, submittedAt: Date, time: ProcessingTime, deadline: Date): PlannedReminder[] {
  const candidates = [
    ...(time.unit === "minutes" ? minuteReminders(calendar, submittedAt, time.value, deadline) : dayReminders(calendar, deadline)),
    ...overdueReminders(calendar, deadline),
  ];
  const ordered = candidates
    .filter((reminder) => reminder.dueAt.getTime() > submittedAt.getTime())
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || URGENCY[b.kind] - URGENCY[a.kind]);
  // The most urgent of each instant sorts first; the others at that instant are dropped.
  return ordered.filter((reminder, i) => i === 0 || ordered[i - 1]!.dueAt.getTime() !== reminder.dueAt.getTime());
}

function dayReminders(calendar: WorkCalendar, deadline: Date): PlannedReminder[] {
  const lastDay = calendar.localDayOf(deadline);
  const lastWorkingDay = calendar.isWorkingDay(lastDay) ? lastDay : calendar.previousWorkingDay(lastDay);
  return [
    { kind: "before_deadline", seq: 1, dueAt: calendar.officeStartOf(calendar.previousWorkingDay(lastWorkingDay)) },
    { kind: "at_deadline", seq: 1, dueAt: calendar.officeStartOf(lastWorkingDay) },
  ];
}

function minuteReminders(calendar: WorkCalendar, submittedAt: Date, minutes: number, deadline: Date): PlannedReminder[] {
  const halfTime = calendar.nextOfficeStart(calendar.addWorkingMinutes(submittedAt, minutes / 2));
  const dueNow = new Date(calendar.isOfficeTime(deadline) ? deadline.getTime() : deadline.getTime() - MINUTE_MS);
  return [
    { kind: "half_time", seq: 1, dueAt: halfTime },
    { kind: "at_deadline", seq: 1, dueAt: dueNow },
  ];
}

function overdueReminders(calendar: WorkCalendar, deadline: Date): PlannedReminder[] {
  const reminders: PlannedReminder[] = [];
  let day = calendar.localDayOf(deadline);
  for (let seq = 1; seq <= MAX_OVERDUE_REMINDERS; seq++) {
    day = calendar.nextWorkingDay(day);
    reminders.push({ kind: "overdue", seq, dueAt: calendar.officeStartOf(day) });
  }
  return reminders;
}
