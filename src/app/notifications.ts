/**
 * The "new pre-application" message rides the durable job queue (store/reminder-queue.ts), like the
 * reminders: an announcement schedules one job per person who should hear it and tries to send at once;
 * a send that fails leaves the job to the reminder worker, which retries it with backoff, pacing and the
 * global send budget until it is delivered or the chat is gone for good.
 *
 * Who hears it is the desk's routing (routing.ts): the owner's linked users, or their substitute's
 * during a cover, or the admins (as "needs an owner") when nobody can hear it. The worker checks again
 * at send time, so a job whose chat is no longer responsible for the request (reassigned, unlinked,
 * cover ended) is dropped, and the message says what the request is for that chat now.
 *
 * The request is named in the job's payload, not its `preappId`: planning a request's reminders again
 * (after every change, link or cover) cancels everything queued under its id, and an announcement still
 * waiting for a retry must survive that.
 *
 * The promise: each job is scheduled exactly once (its id is deterministic), and the message is
 * delivered at least once; it is sent twice only if an instance dies between Telegram taking the message
 * and the job being marked done (one Redis call), or when one batch holds two of these jobs for one
 * chat and the second send fails (the first is sent again with the retry).
 */
import { isClosedStatus, type PreApplication } from "../domain/preapplication.js";
import type { Job } from "../store/reminders.js";
import { localeOf, tellUser } from "./notify.js";
import type { AppDeps, DeliveryOutcome, Notice } from "./ports.js";
import { handlerAt, recipientsAt } from "./routing.js";

/** How long the worker leaves a fresh job to the immediate send before it takes it over. */
export const IMMEDIATE_SEND_GRACE_MS = 60_000;

/** What a job carries: the request, and whether an admin assigned it (rather than it being new). */
interface AnnouncementPayload {
  about: string;
  assigned: boolean;
}

function payloadOf(job: { payload?: unknown }): AnnouncementPayload | undefined {
  const payload = job.payload as Partial<AnnouncementPayload> | undefined;
  return typeof payload?.about === "string" ? { about: payload.about, assigned: payload.assigned === true } : undefined;
}

/**
 * The job of telling one user about a request: new (once per user), or assigned (once per assignment,
 * named by the history's length, so assigning the same officer again announces again).
 */
export function newPreApplicationJob(app: PreApplication, userId: number, dueAt: number, assigned = false): Job {
  const id = assigned ? `${app.id}:assigned:${app.history.length}:${userId}` : `${app.id}:new:${userId}`;
  const payload: AnnouncementPayload = { about: app.id, assigned };
  return { id, dueAt, chatId: userId, kind: "officer_new_preapplication", payload: { ...payload } };
}

/** What the request is to the chat now: theirs (new or assigned), the admins' to assign, or nothing. */
async function noticeFor(
  deps: AppDeps,
  app: PreApplication,
  chatId: number,
  assigned: boolean,
  now: number,
): Promise<Notice | undefined> {
  if (isClosedStatus(app.status) || !(await recipientsAt(deps, app, "owner", now)).includes(chatId)) return undefined;
  if (
    app.ownerId !== undefined &&
    (await deps.stores.officerLinks.usersOf(await handlerAt(deps, app.ownerId, now))).includes(chatId)
  ) {
    return { kind: "new-preapplication", app, assigned };
  }
  return { kind: "needs-owner", app };
}

/**
 * Tells whoever handles the request now that it is theirs, or the admins that it needs an owner: one
 * durable job each, sent at once; the job is done if that send went through, else the worker takes it.
 */
export async function announce(deps: AppDeps, app: PreApplication, assigned: boolean): Promise<void> {
  const now = deps.clock.now();
  const users = await recipientsAt(deps, app, "owner", now);
  if (
    app.ownerId === undefined ||
    !(await deps.stores.officerLinks.usersOf(await handlerAt(deps, app.ownerId, now))).length
  ) {
    deps.log.warn({ ref: app.ref, ownerId: app.ownerId ?? null }, "request needs an owner; admins told");
  }
  const jobs = users.map((userId) => newPreApplicationJob(app, userId, now + IMMEDIATE_SEND_GRACE_MS, assigned));
  if (jobs.length === 0) return;
  await deps.stores.reminders.schedule(jobs);
  for (const job of jobs) {
    const notice = await noticeFor(deps, app, job.chatId, assigned, now);
    if (!notice) continue;
    const sent = await tellUser(deps, job.chatId, notice);
    if (sent.outcome === "ok") await deps.stores.reminders.completeUnclaimed(job.id);
  }
}

/** One chat's due notification jobs, as the worker hands them over. */
export interface NotificationsForChat {
  chatId: number;
  reminders: readonly { kind: string; payload?: unknown }[];
}

/**
 * The worker's sender: tells the chat of each request still open and still theirs to hear about; stops
 * at the first failed send and reports it, so the worker retries the jobs.
 */
export async function deliverNotifications(deps: AppDeps, delivery: NotificationsForChat): Promise<DeliveryOutcome> {
  const locale = await localeOf(deps, delivery.chatId);
  const now = deps.clock.now();
  for (const job of delivery.reminders) {
    const payload = payloadOf(job);
    const app = payload === undefined ? undefined : await deps.stores.preApplications.get(payload.about);
    const notice = app && payload ? await noticeFor(deps, app, delivery.chatId, payload.assigned, now) : undefined;
    if (!notice) continue;
    const sent = await deps.notifier.send(delivery.chatId, locale, notice);
    if (sent.outcome !== "ok") {
      deps.log.warn(
        { chatId: delivery.chatId, outcome: sent.outcome, err: sent.error },
        "new pre-application notice not delivered; retried",
      );
      return sent.outcome;
    }
  }
  return "ok";
}
