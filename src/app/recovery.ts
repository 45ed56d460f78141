/**
 * The recovery pass: plans the reminders a request should have and does not, because the step that
 * plans them after a change failed (Redis away between storing the change and planning, an instance
 * dying there). Changes and creations are stored first and planned after (preapplications.ts); this pass,
 * run at start-up and every RECOVERY_INTERVAL_MS on every instance, makes "planned after" true.
 *
 * Why a pass over the open requests rather than planning inside the create and change scripts: the plan
 * needs the calendar, the desk's settings, covers and links (schedule.ts), which the store's Lua cannot
 * compute; and a pass over what is stored also repairs whatever else left a plan short (a replan of an
 * officer's queue cut off half-way, a Redis restored from an older snapshot). It only adds: each
 * reminder's id is deterministic and the queue ignores ids that are pending or were delivered (the
 * tombstones last 60 days), so the pass is idempotent, sends nothing twice, and several instances may run
 * it at once. A reminder queued by an older plan that no longer fits stays and is dropped at send time,
 * as every reminder is re-checked then (reminders.ts).
 *
 * It plans from the request's last step, or RECOVERY_LOOKBACK_MS ago if that is later, so a reminder
 * whose moment passed while the plan was missing is still said (late), and nothing older comes back.
 * The "new pre-application" notice needs no recovery: it is queued before the record is stored.
 */
import type { AppDeps } from "./ports.js";
import { remindersOf } from "./schedule.js";

/** How often every instance runs the pass. */
export const RECOVERY_INTERVAL_MS = 5 * 60_000;
/** How far back the pass plans reminders whose moment passed while the plan was missing. */
export const RECOVERY_LOOKBACK_MS = 60 * 60_000;
const PAGE = 100;

/** Plans what every open request is missing; returns how many reminders were added (0 when nothing was missing). */
export async function recoverPlans(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  let added = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.stores.preApplications.listOpen({ offset, limit: PAGE });
    for (const app of page.items) {
      const since = Math.max(app.history.at(-1)?.at ?? app.createdAt, now - RECOVERY_LOOKBACK_MS);
      const reminders = await remindersOf(deps, app, since);
      if (reminders.length > 0) added += await deps.stores.reminders.schedule(reminders);
    }
    if (page.items.length === 0 || offset + PAGE >= page.total) break;
  }
  if (added > 0) deps.log.warn({ added }, "recovery pass planned missing reminders");
  return added;
}
