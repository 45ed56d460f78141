/**
 * The notices about a request ride the durable job queue (store/reminder-queue.ts), like the reminders:
 * the owner's "new pre-application" (or "assigned to you"), the citizen's steps ("contacted", "filed",
 * "result issued"...), the owner's "withdrawn" (the citizen cancelled or erased their data), and the
 * "closed after a long time with nothing done" pair (idle-close.ts). Each is one job per person who should
 * hear it, sent at once; a send that fails leaves the job to the reminder worker, which retries it with
 * backoff, pacing and the global send budget until it is delivered or the chat is gone for good.
 *
 * Queued before the change they are about (the create, the compare-and-set of a step, the idle close), so
 * an instance dying between the change and the queueing cannot lose them; the erasure, whose change
 * deletes what a notice would be checked against, queues right after it. A job speaks only if the stored
 * record still says what the job was queued for (the same history entry, by position and time; the record
 * gone, for an erasure), so the copy queued by an instance that lost the compare-and-set, or whose change
 * was never stored, says nothing; and a citizen's step overtaken by a later step they are told of stays
 * silent (the later one carries the news). The message is rendered from the stored record at send time.
 *
 * Who hears a new request is the desk's routing (routing.ts): the owner's linked users, or their
 * substitute's during a cover, or the admins (as "needs an owner") when nobody can hear it. The worker
 * checks again at send time, so a job whose chat is no longer responsible for the request (reassigned,
 * unlinked, cover ended) is dropped, and the message says what the request is for that chat now.
 *
 * The request is named in the job's payload (`about`), not its `preappId`: planning a request's reminders
 * again (after every change, link or cover) cancels everything queued under its id, and a notice still
 * waiting for a retry must survive that. Jobs to the citizen are grouped under `<id>:citizen` instead, so
 * erasing the citizen's data removes them with the record; payloads hold ids, positions, times and the
 * public reference, never a name, phone or text.
 *
 * The promise: each job is scheduled exactly once (its id is deterministic), and the message is
 * delivered at least once; it is sent twice only if an instance dies between Telegram taking the message
 * and the job being marked done (one Redis call), or Redis fails that call, or when one batch holds two of
 * these jobs for one chat and the second send fails (the first is sent again with the retry).
 */
import type { Locale } from "../domain/catalog.js";
import { isClosedStatus, type HistoryEntry, type PreApplication, type Step } from "../domain/preapplication.js";
import type { Job } from "../store/reminders.js";
import { localeOf } from "./notify.js";
import type { AppDeps, DeliveryOutcome, Notice } from "./ports.js";
import { handlerAt, recipientsAt } from "./routing.js";

/** How long the worker leaves a fresh job to the immediate send before it takes it over. */
export const IMMEDIATE_SEND_GRACE_MS = 60_000;

/** The queue group of a request's jobs to the citizen, which erasing the citizen's data cancels. */
export const citizenJobsKey = (id: string) => `${id}:citizen`;
/** The queue group of the owner's "withdrawn" jobs of a cancel, which erasing the citizen's data takes over. */
export const withdrawnJobsKey = (id: string) => `${id}:withdrawn`;

/** Steps the citizen hears about (notes, assignments and appointments cleared are staff business). */
const CITIZEN_STEPS: ReadonlySet<Step> = new Set(["contact", "file", "issue", "refuse", "close", "undo", "appoint"]);

/** Whether the citizen hears of the last step of `app` (an appointment cleared is not news to them). */
export function citizenHearsLastStep(app: PreApplication): boolean {
  const last = app.history.at(-1);
  return last !== undefined && CITIZEN_STEPS.has(last.step) && !(last.step === "appoint" && !app.appointment);
}

/** A history entry named by its position (1-based, the history's length once it was added) and time. */
interface StepRef {
  about: string;
  step: number;
  at: number;
}

function stepRefOf(job: { payload?: unknown }): StepRef | undefined {
  const payload = job.payload as Partial<StepRef> | undefined;
  return typeof payload?.about === "string" && typeof payload.step === "number" && typeof payload.at === "number"
    ? { about: payload.about, step: payload.step, at: payload.at }
    : undefined;
}

/** The entry a job names, if the stored record has it at that position and time. */
function entryOf(app: PreApplication, ref: StepRef): HistoryEntry | undefined {
  const entry = app.history[ref.step - 1];
  return entry?.at === ref.at ? entry : undefined;
}

