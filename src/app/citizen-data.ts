/** The citizen's right to erasure: everything of theirs goes, and officers hear what was withdrawn. */
import { isClosedStatus } from "../domain/preapplication.js";
import { tellOfficer } from "./notify.js";
import type { AppDeps } from "./ports.js";

/**
 * Deletes the citizen's pre-applications (with their reminders) and session; the officers of the ones
 * still open are told they were withdrawn. Returns how many pre-applications were deleted.
 */
export async function deleteCitizenData(deps: AppDeps, userId: number): Promise<number> {
  const { stores, log } = deps;
  const deleted = await stores.preApplications.deleteCitizen(userId);
  for (const app of deleted) await stores.reminders.cancelFor(app.id);
  for (const app of deleted.filter((a) => !isClosedStatus(a.status))) {
    await tellOfficer(deps, app.officerId, { kind: "withdrawn", ref: app.ref });
  }
  await stores.sessions.delete(String(userId));
  log.info({ count: deleted.length }, "citizen data deleted on request");
  return deleted.length;
}
