/**
 * Turns a request's reminder plan (domain/reminder-plan.ts) into queued reminders for the people who
 * should hear each one, and the staff's morning digest. Planning again is how reminders follow a change:
 * status, owner, cover, links, appointment. Ids are deterministic (request, kind, time, chat), so planning
 * twice adds nothing and a reminder already delivered is never sent again.
 */
import { timeForChannel } from "../domain/catalog.js";
import { isClosedStatus, type PreApplication } from "../domain/preapplication.js";
import { digestAt, planReminders } from "../domain/reminder-plan.js";
import type { Reminder } from "../store/reminders.js";
import type { AppDeps } from "./ports.js";
import { recipientsAt } from "./routing.js";

type ScheduleDeps = Pick<AppDeps, "catalog" | "calendar" | "desk" | "stores" | "config" | "clock">;

/** The reminders after `since` (now by default) for a request, one per person who should hear each. */
export async function remindersOf(
  deps: ScheduleDeps,
  app: PreApplication,
  since = deps.clock.now(),
): Promise<Reminder[]> {
  const service = deps.catalog.serviceById.get(app.serviceId);
  if (!service || isClosedStatus(app.status)) return [];
  const plan = planReminders(deps.calendar, {
    app,
    responseTime: deps.desk.responseTime(app.serviceId),
    officialTime: app.official ? timeForChannel(service, app.official.channel) : undefined,
    now: since,
  });
  const reminders: Reminder[] = [];
  for (const planned of plan) {
    const dueAt = planned.dueAt.getTime();
    for (const chatId of await recipientsAt(deps, app, planned.audience, dueAt)) {
      reminders.push({
        id: `${app.id}:${planned.kind}:${dueAt}:${chatId}`,
        dueAt,
        chatId,
        preappId: app.id,
        kind: planned.kind,
      });
    }
  }
  return reminders;
}

/** Replaces whatever is queued for the request by its plan as it stands now. */
export async function replan(deps: ScheduleDeps, app: PreApplication): Promise<void> {
  await deps.stores.reminders.cancelFor(app.id);
  const reminders = await remindersOf(deps, app);
  if (reminders.length > 0) await deps.stores.reminders.schedule(reminders);
}

/** Plans again every open request an officer owns (after a link, an unlink or a cover changed). */
export async function replanOwnedBy(deps: ScheduleDeps, officerId: string): Promise<number> {
  let count = 0;
  for (let offset = 0; ;) {
    const page = await deps.stores.preApplications.listOpenByOwner(officerId, { offset, limit: 100 });
    for (const app of page.items) await replan(deps, app);
    count += page.items.length;
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return count;
  }
}

/** The reminder-queue key of one person's digests, so unlinking can cancel them. */
export const digestKey = (chatId: number) => `digest-${chatId}`;

/** Queues the person's next morning digest (idempotent: one id per day and chat). */
export async function scheduleDigest(
  deps: Pick<AppDeps, "calendar" | "stores" | "clock">,
  chatId: number,
): Promise<void> {
  const dueAt = digestAt(deps.calendar, deps.clock.now()).getTime();
  await deps.stores.reminders.schedule([
    { id: `digest:${dueAt}:${chatId}`, dueAt, chatId, preappId: digestKey(chatId), kind: "digest" },
  ]);
}

/** Makes sure every admin and every linked officer has their next digest queued (at start-up). */
export async function ensureDigests(deps: Pick<AppDeps, "calendar" | "stores" | "clock" | "config">): Promise<void> {
  const links = await deps.stores.officerLinks.all();
  for (const chatId of new Set([...deps.config.adminIds, ...links.map((l) => l.userId)]))
    await scheduleDigest(deps, chatId);
}