/** The job of telling the citizen of the last step of `app` (the record as it will be stored). */
export function citizenStepJob(app: PreApplication, dueAt: number): Job {
  const step = app.history.length;
  const at = app.history.at(-1)!.at;
  const payload: StepRef = { about: app.id, step, at };
  return {
    id: `${app.id}:step:${step}:${at}`,
    dueAt,
    chatId: app.citizenChatId,
    kind: "citizen_status_changed",
    preappId: citizenJobsKey(app.id),
    payload: { ...payload },
  };
}

/** The step notice a job still has to say to the citizen: the entry stored, and no later step said since. */
async function citizenStepNotice(
  deps: AppDeps,
  job: { payload?: unknown },
  chatId: number,
): Promise<{ notice: Notice; locale: Locale } | undefined> {
  const ref = stepRefOf(job);
  const stored = ref && (await deps.stores.preApplications.get(ref.about));
  if (!ref || !stored || stored.citizenChatId !== chatId || !entryOf(stored, ref)) return undefined;
  const asOf = (step: number): PreApplication => ({ ...stored, history: stored.history.slice(0, step) });
  if (!citizenHearsLastStep(asOf(ref.step))) return undefined;
  // A later step the citizen was told of carries the news; one they are not told of (an appointment
  // cleared, a note, an assignment) does not, so it must not silence this one.
  for (let later = ref.step + 1; later <= stored.history.length; later++) {
    if (citizenHearsLastStep(asOf(later))) return undefined;
  }
  return { notice: { kind: "status-changed", app: asOf(ref.step) }, locale: stored.citizenLocale };
}

/** What a "withdrawn" job carries: the request and its public reference, and the cancel entry or the erasure. */
type WithdrawnPayload = { about: string; ref: string } & ({ erased: true } | { step: number; at: number });

function withdrawnPayloadOf(job: { payload?: unknown }): WithdrawnPayload | undefined {
  const payload = job.payload as { about?: unknown; ref?: unknown; erased?: unknown } | undefined;
  if (typeof payload?.about !== "string" || typeof payload.ref !== "string") return undefined;
  if (payload.erased === true) return { about: payload.about, ref: payload.ref, erased: true };
  const step = stepRefOf(job);
  return step && { about: payload.about, ref: payload.ref, step: step.step, at: step.at };
}

/** The jobs of telling each of `users` that the citizen cancelled (`app` as cancelled, not yet stored). */
export function cancelledJobs(app: PreApplication, users: readonly number[], dueAt: number): Job[] {
  const step = app.history.length;
  const at = app.history.at(-1)!.at;
  const payload: WithdrawnPayload = { about: app.id, ref: app.ref, step, at };
  return users.map((userId) => ({
    id: `${app.id}:withdrawn:${step}:${at}:${userId}`,
    dueAt,
    chatId: userId,
    kind: "officer_withdrawn",
    preappId: withdrawnJobsKey(app.id),
    payload: { ...payload },
  }));
}

/** The jobs of telling each of `users` that the citizen erased their data, request `app` with it (already deleted). */
export function erasedJobs(app: { id: string; ref: string }, users: readonly number[], dueAt: number): Job[] {
  const payload: WithdrawnPayload = { about: app.id, ref: app.ref, erased: true };
  return users.map((userId) => ({
    id: `${app.id}:erased:${userId}`,
    dueAt,
    chatId: userId,
    kind: "officer_withdrawn",
    payload: { ...payload },
  }));
}

/** The "withdrawn" notice a job still has to say: the cancel stored as queued, or the record erased. */
async function withdrawnNotice(
  deps: AppDeps,
  job: { payload?: unknown },
  chatId: number,
): Promise<{ notice: Notice; locale: Locale } | undefined> {
  const payload = withdrawnPayloadOf(job);
  if (!payload) return undefined;
  const stored = await deps.stores.preApplications.get(payload.about);
  const said =
    "erased" in payload
      ? stored === undefined
      : stored !== undefined &&
        entryOf(stored, { about: payload.about, step: payload.step, at: payload.at })?.step === "cancel";
  return said ? { notice: { kind: "withdrawn", ref: payload.ref }, locale: await localeOf(deps, chatId) } : undefined;
}

/**
 * What a job carries: the request, and whether an admin assigned it (rather than it being new); an
 * assignment names its history entry, as a step notice does.
 */
