/** The retention sweep: closed pre-applications past their retention leave every index. */
import type { AppDeps } from "./ports.js";

/** How often the sweep runs; it is idempotent, so every instance may run it. */
export const RETENTION_SWEEP_MS = 60 * 60 * 1000;

/** Removes what is past retention; a failure is logged and the next run tries again. Returns how many went. */
export async function sweepRetention(deps: Pick<AppDeps, "stores" | "clock" | "log">): Promise<number> {
  try {
    const purged = await deps.stores.preApplications.purgeExpired(deps.clock.now());
    if (purged > 0) deps.log.info({ purged }, "retention sweep removed closed pre-applications");
    return purged;
  } catch (error) {
    deps.log.warn({ err: (error as Error).message }, "retention sweep failed; it runs again later");
    return 0;
  }
}
