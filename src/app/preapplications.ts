/**
 * The pre-application use cases: what happens around the pure lifecycle (domain/preapplication.ts) —
 * limits, storing, scheduling reminders, telling officers and citizens. The form (submit) and the
 * officer desk and the citizen's list (status changes) all go through here, so every path has the same
 * checks and side effects.
 */
import { timeForChannel, type Locale } from "../domain/catalog.js";
import { maskName } from "../domain/phone.js";
import {
  createPreApplication,
  formatRef,
  isClosedStatus,
  newPreApplicationId,
  transition,
  type Actor,
  type PreApplication,
  type TransitionError,
  type TransitionRequest,
} from "../domain/preapplication.js";
import { tellCitizen, tellOfficer } from "./notify.js";
import { notifyNewPreApplication } from "./notifications.js";
import { remindersFor } from "./officers.js";
import type { AppDeps } from "./ports.js";

/** Open pre-applications one citizen may have for one service, and in all. */
export const MAX_OPEN_PER_SERVICE = 2;
export const MAX_OPEN_TOTAL = 10;
/**
 * Pre-applications one citizen may create in any 24 hours, cancelled ones included: each creation (and
 * each cancellation) is a message to an officer, so create-then-cancel must not become a way to flood one.
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
  | { ok: true; app: PreApplication; repeated: boolean }
  | { ok: false; reason: "limit_service" | "limit_total" | "limit_daily" | "invalid" | "unknown_service" };

export type ChangeResult =
  | { ok: true; app: PreApplication }
  | { ok: false; reason: "not_found" | "conflict" | TransitionError["kind"] };

/** Who a Telegram user is to the bot: an admin, a linked officer, or a citizen. */
export async function actorOf(deps: Pick<AppDeps, "config" | "stores">, userId: number): Promise<Actor> {
  if (deps.config.adminIds.includes(userId)) return { kind: "admin", userId };
  const officerId = await deps.stores.officerLinks.officerOf(userId);
  return officerId ? { kind: "officer", userId, officerId } : { kind: "citizen", userId };
}

/** Whether the citizen may open one more pre-application for the service: undefined if so, else why not. */
export async function checkLimits(deps: Pick<AppDeps, "stores" | "clock">, citizenId: number, serviceId: number): Promise<SubmitResult | undefined> {
  const { preApplications } = deps.stores;
  if ((await preApplications.countOpenByCitizenAndService(citizenId, serviceId)) >= MAX_OPEN_PER_SERVICE) {
    return { ok: false, reason: "limit_service" };
  }
  const all = await preApplications.listByCitizen(citizenId);
  if (all.filter((a) => !isClosedStatus(a.status)).length >= MAX_OPEN_TOTAL) return { ok: false, reason: "limit_total" };
  const since = deps.clock.now() - DAY_MS;
  return all.filter((a) => a.createdAt > since).length >= MAX_CREATED_PER_DAY ? { ok: false, reason: "limit_daily" } : undefined;
}

/**
 * Stores a confirmed form, then tells the officer's users and schedules their reminders. `submissionId`
 * is drawn by the form when it shows the summary: the same submission confirmed again (a double tap,
 * Telegram redelivering the update, a retry after a crash) stores nothing new and returns the record the
 * first one stored, so the citizen can be shown its reference again.
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
  if (earlier) return { ok: true, app: earlier, repeated: true };
  const limited = await checkLimits(deps, citizen.userId, service.id);
  if (limited) return limited;
  const now = deps.clock.now();
  const deadline = calendar.deadline(new Date(now), timeForChannel(service, draft.channel));
  const sequence = await stores.preApplications.nextSequence(service.id);
  const created = createPreApplication({
    id: newPreApplicationId(random),
    ref: formatRef(service.id, sequence, random),
    service,
    channel: draft.channel,
    citizen,
    form: { applicantName: draft.applicantName, phone: draft.phone, ...(draft.comment ? { comment: draft.comment } : {}) },
    deadline: { at: deadline.at.getTime(), certain: deadline.certain },
    consentTextVersion: CONSENT_TEXT_VERSION,
    now,
  });
  if (!created.ok) return { ok: false, reason: "invalid" };
  const app = created.app;
  const stored = await stores.preApplications.create(app, submissionId);
  if (!stored.created) return { ok: true, app: stored.existing, repeated: true };
  log.info({ ref: app.ref, serviceId: service.id, name: maskName(app.applicantName) }, "pre-application created");
  try {
    const users = await stores.officerLinks.usersOf(app.officerId);
    if (users.length === 0) log.warn({ officerId: app.officerId, ref: app.ref }, "no Telegram user is linked to the officer");
    for (const userId of users) {
      await notifyNewPreApplication(deps, app, userId);
      await stores.reminders.schedule(remindersFor(deps, app, userId));
    }
  } catch (error) {
    // The record is stored: failing here would make the citizen confirm again and store it twice.
    log.warn({ err: (error as Error).message, ref: app.ref }, "officers not told of a new pre-application");
  }
  return { ok: true, app, repeated: false };
}

/** The pre-application a form submission of the citizen stored, if any (for a Confirm pressed again after the form ended). */
export async function findSubmission(deps: Pick<AppDeps, "stores">, citizenId: number, submissionId: string): Promise<PreApplication | undefined> {
  return deps.stores.preApplications.findBySubmission(citizenId, submissionId);
}

/** Applies a status change for an actor, cancels the reminders once closed, and tells the other side. */
export async function changeStatus(deps: AppDeps, actor: Actor, id: string, request: TransitionRequest): Promise<ChangeResult> {
  const { stores, log } = deps;
  const before = await stores.preApplications.get(id);
  if (!before) return { ok: false, reason: "not_found" };
  const result = transition(before, request, actor, deps.clock.now());
  if (!result.ok) return { ok: false, reason: result.error.kind };
  const stored = await stores.preApplications.applyTransition(before, result.app);
  if (!stored.ok) return { ok: false, reason: stored.reason };
  const app = result.app;
  log.info({ ref: app.ref, status: app.status, by: actor.kind }, "pre-application status changed");
  if (isClosedStatus(app.status)) await stores.reminders.cancelFor(app.id);
  if (actor.kind === "citizen") await tellOfficer(deps, app.officerId, { kind: "withdrawn", ref: app.ref });
  else await tellCitizen(deps, app, { kind: "status-changed", app });
  return { ok: true, app };
}
