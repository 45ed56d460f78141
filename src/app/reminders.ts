/**
 * Reminder delivery, for the worker in src/reminders/: decides which of one chat's due reminders still
 * matter and tells the person, in their language. Statuses, owners, covers and links change after
 * reminders are planned, so each one is re-checked at send time: the request still in the state the
 * reminder is about, and the chat still among the people who should hear it. The morning digest is one
 * of the reminders; when it is due with others, the digest (which lists them) is the one message sent.
 */
import type { WorkCalendar } from "../domain/calendar.js";
import { handlerOn } from "../domain/desk.js";
import { isClosedStatus, isOverdue, nextDeadline, type PreApplication } from "../domain/preapplication.js";
import { AUDIENCE, stillRelevant, URGENCY, type ReminderKind } from "../domain/reminder-plan.js";
import { localeOf } from "./notify.js";
import type { AppDeps, DeliveryOutcome, Digest, DueReminder } from "./ports.js";
import { actorOf, recipientsAt } from "./routing.js";
import { scheduleDigest } from "./schedule.js";

/** One chat's claimed reminders (the worker's ChatDelivery). */
export interface DueForChat {
  chatId: number;
  reminders: readonly { preappId: string; kind: ReminderKind; dueAt: number }[];
}

/** How many requests a digest lists before pointing to the queue. */
export const DIGEST_MAX = 10;

/** The reminders worth sending to the chat, split by who they are for, with the most urgent kind per request. */
export async function dueReminders(
  deps: Pick<AppDeps, "stores" | "config" | "calendar" | "clock">,
  delivery: DueForChat,
): Promise<{ staff: DueReminder[]; citizen: DueReminder[] }> {
  const { stores } = deps;
  const now = deps.clock.now();
  const best = new Map<string, { kind: ReminderKind; dueAt: number }>();
  for (const { preappId, kind, dueAt } of delivery.reminders) {
    if (kind === "digest") continue;
    const known = best.get(preappId);
    if (!known || URGENCY[kind] > URGENCY[known.kind]) best.set(preappId, { kind, dueAt });
  }
  const staff: DueReminder[] = [];
  const citizen: DueReminder[] = [];
  for (const [id, { kind, dueAt }] of best) {
    const app = await stores.preApplications.get(id);
    if (!app || isClosedStatus(app.status) || !stillRelevant(kind, app, dueAt, deps.calendar)) continue;
    const audience = AUDIENCE[kind];
    if (audience === "staff" || !(await recipientsAt(deps, app, audience, now)).includes(delivery.chatId)) continue;
    (audience === "citizen" ? citizen : staff).push({ app, kind });
  }
  return { staff, citizen };
}

/** Whether the clock of a request runs out on the local day `today`. */
function dueOn(calendar: WorkCalendar, app: PreApplication, today: string): boolean {
  const next = nextDeadline(app);
  return next !== undefined && calendar.localDayOf(new Date(next)) === today;
}

/** The digest of one staff member now, or undefined when they are no longer staff. */
export async function digestFor(deps: AppDeps, chatId: number): Promise<Digest | undefined> {
  const actor = await actorOf(deps, chatId);
  if (actor.kind === "citizen") return undefined;
  const now = deps.clock.now();
  const today = deps.calendar.localDayOf(new Date(now));
  const pick = (apps: readonly PreApplication[]) =>
    apps
      .filter((app) => isOverdue(app, now) || dueOn(deps.calendar, app, today))
      .sort((a, b) => (nextDeadline(a) ?? 0) - (nextDeadline(b) ?? 0));
  if (actor.kind === "admin") {
    const open = await deps.stores.preApplications.listOpen({ offset: 0, limit: 100 });
    const unowned = await deps.stores.preApplications.listUnowned({ offset: 0, limit: 1 });
    return { role: "admin", items: pick(open.items), unowned: unowned.total };
  }
  // Whoever handles a queue today gets its digest: the substitute during a cover, not the officer away.
  const covers = await deps.stores.covers.all();
  const mine: PreApplication[] = [];
  for (const officerId of actor.actsFor) {
    if (handlerOn(covers, officerId, today) !== actor.officerId) continue;
    mine.push(...(await deps.stores.preApplications.listOpenByOwner(officerId, { offset: 0, limit: 100 })).items);
  }
  return { role: "officer", items: pick(mine), unowned: 0 };
}

const worst = (a: DeliveryOutcome, b: DeliveryOutcome): DeliveryOutcome => (a === "ok" ? b : a);

/** Sends one chat's due reminders (one message for staff, one for a citizen); "ok" when nothing is left to say. */
export async function deliverReminders(deps: AppDeps, delivery: DueForChat): Promise<DeliveryOutcome> {
  const { staff, citizen } = await dueReminders(deps, delivery);
  const locale = await localeOf(deps, delivery.chatId);
  let outcome: DeliveryOutcome = "ok";
  if (delivery.reminders.some((r) => r.kind === "digest")) {
    const digest = await digestFor(deps, delivery.chatId);
    if (digest && (digest.items.length > 0 || digest.unowned > 0)) {
      outcome = (await deps.notifier.send(delivery.chatId, locale, { kind: "digest", digest })).outcome;
    } else if (staff.length > 0) {
      outcome = (await deps.notifier.send(delivery.chatId, locale, { kind: "reminder", due: staff })).outcome;
    }
    // Tomorrow's (or Monday's) digest: staff only; an unlinked officer's digests stop here.
    if (digest && outcome === "ok") await scheduleDigest(deps, delivery.chatId);
  } else if (staff.length > 0) {
    outcome = (await deps.notifier.send(delivery.chatId, locale, { kind: "reminder", due: staff })).outcome;
  }
  for (const { app } of citizen) {
    outcome = worst(
      outcome,
      (await deps.notifier.send(app.citizenChatId, app.citizenLocale, { kind: "appointment-reminder", app })).outcome,
    );
  }
  if (outcome !== "ok") deps.log.warn({ chatId: delivery.chatId, outcome }, "reminder not delivered");
  return outcome;
}

/** Whether a reminder may be sent now: null inside office hours, else when office hours next begin. */
export function officeHoursGate(calendar: WorkCalendar): (now: Date) => Date | null {
  return (now) => (calendar.isOfficeTime(now) ? null : calendar.nextOfficeStart(now));
}
