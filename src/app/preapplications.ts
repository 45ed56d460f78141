/**
 * The pre-application use cases: what happens around the pure lifecycle (domain/preapplication.ts) —
 * limits, the two clocks, owners, storing, planning reminders, telling the owner, the admins and the
 * citizen. The form (submit), the officer's desk, the admins' tools and the citizen's list all go through
 * here, so every path has the same checks and side effects.
 */
import { timeForChannel, type Channel, type Locale } from "../domain/catalog.js";
import { maskName } from "../domain/phone.js";
import {
  createPreApplication,
  formatRef,
  isClosedStatus,
  newPreApplicationId,
  transition,
  type Actor,
  type PreApplication,
  type Reason,
  type TransitionError,
  type TransitionRequest,
} from "../domain/preapplication.js";
import {
  announcementJobs,
  cancelledJobs,
  citizenHearsLastStep,
  citizenStepJob,
  IMMEDIATE_SEND_GRACE_MS,
  sendQueued,
} from "./notifications.js";
import type { AppDeps } from "./ports.js";
import { handlerAt, ownerForNew, recipientsAt } from "./routing.js";
import { replan } from "./schedule.js";

export { actorOf } from "./routing.js";

/** Open pre-applications one citizen may have for one service, and in all. */
export const MAX_OPEN_PER_SERVICE = 2;
export const MAX_OPEN_TOTAL = 10;
/**
 * Pre-applications one citizen may create in any 24 hours, cancelled and erased ones included: each
 * creation (and each cancellation or erasure) is a message to an officer, so create-then-cancel or
 * create-then-delete must not become a way to flood one.
 */
export const MAX_CREATED_PER_DAY = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The version of the consent text shown in the form (locales: form-consent); bump it when the text changes. */
export const CONSENT_TEXT_VERSION = "2026-11-25";

/** The data the citizen confirms at the end of the form. */
export interface FormDraft {
  serviceId: number;
  applicantName: string;
  phone: string;
  channel: PreApplication["channel"];
  comment?: string;
}

export type SubmitResult =
  /** `repeated`: this submission had already been stored (a retried or repeated Confirm); nothing new was done. */
  | { ok: true; app: PreApplication; repeated: boolean; handlerId: string | undefined }
  | { ok: false; reason: "limit_service" | "limit_total" | "limit_daily" | "invalid" | "unknown_service" };

export type ChangeResult =
  | { ok: true; app: PreApplication }
  | { ok: false; reason: "not_found" | "conflict" | "unknown_officer" | TransitionError["kind"] };

/** What the desk asks for; the use case adds what needs the calendar (a filing's official deadline). */
export type DeskRequest =
  | Exclude<TransitionRequest, { action: "file" }>
  | { action: "file"; channel: Channel; filedAt: number; regNumber?: string };

/** Whether the citizen may open one more pre-application for the service: undefined if so, else why not. */
export async function checkLimits(
  deps: Pick<AppDeps, "stores" | "clock">,
  citizenId: number,
  serviceId: number,
): Promise<SubmitResult | undefined> {
  const { preApplications } = deps.stores;
  if ((await preApplications.countOpenByCitizenAndService(citizenId, serviceId)) >= MAX_OPEN_PER_SERVICE) {
    return { ok: false, reason: "limit_service" };
  }
  const all = await preApplications.listByCitizen(citizenId);
  if (all.filter((a) => !isClosedStatus(a.status)).length >= MAX_OPEN_TOTAL)
    return { ok: false, reason: "limit_total" };
  // From the creation log, not the records: a citizen who erased their data made those creations all the same.
  const since = deps.clock.now() - DAY_MS;
  return (await preApplications.countCreatedSince(citizenId, since)) >= MAX_CREATED_PER_DAY
    ? { ok: false, reason: "limit_daily" }
    : undefined;
}

/**
 * Stores a confirmed form with its response promise and owner (the service's officer when they, or
 * whoever covers them, can hear it; nobody otherwise), tells them (or the admins) through the durable
 * queue (queued before the create) and plans reminders (after it; recovery.ts plans them if that fails). `submissionId` is drawn by the form when it shows the summary: the
 * same submission confirmed again (a double tap, Telegram redelivering the update, a retry after a
 * crash) stores nothing new and returns the record the first one stored, so the citizen can be shown
 * its reference again.
 */