type AnnouncementPayload = { about: string; assigned: false } | ({ assigned: true } & StepRef);

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
  const payload = job.payload as { about?: unknown; assigned?: unknown } | undefined;
  if (typeof payload?.about !== "string") return undefined;
  if (payload.assigned !== true) return { about: payload.about, assigned: false };
  const ref = stepRefOf(job);
  return ref && { ...ref, assigned: true };
}

/**
 * The job of telling one user about a request: new (once per user), or assigned (once per assignment,
 * named by its history entry, so assigning the same officer again announces again, and an assignment
 * that is never stored says nothing).
 */
export function newPreApplicationJob(app: PreApplication, userId: number, dueAt: number, assigned = false): Job {
  if (!assigned) {
    const payload: AnnouncementPayload = { about: app.id, assigned };
    return { id: `${app.id}:new:${userId}`, dueAt, chatId: userId, kind: "officer_new_preapplication", payload };
  }
  const step = app.history.length;
  const at = app.history.at(-1)!.at;
  const payload: AnnouncementPayload = { about: app.id, step, at, assigned };
  return {
    id: `${app.id}:assigned:${step}:${at}:${userId}`,
    dueAt,
    chatId: userId,
    kind: "officer_new_preapplication",
    payload: { ...payload },
  };
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
      ...(to === "citizen" ? { preappId: citizenJobsKey(app.id) } : {}),
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
 * The jobs of telling whoever handles the request now that it is theirs, or the admins that it needs an
 * owner (one per person), due after the grace the immediate send has.
 */
export async function announcementJobs(deps: AppDeps, app: PreApplication, assigned: boolean): Promise<Job[]> {
  const now = deps.clock.now();
  const users = await recipientsAt(deps, app, "owner", now);
  if (
    app.ownerId === undefined ||
    !(await deps.stores.officerLinks.usersOf(await handlerAt(deps, app.ownerId, now))).length
  ) {
    deps.log.warn({ ref: app.ref, ownerId: app.ownerId ?? null }, "request needs an owner; admins told");
  }
  return users.map((userId) => newPreApplicationJob(app, userId, now + IMMEDIATE_SEND_GRACE_MS, assigned));
}

/**
 * Sends queued notification jobs at once, each as the worker would (checked against the stored record),
 * and marks each one sent done unless a worker has taken it meanwhile. Never throws: a job not sent or
 * not marked is the worker's after the grace.
 */
export async function sendQueued(deps: AppDeps, jobs: readonly Job[]): Promise<void> {
  const now = deps.clock.now();
  for (const job of jobs) {
    try {
      const message = await noticeOfJob(deps, job, job.chatId, now);
      if (!message) continue;
      const sent = await deps.notifier.send(job.chatId, message.locale, message.notice);
      if (sent.outcome === "ok") await deps.stores.reminders.completeUnclaimed(job.id);
      else deps.log.warn({ err: sent.error, chatId: job.chatId, kind: job.kind }, "notice not sent at once; queued");
    } catch (error) {
      deps.log.warn({ err: (error as Error).message, kind: job.kind }, "notice not sent at once; queued");
    }
  }
}

/** What a queued job has to say to the chat now, with its language; undefined when nothing. */
async function noticeOfJob(
  deps: AppDeps,
  job: { kind: string; payload?: unknown },
  chatId: number,
  now: number,
): Promise<{ notice: Notice; locale: Locale } | undefined> {
  switch (job.kind) {
    case "preapplication_closed_idle":
      return closedIdleNotice(deps, job, chatId, now);
    case "citizen_status_changed":
      return citizenStepNotice(deps, job, chatId);
    case "officer_withdrawn":
      return withdrawnNotice(deps, job, chatId);
    default:
      return newRequestNotice(deps, job, chatId, now);
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
  if (!app || !payload || (payload.assigned && entryOf(app, payload)?.step !== "assign")) return undefined;
  const notice = await noticeFor(deps, app, chatId, payload.assigned, now);
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
    const message = await noticeOfJob(deps, job, delivery.chatId, now);
    if (!message) continue;
    const sent = await deps.notifier.send(delivery.chatId, message.locale, message.notice);
    if (sent.outcome !== "ok") {
      deps.log.warn(
        { chatId: delivery.chatId, outcome: sent.outcome, err: sent.error },
        "notice not delivered; retried",
      );
      return sent.outcome;
    }
  }
  return "ok";
}
