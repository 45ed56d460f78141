/**
 * Start-up upgrade of pre-applications stored before version 2 (see upgradeRecord in the domain): each is
 * rewritten in the new shape with its indexes, and its reminders are planned again under the new rules
 * (the old plan's are cancelled). Idempotent and safe with several instances starting at once.
 */
import type { AppDeps } from "./ports.js";
import { replan } from "./schedule.js";

/** Upgrades what is left in the old format; returns how many records were upgraded. */
export async function upgradeStoredRecords(deps: AppDeps): Promise<number> {
  const upgraded = await deps.stores.preApplications.upgradeLegacy(deps.clock.now());
  for (const app of upgraded) await replan(deps, app);
  if (upgraded.length > 0) deps.log.info({ count: upgraded.length }, "pre-applications upgraded to record version 2");
  return upgraded.length;
}
