/**
 * Reminder delivery, for the worker in src/reminders/: decides which of one chat's due reminders still
 * matter and tells the officer, in their language. Statuses and links change after reminders are
 * planned, so each pre-application is re-checked at send time: still open, and the chat still belongs
 * to its officer. How Telegram's answers become outcomes is the notifier's business (src/bot).
 */
import type { WorkCalendar } from "../domain/calendar.js";
import { isClosedStatus } from "../domain/preapplication.js";
import type { ReminderKind } from "../domain/reminder-plan.js";
import { localeOf } from "./notify.js";
import type { AppDeps, DeliveryOutcome, DueReminder } from "./ports.js";

const URGENCY: Record<ReminderKind, number> = { before_deadline: 0, half_time: 1, at_deadline: 2, overdue: 3 };

/** One chat's claimed reminders (the worker's ChatDelivery). */
export interface DueForChat {
  chatId: number;
  reminders: readonly { preappId: string; kind: ReminderKind }[];
}

/** The reminders worth sending: per still-open pre-application of the chat's officer, the most urgent kind. */
export async function dueReminders(deps: Pick<AppDeps, "stores">, delivery: DueForChat): Promise<DueReminder[]> {
  const { stores } = deps;
  const officerId = await stores.officerLinks.officerOf(delivery.chatId);
  // After downtime one pre-application may have several reminders due: say only the most urgent.
  const kindByApp = new Map<string, ReminderKind>();
  for (const { preappId, kind } of delivery.reminders) {
    const known = kindByApp.get(preappId);
    if (!known || URGENCY[kind] > URGENCY[known]) kindByApp.set(preappId, kind);
  }
  const due: DueReminder[] = [];
  for (const [id, kind] of kindByApp) {
    const app = await stores.preApplications.get(id);
    if (app && !isClosedStatus(app.status) && app.officerId === officerId) due.push({ app, kind });
  }
  return due;
}

/** Sends one chat's due reminders as one message; "ok" when nothing is left to say. */
export async function deliverReminders(deps: AppDeps, delivery: DueForChat): Promise<DeliveryOutcome> {
  const due = await dueReminders(deps, delivery);
  if (due.length === 0) return "ok";
  const sent = await deps.notifier.send(delivery.chatId, await localeOf(deps, delivery.chatId), { kind: "reminder", due });
  if (sent.outcome !== "ok") deps.log.warn({ chatId: delivery.chatId, outcome: sent.outcome, err: sent.error }, "reminder not delivered");
  return sent.outcome;
}

/** Whether a reminder may be sent now: null inside office hours, else when office hours next begin. */
export function officeHoursGate(calendar: WorkCalendar): (now: Date) => Date | null {
  return (now) => (calendar.isOfficeTime(now) ? null : calendar.nextOfficeStart(now));
}
