/**
 * The "new pre-application" message, and the "closed after a long time with nothing done" one (idle-close.ts),
 * ride the durable job queue (store/reminder-queue.ts), like the reminders: an announcement schedules one job per person who should hear it and tries to send at once;
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
import type { Locale } from "../domain/catalog.js";
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

/** What a closed-idle job carries: the request, who it is for, and the closing time its sweep proposed. */
interface ClosedIdlePayload {
  about: string;
  to: "citizen" | "staff";
  closedAt: number;
}

function closedIdlePayloadOf(job: { payload?: unknown }): ClosedIdlePayload | undefined {
  const payload = job.payload as Partial<ClosedIdlePayload> | undefined;
  return typeof payload?.about === "string" &&
    (payload.to === "citizen" || payload.to === "staff") &&
    typeof payload.closedAt === "number"
    ? { about: payload.about, to: payload.to, closedAt: payload.closedAt }
    : undefined;
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

/**
 * The jobs of telling the citizen and each of `staffUsers` that the system closed the request (`app` as
 * closed, not yet stored). The closing time is in the id: a sweep that proposes another closing time (a
 * concurrent one, or the next after a crash) queues other jobs, and only those matching the stored record speak.
 */
export function closedIdleJobs(app: PreApplication, staffUsers: readonly number[], dueAt: number): Job[] {
  const closedAt = app.closedAt ?? 0;
  const job = (chatId: number, to: ClosedIdlePayload["to"], name: string): Job => {
    const payload: ClosedIdlePayload = { about: app.id, to, closedAt };
    return {
      id: `${app.id}:closed-idle:${closedAt}:${name}`,
      dueAt,
      chatId,
      kind: "preapplication_closed_idle",
      payload: { ...payload },
    };
  };
  return [
    job(app.citizenChatId, "citizen", "citizen"),
    ...staffUsers.map((userId) => job(userId, "staff", String(userId))),
  ];
}

/** Who a closed-idle job is for, read back from its payload. */
export function closedIdleAudience(job: { payload?: unknown }): ClosedIdlePayload["to"] | undefined {
  return closedIdlePayloadOf(job)?.to;
}

/** The closed-idle notice a job still has to say to the chat, with its language; undefined when nothing. */
async function closedIdleNotice(
  deps: AppDeps,
  job: { payload?: unknown },
  chatId: number,
  now: number,
): Promise<{ notice: Notice; locale: Locale } | undefined> {
  const payload = closedIdlePayloadOf(job);
  const app = payload && (await deps.stores.preApplications.get(payload.about));
  if (!payload || !app || app.status !== "expired" || app.closedAt !== payload.closedAt) return undefined;
  if (payload.to === "citizen")
    return chatId === app.citizenChatId
      ? { notice: { kind: "closed-idle", app, to: "citizen" }, locale: app.citizenLocale }
      : undefined;
  if (!(await recipientsAt(deps, app, "owner", now)).includes(chatId)) return undefined;
  return { notice: { kind: "closed-idle", app, to: "staff" }, locale: await localeOf(deps, chatId) };
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

/** The new-request notice a job still has to say to the chat, with its language; undefined when nothing. */
async function newRequestNotice(
  deps: AppDeps,
  job: { payload?: unknown },
  chatId: number,
  now: number,
): Promise<{ notice: Notice; locale: Locale } | undefined> {
  const payload = payloadOf(job);
  const app = payload === undefined ? undefined : await deps.stores.preApplications.get(payload.about);
  const notice = app && payload ? await noticeFor(deps, app, chatId, payload.assigned, now) : undefined;
  return notice && { notice, locale: await localeOf(deps, chatId) };
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
  const now = deps.clock.now();
  for (const job of delivery.reminders) {
    const message =
      job.kind === "preapplication_closed_idle"
        ? await closedIdleNotice(deps, job, delivery.chatId, now)
        : await newRequestNotice(deps, job, delivery.chatId, now);
    if (!message) continue;
    const sent = await deps.notifier.send(delivery.chatId, message.locale, message.notice);
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
