/**
 * Which reminders a pre-application gets, for whom, and when: two clocks, both in the department's
 * working time (calendar.yaml), plus the citizen's appointment. The plan depends only on the record, so
 * it is made again after every change (status, owner, appointment, cover) and whatever no longer fits
 * is cancelled; reminders are re-checked when they are sent, too.
 *
 * The response clock (status new; responseDueAt from desk.yaml, 1 working day by default):
 *   - `response_due` to the owner at the start of office hours of the day the promise runs out (the
 *     morning of its last day: the whole day is left to call). With a promise in minutes, the moment
 *     half of it has run in office time: the first moment worth a nudge on a short promise.
 *   - `response_late` to the owner and `response_escalation` to the admins when it has run out: at the
 *     promise itself if that is office time, else at the next start of office hours (18:30 → 09:00).
 * The official clock (status filed; official.dueAt from the service's processing time for the channel
 * the application was filed through, from the moment of filing):
 *   - days: `official_soon` at office start of the working day before the last working day, and
 *     `official_due` at office start of the last working day on or before the deadline's day.
 *   - minutes (a 30-minute certificate): `official_due` at the deadline, or one minute before it when
 *     the deadline is the very end of an office span (13:00, 18:30), while it can still be on time.
 *   - `official_overdue` to the owner and `official_escalation` to the admins once it has run out, as
 *     for the response clock.
 * The appointment (any open status): `appointment` to the citizen at office start of the working day
 * before the appointment's day.
 * Nothing runs while contacted (the citizen is preparing the filing), and nothing once closed.
 * A reminder whose moment is not after `now` (when the plan is made) is dropped; the daily digest
 * (digestAt) carries everything still due or overdue every working morning, so nothing repeats daily.
 */
import type { WorkCalendar } from "./calendar.js";
import type { ProcessingTime } from "./catalog.js";
import type { PreApplication } from "./preapplication.js";

