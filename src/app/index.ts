/**
 * The application layer in one object, bound to its dependencies and the log of the update (or job)
 * being handled. Each method is a use case from the modules beside this one; handlers in src/bot call
 * these and turn the results into views.
 */
import type { Locale, Officer } from "../domain/catalog.js";
import type { Cover } from "../domain/desk.js";
import type { Actor } from "../domain/preapplication.js";
import { deleteCitizenData } from "./citizen-data.js";
import { upgradeStoredRecords } from "./migration.js";
import { localeOf } from "./notify.js";
import {
  linkOfficerUser,
  redeemOfficerInvite,
  removeCover,
  setCover,
  unlinkOfficer,
  type CoverResult,
} from "./officers.js";
import {
  actorOf,
  changeStatus,
  checkLimits,
  findSubmission,
  submitPreApplication,
  type DeskRequest,
  type FormDraft,
} from "./preapplications.js";
import type { AppDeps } from "./ports.js";
import { deliverReminders, digestFor, type DueForChat } from "./reminders.js";
import { deliverNotifications, type NotificationsForChat } from "./notifications.js";
import { sweepIdle } from "./idle-close.js";
import { recoverPlans } from "./recovery.js";
import { sweepRetention } from "./retention.js";
import { ensureDigests } from "./schedule.js";

export interface App {
  actorOf(userId: number): Promise<Actor>;
  localeOf(userId: number): Promise<Locale>;
  checkLimits: (citizenId: number, serviceId: number) => ReturnType<typeof checkLimits>;
  submit: (
    citizen: { userId: number; chatId: number; locale: Locale },
    draft: FormDraft,
    submissionId: string,
  ) => ReturnType<typeof submitPreApplication>;
  findSubmission: (citizenId: number, submissionId: string) => ReturnType<typeof findSubmission>;
  changeStatus: (actor: Actor, id: string, request: DeskRequest) => ReturnType<typeof changeStatus>;
  deleteCitizenData: (userId: number) => Promise<number>;
  redeemOfficerInvite: (token: string, userId: number) => ReturnType<typeof redeemOfficerInvite>;
  /** Returns the Telegram users that were unlinked. */
  unlinkOfficer: (officer: Officer) => Promise<number[]>;
  /** Links a user again right after an unlink (the admin's undo). */
  relinkOfficer: (userId: number, officerId: string) => Promise<void>;
  setCover: (adminId: number, cover: Pick<Cover, "officerId" | "substituteId" | "from" | "to">) => Promise<CoverResult>;
  removeCover: (officerId: string) => Promise<Cover | undefined>;
  deliverReminders: (delivery: DueForChat) => ReturnType<typeof deliverReminders>;
  digestFor: (chatId: number) => ReturnType<typeof digestFor>;
  deliverNotifications: (delivery: NotificationsForChat) => ReturnType<typeof deliverNotifications>;
  sweepRetention: () => Promise<number>;
  /** Closes open requests nothing happened to for IDLE_CLOSE_DAYS; returns how many this call closed. */
  sweepIdle: () => Promise<number>;
  /** Plans the reminders open requests are missing (a failed plan step); returns how many were added. */
  recoverPlans: () => Promise<number>;
  /** Start-up: upgrades old records, plans what is missing and queues every staff member's next digest. */
  prepare: () => Promise<number>;
}

/** Binds every use case to `deps`. */
export function createApp(deps: AppDeps): App {
  return {
    actorOf: (userId) => actorOf(deps, userId),
    localeOf: (userId) => localeOf(deps, userId),
    checkLimits: (citizenId, serviceId) => checkLimits(deps, citizenId, serviceId),
    submit: (citizen, draft, submissionId) => submitPreApplication(deps, citizen, draft, submissionId),
    findSubmission: (citizenId, submissionId) => findSubmission(deps, citizenId, submissionId),
    changeStatus: (actor, id, request) => changeStatus(deps, actor, id, request),
    deleteCitizenData: (userId) => deleteCitizenData(deps, userId),
    redeemOfficerInvite: (token, userId) => redeemOfficerInvite(deps, token, userId),
    unlinkOfficer: (officer) => unlinkOfficer(deps, officer),
    relinkOfficer: (userId, officerId) => linkOfficerUser(deps, userId, officerId),
    setCover: (adminId, cover) => setCover(deps, adminId, cover),
    removeCover: (officerId) => removeCover(deps, officerId),
    deliverReminders: (delivery) => deliverReminders(deps, delivery),
    digestFor: (chatId) => digestFor(deps, chatId),
    deliverNotifications: (delivery) => deliverNotifications(deps, delivery),
    sweepRetention: () => sweepRetention(deps),
    sweepIdle: () => sweepIdle(deps),
    recoverPlans: () => recoverPlans(deps),
    async prepare() {
      const upgraded = await upgradeStoredRecords(deps);
      await recoverPlans(deps);
      await ensureDigests(deps);
      return upgraded;
    },
  };
}

export type { AppDeps, Delivery, DeliveryOutcome, Digest, DueReminder, Log, Notice, Notifier } from "./ports.js";
export type { ChangeResult, DeskRequest, FormDraft, SubmitResult } from "./preapplications.js";
export type { DueForChat } from "./reminders.js";
export type { CoverResult, InviteResult } from "./officers.js";
export { CONSENT_TEXT_VERSION, MAX_CREATED_PER_DAY, MAX_OPEN_PER_SERVICE, MAX_OPEN_TOTAL } from "./preapplications.js";
export { officeHoursGate } from "./reminders.js";
export { DIGEST_MAX } from "./reminders.js";