export async function submitPreApplication(
  deps: AppDeps,
  citizen: { userId: number; chatId: number; locale: Locale },
  draft: FormDraft,
  submissionId: string,
): Promise<SubmitResult> {
  const { catalog, calendar, stores, random, log } = deps;
  const service = catalog.serviceById.get(draft.serviceId);
  if (!service) return { ok: false, reason: "unknown_service" };
  // Before the limits: the submission that reached a limit must still be answered with its reference.
  const earlier = await stores.preApplications.findBySubmission(citizen.userId, submissionId);
  if (earlier) return repeatedSubmission(deps, earlier);
  const limited = await checkLimits(deps, citizen.userId, service.id);
  if (limited) return limited;
  const now = deps.clock.now();
  const responseDue = calendar.deadline(new Date(now), deps.desk.responseTime(service.id));
  const ownerId = await ownerForNew(deps, service, now);
  const sequence = await stores.preApplications.nextSequence(service.id);
  const created = createPreApplication({
    id: newPreApplicationId(random),
    ref: formatRef(service.id, sequence, random),
    service,
    channel: draft.channel,
    citizen,
    form: {
      applicantName: draft.applicantName,
      phone: draft.phone,
      ...(draft.comment ? { comment: draft.comment } : {}),
    },
    responseDue: { at: responseDue.at.getTime(), certain: responseDue.certain },
    ownerId,
    consentTextVersion: CONSENT_TEXT_VERSION,
    now,
  });
  if (!created.ok) return { ok: false, reason: "invalid" };
  const app = created.app;
  // The announcement is queued before the record is stored, so no crash or Redis blip after the create
  // can lose it; if this create turns out to be a repeat (or never happens), its jobs name a record that
  // does not exist and say nothing (notifications.ts).
  const announcement = await announcementJobs(deps, app, false);
  if (announcement.length > 0) await stores.reminders.schedule(announcement);
  const stored = await stores.preApplications.create(app, submissionId);
  if (!stored.created) return repeatedSubmission(deps, stored.existing);
  log.info(
    { ref: app.ref, serviceId: service.id, owned: ownerId !== undefined, name: maskName(app.applicantName) },
    "pre-application created",
  );
  await planOrLeaveToRecovery(deps, app);
  await sendQueued(deps, announcement);
  return {
    ok: true,
    app,
    repeated: false,
    handlerId: ownerId === undefined ? undefined : await handlerAt(deps, ownerId, now),
  };
}

/** The answer to a submission stored before: its record, and who handles it now. */
async function repeatedSubmission(deps: AppDeps, app: PreApplication): Promise<SubmitResult> {
  const handlerId = app.ownerId === undefined ? undefined : await handlerAt(deps, app.ownerId, deps.clock.now());
  return { ok: true, app, repeated: true, handlerId };
}

/** The pre-application a form submission of the citizen stored, if any (for a Confirm pressed again after the form ended). */
export async function findSubmission(
  deps: Pick<AppDeps, "stores">,
  citizenId: number,
  submissionId: string,
): Promise<PreApplication | undefined> {
  return deps.stores.preApplications.findBySubmission(citizenId, submissionId);
}

/** Turns the desk's request into a domain request: a filing gets its official deadline from the calendar. */
function withDeadline(deps: AppDeps, app: PreApplication, request: DeskRequest): TransitionRequest | undefined {
  if (request.action !== "file") return request;
  const service = deps.catalog.serviceById.get(app.serviceId);
  if (!service || !service.channels.includes(request.channel)) return undefined;
  const due = deps.calendar.deadline(new Date(request.filedAt), timeForChannel(service, request.channel));
  const filing: TransitionRequest = { ...request, due: { at: due.at.getTime(), certain: due.certain } };
  return filing;
}

/**
 * Plans the request's reminders again after a change that is already stored. A failure (Redis away) is
 * logged, not thrown: the change was made, and telling the user it failed would have them retry a change
 * that is no longer allowed. The recovery pass (recovery.ts, at start-up and every few minutes) plans
 * what is missing.
 */
async function planOrLeaveToRecovery(deps: AppDeps, app: PreApplication): Promise<void> {
  try {
    await replan(deps, app);
  } catch (error) {
    deps.log.warn({ err: (error as Error).message, ref: app.ref }, "reminders not planned; the recovery pass will");
  }
}

/**
 * Applies a change for an actor, stores it (compare-and-set), plans the reminders again, and tells who
 * needs to know: the citizen of every step they should see, the new owner of an assignment, the owner of
 * a withdrawal. The citizen's and the owner's notices are queued before the change is stored (and sent
 * at once after it), so a crash cannot lose them and a change that is not stored says nothing.
 */
export async function changeStatus(
  deps: AppDeps,
  actor: Actor,
  id: string,
  request: DeskRequest,
): Promise<ChangeResult> {
  const { stores, log } = deps;
  const before = await stores.preApplications.get(id);
  if (!before) return { ok: false, reason: "not_found" };
  if (request.action === "assign" && request.ownerId !== undefined && !deps.catalog.officerById.has(request.ownerId)) {
    return { ok: false, reason: "unknown_officer" };
  }
  const full = withDeadline(deps, before, request);
  if (!full) return { ok: false, reason: "invalid_input" };
  const result = transition(before, full, actor, deps.clock.now());
  if (!result.ok) return { ok: false, reason: result.error.kind };
  const app = result.app;
  const dueAt = deps.clock.now() + IMMEDIATE_SEND_GRACE_MS;
  const notices =
    request.action === "cancel"
      ? cancelledJobs(app, await recipientsAt(deps, app, "owner", deps.clock.now()), dueAt)
      : request.action === "assign"
        ? await announcementJobs(deps, app, true)
        : citizenHearsLastStep(app)
          ? [citizenStepJob(app, dueAt)]
          : [];
  if (notices.length > 0) await stores.reminders.schedule(notices);
  const stored = await stores.preApplications.applyTransition(before, app);
  if (!stored.ok) return { ok: false, reason: stored.reason };
  log.info({ ref: app.ref, action: request.action, status: app.status, by: actor.kind }, "pre-application changed");
  await planOrLeaveToRecovery(deps, app);
  await sendQueued(deps, notices);
  return { ok: true, app };
}

export type { Reason };
