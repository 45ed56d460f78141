/**
 * The officer's "new pre-application" message rides the durable job queue (store/reminder-queue.ts),
 * like the deadline reminders: submit schedules one job per linked Telegram user and tries to send at
 * once; a send that fails leaves the job to the reminder worker, which retries it with backoff, pacing
 * and the global send budget until it is delivered or the chat is gone for good.
 *
 * The promise: each officer user's job is scheduled exactly once (its id is deterministic), and the
 * message is delivered at least once; it is sent twice only if an instance dies between Telegram taking
 * the message and the job being marked done (one Redis call), or when one batch holds two of these
 * jobs for one chat and the second send fails (the first is sent again with the retry).
 */
import { isClosedStatus, type PreApplication } from "../domain/preapplication.js";
import type { Job } from "../store/reminders.js";
import { localeOf, tellUser } from "./notify.js";
import type { AppDeps, DeliveryOutcome } from "./ports.js";

/** How long the worker leaves a fresh job to the immediate send before it takes it over. */
export const IMMEDIATE_SEND_GRACE_MS = 60_000;

/** The job of telling one officer user about a new pre-application. */
export function newPreApplicationJob(app: PreApplication, userId: number, dueAt: number): Job {
  return { id: `${app.id}:new:${userId}`, dueAt, chatId: userId, kind: "officer_new_preapplication", preappId: app.id };
}

/** Schedules the job, then sends at once; the job is done if that send went through, else the worker takes it. */
export async function notifyNewPreApplication(deps: AppDeps, app: PreApplication, userId: number): Promise<void> {
  const job = newPreApplicationJob(app, userId, deps.clock.now() + IMMEDIATE_SEND_GRACE_MS);
  await deps.stores.reminders.schedule([job]);
  const sent = await tellUser(deps, userId, { kind: "new-preapplication", app });
  if (sent.outcome === "ok") await deps.stores.reminders.completeUnclaimed(job.id);
}

/** One chat's due notification jobs, as the worker hands them over. */
export interface NotificationsForChat {
  chatId: number;
  reminders: readonly { preappId?: string | undefined; kind: string }[];
}

/**
 * The worker's sender: tells the chat of each pre-application still open and still its officer's; stops
 * at the first failed send and reports it, so the worker retries the jobs.
 */
export async function deliverNotifications(deps: AppDeps, delivery: NotificationsForChat): Promise<DeliveryOutcome> {
  const officerId = await deps.stores.officerLinks.officerOf(delivery.chatId);
  const locale = await localeOf(deps, delivery.chatId);
  for (const job of delivery.reminders) {
    const app = job.preappId === undefined ? undefined : await deps.stores.preApplications.get(job.preappId);
    if (!app || isClosedStatus(app.status) || app.officerId !== officerId) continue;
    const sent = await deps.notifier.send(delivery.chatId, locale, { kind: "new-preapplication", app });
    if (sent.outcome !== "ok") {
      deps.log.warn({ chatId: delivery.chatId, outcome: sent.outcome, err: sent.error }, "new pre-application notice not delivered; retried");
      return sent.outcome;
    }
  }
  return "ok";
}
