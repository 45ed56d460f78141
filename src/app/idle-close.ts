/**
 * Closing requests nothing happened to for IDLE_CLOSE_DAYS: the open ones get a retention too. The sweep
 * closes each as "expired" (the system's step, domain expireIdle), cancels its reminders, and tells the
 * citizen and whoever handles the request through the durable notification queue; from then on the
 * closed-retention purge (retention.ts) applies to it like to any closed request.
 *
 * Several instances may sweep at once. The close is the store's compare-and-set on the record's revision
 * (applyTransition), so exactly one of them closes it; only that one sends at once. The notices are
 * queued *before* the close, so an instance dying between the close and the queueing cannot lose them;
 * their ids and payloads carry the closing time each sweep proposed, and a notice is said only if the
 * record was closed at exactly that time (notifications.ts), so the notices of a sweep that lost the
 * race, or died before closing, say nothing. Each person hears it once.
 */
import { expireIdle, IDLE_CLOSE_JOB, isIdle, type PreApplication } from "../domain/preapplication.js";
import { closedIdleAudience, closedIdleJobs, IMMEDIATE_SEND_GRACE_MS } from "./notifications.js";
import { tellCitizen, tellUser } from "./notify.js";
import type { AppDeps } from "./ports.js";
import { recipientsAt } from "./routing.js";
import { replan } from "./schedule.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const PAGE = 100;
const SYSTEM = { kind: "system", job: IDLE_CLOSE_JOB } as const;

/** The open requests idle for longer than the limit, read in full before any is closed (closing shifts the pages). */
async function idleRequests(deps: AppDeps, now: number, limitMs: number): Promise<PreApplication[]> {
  const idle: PreApplication[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.stores.preApplications.listOpen({ offset, limit: PAGE });
    idle.push(...page.items.filter((app) => isIdle(app, now, limitMs)));
    if (page.items.length === 0 || offset + PAGE >= page.total) return idle;
  }
}

/** Closes one idle request and tells people; false when it was not idle any more or another instance closed it. */
async function closeIdle(deps: AppDeps, before: PreApplication, now: number, limitMs: number): Promise<boolean> {
  const result = expireIdle(before, SYSTEM, now, limitMs);
  if (!result.ok) return false;
  const app = result.app;
  const staff = await recipientsAt(deps, app, "owner", now);
  // Due a grace after *this* moment, not the sweep's start: a sweep over many requests takes a while, and a
  // notice already due when queued would be the worker's to send while this sweep sends it too.
  const jobs = closedIdleJobs(app, staff, deps.clock.now() + IMMEDIATE_SEND_GRACE_MS);
  await deps.stores.reminders.schedule(jobs);
  const stored = await deps.stores.preApplications.applyTransition(before, app);
  if (!stored.ok) return false;
  deps.log.info({ ref: app.ref, days: deps.config.idleCloseDays }, "idle pre-application closed by the system");
  await replan(deps, app);
  for (const job of jobs) {
    const to = closedIdleAudience(job) ?? "staff";
    const notice = { kind: "closed-idle", app, to } as const;
    const sent = to === "citizen" ? await tellCitizen(deps, app, notice) : await tellUser(deps, job.chatId, notice);
    if (sent.outcome === "ok") await deps.stores.reminders.completeUnclaimed(job.id);
  }
  return true;
}

/**
 * Closes every open request idle for longer than IDLE_CLOSE_DAYS; returns how many this instance closed.
 * Runs in office hours only, so nobody is told at night; a failure is logged and the next run tries again.
 */
export async function sweepIdle(deps: AppDeps): Promise<number> {
  try {
    const now = deps.clock.now();
    if (!deps.calendar.isOfficeTime(new Date(now))) return 0;
    const limitMs = deps.config.idleCloseDays * DAY_MS;
    let closed = 0;
    for (const app of await idleRequests(deps, now, limitMs)) if (await closeIdle(deps, app, now, limitMs)) closed++;
    return closed;
  } catch (error) {
    deps.log.warn({ err: (error as Error).message }, "idle sweep failed; it runs again later");
    return 0;
  }
}
