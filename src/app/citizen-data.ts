/** The citizen's right to erasure: everything of theirs goes, and owners hear what was withdrawn. */
import { isClosedStatus } from "../domain/preapplication.js";
import { citizenJobsKey, erasedJobs, IMMEDIATE_SEND_GRACE_MS, sendQueued, withdrawnJobsKey } from "./notifications.js";
import type { AppDeps } from "./ports.js";
import { handlerAt } from "./routing.js";

/**
 * Deletes the citizen's pre-applications (with their reminders, every notice still queued for the
 * citizen and the record of any that failed for good, so nothing keeps their chat after the record) and
 * session; whoever handles the ones still open
 * (the owner, their substitute, or the admins) is told they were withdrawn, through the durable queue.
 * Returns how many pre-applications were deleted.
 *
 * The owners' notices are queued right after the deletion, not before: a notice of an erasure speaks when
 * the record is gone, and one queued before a deletion that then failed would be spent (said nothing)
 * before the citizen tried again. A cancel whose "withdrawn" notice is still waiting for a retry is taken
 * over here (its own job would find no record and say nothing), for the accounts still waiting for it
 * only, so each hears it once.
 */
export async function deleteCitizenData(deps: AppDeps, userId: number): Promise<number> {
  const { stores, log } = deps;
  const deleted = await stores.preApplications.deleteCitizen(userId);
  const now = deps.clock.now();
  const notices = [];
  for (const app of deleted) {
    await stores.reminders.cancelFor(app.id);
    await stores.reminders.cancelFor(citizenJobsKey(app.id));
    // A closed request was withdrawn by its cancel: only the accounts whose "withdrawn" still waited hear it.
    const cancelNotYetSaid = (await stores.reminders.cancelFor(withdrawnJobsKey(app.id))).map((job) => job.chatId);
    if (isClosedStatus(app.status)) {
      notices.push(...erasedJobs(app, cancelNotYetSaid, now + IMMEDIATE_SEND_GRACE_MS));
      continue;
    }
    const users =
      app.ownerId === undefined ? [] : await stores.officerLinks.usersOf(await handlerAt(deps, app.ownerId, now));
    notices.push(...erasedJobs(app, users.length > 0 ? users : deps.config.adminIds, now + IMMEDIATE_SEND_GRACE_MS));
  }
  if (notices.length > 0) await stores.reminders.schedule(notices);
  await sendQueued(deps, notices);
  // A notice that failed for good (the bot blocked) is recorded with its chat; the citizen's go too.
  await stores.reminders.forgetFailuresOf(userId);
  await stores.sessions.delete(String(userId));
  log.info({ count: deleted.length }, "citizen data deleted on request");
  return deleted.length;
}
