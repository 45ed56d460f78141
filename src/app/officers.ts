/**
 * Officers' Telegram users: linking one through an administrator's one-time invite, unlinking, and
 * covers (a substitute for a date range). Each of these changes who hears a request, so the reminders
 * of the officer's open requests are planned again.
 */
import type { Officer } from "../domain/catalog.js";
import { checkCover, type Cover, type CoverProblem } from "../domain/desk.js";
import { tellUser } from "./notify.js";
import type { AppDeps } from "./ports.js";
import { digestKey, replanOwnedBy, scheduleDigest } from "./schedule.js";

export type InviteResult = { ok: true; officer: Officer } | { ok: false; reason: "unknown" | "used" | "expired" };

/** Plans again the requests of an officer and of everyone they cover or who covers them. */
async function replanAround(deps: AppDeps, officerId: string): Promise<void> {
  const covers = await deps.stores.covers.all();
  const related = new Set([officerId]);
  for (const c of covers) {
    if (c.substituteId === officerId) related.add(c.officerId);
    if (c.officerId === officerId) related.add(c.substituteId);
  }
  for (const id of related) await replanOwnedBy(deps, id);
}

/** Redeems an officer invite for a Telegram user: links them, once, and routes their requests' reminders to them. */
export async function redeemOfficerInvite(deps: AppDeps, token: string, userId: number): Promise<InviteResult> {
  const result = await deps.stores.invites.redeem(token, deps.clock.now());
  if (!result.ok) return result;
  const officer = deps.catalog.officerById.get(result.officerId);
  // An invite for an officer since removed from the catalog is as good as none.
  if (!officer) return { ok: false, reason: "unknown" };
  await linkOfficerUser(deps, userId, officer.id);
  return { ok: true, officer };
}

/** Links a Telegram user to an officer (an invite, or an admin taking back an unlink), and routes reminders to them. */
export async function linkOfficerUser(deps: AppDeps, userId: number, officerId: string): Promise<void> {
  await deps.stores.officerLinks.link(userId, officerId);
  await replanAround(deps, officerId);
  await scheduleDigest(deps, userId);
  deps.log.info({ officerId }, "officer linked");
}

/** Unlinks every Telegram user of the officer and tells each of them; their reminders go to whoever is left (or the admins). */
export async function unlinkOfficer(deps: AppDeps, officer: Officer): Promise<number[]> {
  const users = await deps.stores.officerLinks.unlink(officer.id);
  for (const userId of users) {
    await deps.stores.reminders.cancelFor(digestKey(userId));
    await tellUser(deps, userId, { kind: "unlinked", officerName: officer.name });
  }
  await replanAround(deps, officer.id);
  return users;
}

export type CoverResult = { ok: true; cover: Cover } | { ok: false; reason: CoverProblem };

/** Sets a cover (admins only; checked by the caller), tells both officers, and moves the reminders. */
export async function setCover(
  deps: AppDeps,
  adminId: number,
  cover: Pick<Cover, "officerId" | "substituteId" | "from" | "to">,
): Promise<CoverResult> {
  const now = deps.clock.now();
  const problem = checkCover(
    deps.catalog,
    await deps.stores.covers.all(),
    cover,
    deps.calendar.localDayOf(new Date(now)),
  );
  if (problem) return { ok: false, reason: problem };
  const full: Cover = { ...cover, setBy: adminId, setAt: now };
  const previous = (await deps.stores.covers.all()).find((c) => c.officerId === cover.officerId);
  await deps.stores.covers.set(full);
  deps.log.info(
    { officerId: cover.officerId, substituteId: cover.substituteId, from: cover.from, to: cover.to },
    "cover set",
  );
  await replanAround(deps, cover.officerId);
  if (previous && previous.substituteId !== cover.substituteId) await replanOwnedBy(deps, previous.substituteId);
  await tellCover(deps, full, false);
  return { ok: true, cover: full };
}

/** Removes an officer's cover: their requests come back to them at once. */
export async function removeCover(deps: AppDeps, officerId: string): Promise<Cover | undefined> {
  const removed = await deps.stores.covers.remove(officerId);
  if (!removed) return undefined;
  deps.log.info({ officerId }, "cover removed");
  await replanOwnedBy(deps, officerId);
  await tellCover(deps, removed, true);
  return removed;
}

async function tellCover(deps: AppDeps, cover: Cover, removed: boolean): Promise<void> {
  const users = [
    ...(await deps.stores.officerLinks.usersOf(cover.officerId)),
    ...(await deps.stores.officerLinks.usersOf(cover.substituteId)),
  ];
  const notice = {
    kind: "cover",
    officerId: cover.officerId,
    substituteId: cover.substituteId,
    from: cover.from,
    to: cover.to,
    removed,
  } as const;
  for (const userId of users) await tellUser(deps, userId, notice);
}
