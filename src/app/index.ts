/**
 * The application layer in one object, bound to its dependencies and the log of the update (or job)
 * being handled. Each method is a use case from the modules beside this one; handlers in src/bot call
 * these and turn the results into views.
 */
import type { Locale } from "../domain/catalog.js";
import type { Actor, TransitionRequest } from "../domain/preapplication.js";
import { deleteCitizenData } from "./citizen-data.js";
import { localeOf } from "./notify.js";
import { redeemOfficerInvite, unlinkOfficer } from "./officers.js";
import { actorOf, changeStatus, checkLimits, findSubmission, submitPreApplication, type FormDraft } from "./preapplications.js";
import type { AppDeps } from "./ports.js";
import { deliverReminders, type DueForChat } from "./reminders.js";
import { deliverNotifications, type NotificationsForChat } from "./notifications.js";
import { sweepRetention } from "./retention.js";
import type { Officer } from "../domain/catalog.js";

export interface App {
  actorOf(userId: number): Promise<Actor>;
  localeOf(userId: number): Promise<Locale>;
  checkLimits: (citizenId: number, serviceId: number) => ReturnType<typeof checkLimits>;
  submit: (citizen: { userId: number; chatId: number; locale: Locale }, draft: FormDraft, submissionId: string) => ReturnType<typeof submitPreApplication>;
  findSubmission: (citizenId: number, submissionId: string) => ReturnType<typeof findSubmission>;
  changeStatus: (actor: Actor, id: string, request: TransitionRequest) => ReturnType<typeof changeStatus>;
  deleteCitizenData: (userId: number) => Promise<number>;
  redeemOfficerInvite: (token: string, userId: number) => ReturnType<typeof redeemOfficerInvite>;
  unlinkOfficer: (officer: Officer) => Promise<number>;
  deliverReminders: (delivery: DueForChat) => ReturnType<typeof deliverReminders>;
  deliverNotifications: (delivery: NotificationsForChat) => ReturnType<typeof deliverNotifications>;
  sweepRetention: () => Promise<number>;
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
    deliverReminders: (delivery) => deliverReminders(deps, delivery),
    deliverNotifications: (delivery) => deliverNotifications(deps, delivery),
    sweepRetention: () => sweepRetention(deps),
  };
}

export type { AppDeps, Delivery, DeliveryOutcome, DueReminder, Log, Notice, Notifier } from "./ports.js";
export type { ChangeResult, FormDraft, SubmitResult } from "./preapplications.js";
export type { DueForChat } from "./reminders.js";
export type { InviteResult } from "./officers.js";
export { CONSENT_TEXT_VERSION, MAX_CREATED_PER_DAY, MAX_OPEN_PER_SERVICE, MAX_OPEN_TOTAL } from "./preapplications.js";
export { officeHoursGate } from "./reminders.js";
