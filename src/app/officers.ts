/**
 * Officers' Telegram users: linking one through an administrator's one-time invite (and scheduling the
 * reminders of the officer's open pre-applications for them), unlinking, and the reminder plan of one
 * pre-application for one officer's chat.
 */
import { timeForChannel, type Officer } from "../domain/catalog.js";
import { isClosedStatus, type PreApplication } from "../domain/preapplication.js";
import { planReminders } from "../domain/reminder-plan.js";
import type { Reminder } from "../store/reminders.js";
import { tellUser } from "./notify.js";
import type { AppDeps } from "./ports.js";

/** The reminders of one pre-application for one officer's chat; none once it is closed. */
export function remindersFor(deps: Pick<AppDeps, "catalog" | "calendar">, app: PreApplication, chatId: number): Reminder[] {
  const service = deps.catalog.serviceById.get(app.serviceId);
  if (!service || isClosedStatus(app.status)) return [];
  const time = timeForChannel(service, app.channel);
  return planReminders(deps.calendar, new Date(app.createdAt), time, new Date(app.deadlineAt)).map((planned) => ({
    id: `${app.id}:${planned.kind}:${planned.seq}:${chatId}`,
    dueAt: planned.dueAt.getTime(),
    chatId,
    preappId: app.id,
    kind: planned.kind,
    payload: { officerId: app.officerId },
  }));
}

/** Schedules the reminders of an officer's open pre-applications for a newly linked Telegram user. */
export async function scheduleForNewOfficerUser(deps: Pick<AppDeps, "catalog" | "calendar" | "stores">, officerId: string, userId: number): Promise<void> {
  let offset = 0;
  for (;;) {
    const page = await deps.stores.preApplications.listOpenByOfficer(officerId, { offset, limit: 100 });
    for (const app of page.items) await deps.stores.reminders.schedule(remindersFor(deps, app, userId));
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return;
  }
}

export type InviteResult = { ok: true; officer: Officer } | { ok: false; reason: "unknown" | "used" | "expired" };

/** Redeems an officer invite for a Telegram user: links them, once, and schedules their reminders. */
export async function redeemOfficerInvite(deps: AppDeps, token: string, userId: number): Promise<InviteResult> {
  const result = await deps.stores.invites.redeem(token, deps.clock.now());
  if (!result.ok) return result;
  const officer = deps.catalog.officerById.get(result.officerId);
  // An invite for an officer since removed from the catalog is as good as none.
  if (!officer) return { ok: false, reason: "unknown" };
  await deps.stores.officerLinks.link(userId, officer.id);
  await scheduleForNewOfficerUser(deps, officer.id, userId);
  deps.log.info({ officerId: officer.id }, "officer linked");
  return { ok: true, officer };
}

/** Unlinks every Telegram user of the officer and tells each of them; returns how many there were. */
export async function unlinkOfficer(deps: AppDeps, officer: Officer): Promise<number> {
  const users = await deps.stores.officerLinks.unlink(officer.id);
  for (const userId of users) await tellUser(deps, userId, { kind: "unlinked", officerName: officer.name });
  return users.length;
}