export const REMINDER_KINDS = [
  "response_due",
  "response_late",
  "response_escalation",
  "official_soon",
  "official_due",
  "official_overdue",
  "official_escalation",
  "appointment",
  "digest",
  // Kinds planned before version 2; still parsed so stored failures can be listed, never planned again.
  "before_deadline",
  "half_time",
  "at_deadline",
  "overdue",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Who a reminder is for: the request's owner (whoever covers them then), the admins, or the citizen. */
export type Audience = "owner" | "admins" | "citizen";

export const AUDIENCE: Readonly<Record<ReminderKind, Audience | "staff">> = {
  response_due: "owner",
  response_late: "owner",
  response_escalation: "admins",
  official_soon: "owner",
  official_due: "owner",
  official_overdue: "owner",
  official_escalation: "admins",
  appointment: "citizen",
  digest: "staff",
  before_deadline: "owner",
  half_time: "owner",
  at_deadline: "owner",
  overdue: "owner",
};

/** Which kinds still matter for a request in this state (re-checked when a reminder is sent). */
export function stillRelevant(
  kind: ReminderKind,
  app: Pick<PreApplication, "status" | "appointment">,
  dueAt: number,
  calendar: WorkCalendar,
): boolean {
  switch (kind) {
    case "response_due":
    case "response_late":
    case "response_escalation":
      return app.status === "new";
    case "official_soon":
    case "official_due":
    case "official_overdue":
    case "official_escalation":
      return app.status === "filed";
    case "appointment":
      return (
        app.status !== "cancelled" &&
        app.appointment !== undefined &&
        appointmentReminderAt(calendar, app.appointment.at)?.getTime() === dueAt
      );
    default:
      return false;
  }
}

/** Whether a queued job's kind is one of the reminders (rather than a notification). */
export function isReminderKind(kind: string): kind is ReminderKind {
  return (REMINDER_KINDS as readonly string[]).includes(kind);
}

export interface PlannedReminder {
  kind: ReminderKind;
  audience: Audience;
  dueAt: Date;
}

/** Order of urgency when several reminders of one request are due at once: the most urgent is said. */
export const URGENCY: Readonly<Record<ReminderKind, number>> = {
  before_deadline: 0,
  half_time: 0,
  at_deadline: 0,
  overdue: 0,
  digest: 0,
  appointment: 1,
  official_soon: 2,
  response_due: 3,
  official_due: 4,
  response_late: 5,
  response_escalation: 5,
  official_overdue: 6,
  official_escalation: 6,
};

const MINUTE_MS = 60_000;

/** When a clock that runs out at `dueAt` is overdue enough to say so in office hours. */
function afterRunOut(calendar: WorkCalendar, dueAt: Date): Date {
  return calendar.nextOfficeStart(new Date(dueAt.getTime() + MINUTE_MS));
}

/** The reminder moment before a day-unit deadline: office start of its last working day, or of `daysBefore` working days earlier. */
function morningOf(calendar: WorkCalendar, dueAt: Date, daysBefore: number): Date {
  const lastDay = calendar.localDayOf(dueAt);
  const lastWorkingDay = calendar.isWorkingDay(lastDay) ? lastDay : calendar.previousWorkingDay(lastDay);
  return calendar.officeStartOf(calendar.addWorkingDays(lastWorkingDay, -daysBefore));
}

/** The citizen's reminder of an appointment: office start of the working day before its day. */
export function appointmentReminderAt(calendar: WorkCalendar, appointmentAt: number): Date {
  return calendar.officeStartOf(calendar.previousWorkingDay(calendar.localDayOf(new Date(appointmentAt))));
}

export interface PlanInput {
  app: Pick<PreApplication, "status" | "createdAt" | "responseDueAt" | "official" | "appointment">;
  /** The promise's unit: minutes get a half-time nudge, days a morning one. */
  responseTime: ProcessingTime;
  /** The processing time of the channel the application was filed through, once filed. */
  officialTime: ProcessingTime | undefined;
  /** When the plan is made: reminders not after it are dropped. */
  now: number;
}

/** Every reminder still ahead for the request, sorted by time. */
export function planReminders(calendar: WorkCalendar, input: PlanInput): PlannedReminder[] {
  const { app } = input;
  const plan: PlannedReminder[] = [];
  if (app.status === "new") {
    const due = new Date(app.responseDueAt);
    const nudge =
      input.responseTime.unit === "minutes"
        ? calendar.nextOfficeStart(calendar.addWorkingMinutes(new Date(app.createdAt), input.responseTime.value / 2))
        : morningOf(calendar, due, 0);
    plan.push({ kind: "response_due", audience: "owner", dueAt: nudge });
    const late = afterRunOut(calendar, due);
    plan.push(
      { kind: "response_late", audience: "owner", dueAt: late },
      { kind: "response_escalation", audience: "admins", dueAt: late },
    );
  }
  if (app.status === "filed" && app.official && input.officialTime) {
    const due = new Date(app.official.dueAt);
    if (input.officialTime.unit === "minutes") {
      plan.push({
        kind: "official_due",
        audience: "owner",
        dueAt: calendar.isOfficeTime(due) ? due : new Date(due.getTime() - MINUTE_MS),
      });
    } else {
      plan.push({ kind: "official_soon", audience: "owner", dueAt: morningOf(calendar, due, 1) });
      plan.push({ kind: "official_due", audience: "owner", dueAt: morningOf(calendar, due, 0) });
    }
    const late = afterRunOut(calendar, due);
    plan.push(
      { kind: "official_overdue", audience: "owner", dueAt: late },
      { kind: "official_escalation", audience: "admins", dueAt: late },
    );
  }
  if (app.appointment && (app.status === "new" || app.status === "contacted" || app.status === "filed")) {
    plan.push({ kind: "appointment", audience: "citizen", dueAt: appointmentReminderAt(calendar, app.appointment.at) });
  }
  return plan.filter((r) => r.dueAt.getTime() > input.now).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** The next morning digest after `now`: office start (09:00) of the next working day that has it ahead. */
export function digestAt(calendar: WorkCalendar, now: number): Date {
  const today = calendar.localDayOf(new Date(now));
  const start = calendar.officeStartOf(today);
  return calendar.isWorkingDay(today) && start.getTime() > now
    ? start
    : calendar.officeStartOf(calendar.nextWorkingDay(today));
}
