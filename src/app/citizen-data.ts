/** The citizen's right to erasure: everything of theirs goes, and owners hear what was withdrawn. */
import { isClosedStatus } from "../domain/preapplication.js";
import { tellUser } from "./notify.js";
import type { AppDeps } from "./ports.js";
import { handlerAt } from "./routing.js";

/**
 * Deletes the citizen's pre-applications (with their reminders) and session; whoever handles the ones
 * still open (the owner, their substitute, or the admins) is told they were withdrawn. Returns how many
 * pre-applications were deleted.
 */
export async function deleteCitizenData(deps: AppDeps, userId: number): Promise<number> {
  const { stores, log } = deps;
  const deleted = await stores.preApplications.deleteCitizen(userId);
  for (const app of deleted) await stores.reminders.cancelFor(app.id);
  const now = deps.clock.now();
  for (const app of deleted.filter((a) => !isClosedStatus(a.status))) {
    const users =
      app.ownerId === undefined ? [] : await stores.officerLinks.usersOf(await handlerAt(deps, app.ownerId, now));
    for (const chatId of users.length > 0 ? users : deps.config.adminIds)
      await tellUser(deps, chatId, { kind: "withdrawn", ref: app.ref });
  }
  await stores.sessions.delete(String(userId));
  log.info({ count: deleted.length }, "citizen data deleted on request");
  return deleted.length;
}
