/**
 * The pre-application workflow: what happens around the pure lifecycle (domain/preapplication.ts) —
 * storing, scheduling reminders, telling officers and citizens. Both the conversation (submit) and the
 * officer desk (status changes) go through here, so every path has the same checks and side effects.
 */
import type { Api } from "grammy";
import type { Logger } from "pino";
import type { I18n } from "@grammyjs/i18n";
import { timeForChannel, type Locale } from "../domain/catalog.js";
import { planReminders } from "../domain/reminder-plan.js";
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
import { maskName } from "../domain/phone.js";
import type { Reminder } from "../store/reminders.js";
import type { BotContext, BotDeps } from "./context.js";
import { storedLocale } from "./i18n.js";
import { citizenStatusView, officerNotificationView, type FormDraft } from "./views/preapplication.js";
import type { Translate } from "./views/format.js";

/** Open pre-applications one citizen may have for one service, and in all. */
export const MAX_OPEN_PER_SERVICE = 2;
export const MAX_OPEN_TOTAL = 10;

/** The version of the consent text shown in the form (locales: form-consent); bump it when the text changes. */
export const CONSENT_TEXT_VERSION = "2026-11-25";

export type SubmitResult =
  | { ok: true; app: PreApplication }
  | { ok: false; reason: "limit_service" | "limit_total" | "invalid" | "unknown_service" };

export type ChangeResult =
  | { ok: true; app: PreApplication }
  | { ok: false; reason: "not_found" | "conflict" | TransitionError["kind"] };

export interface Workflow {
  /** Whether the citizen may open one more pre-application for the service. */
  checkLimits(citizenId: number, serviceId: number): Promise<SubmitResult | undefined>;
  /** Stores a confirmed form, schedules reminders and tells the officers. */
  submit(citizen: { userId: number; chatId: number; locale: Locale }, draft: FormDraft): Promise<SubmitResult>;
  /** Applies a status change for an actor, then cancels reminders if closed and tells the other side. */
  changeStatus(actor: Actor, id: string, request: TransitionRequest): Promise<ChangeResult>;
  /** Deletes everything of a citizen; officers are told which references were withdrawn. */
  deleteCitizen(userId: number): Promise<number>;
  /** Schedules the reminders of an officer's open pre-applications for a newly linked Telegram user. */
  scheduleForNewOfficerUser(officerId: string, userId: number): Promise<void>;
  /** Who a Telegram user is to the bot: an admin, a linked officer, or a citizen. */
  actorOf(userId: number): Promise<Actor>;
  /** A user's chosen language (from their session), for messages sent outside their own updates. */
  localeOf(userId: number): Promise<Locale>;
  /** Sends a message to another user in their language; failures are logged, never thrown. */
  tell(userId: number, key: string, vars?: Record<string, string | number>): Promise<void>;
}

/** The reminders of one pre-application for one officer's chat. */
function remindersFor(deps: BotDeps, app: PreApplication, chatId: number): Reminder[] {
  const service = deps.catalog.serviceById.get(app.serviceId);
  if (!service || isClosedStatus(app.status)) return [];
  const time = timeForChannel(service, app.channel);
  return planReminders(deps.calendar, new Date(app.createdAt), time, new Date(app.deadlineAt)).map((planned) => ({
    id: `${app.id}:${planned.kind}:${planned.seq}:${chatId}`,
    dueAt: planned.dueAt.getTime(),
    chatId,
    preappId: app.id,
    kind: planned.kind,
    payload: { officerId: app.officerId },
  }));
}

/** A workflow whose log lines carry the given logger's context (the update being handled). */
export type WorkflowFor = (logger: Logger) => Workflow;

/**
 * Builds the workflow on the bot's dependencies, its API (for messages to other chats) and i18n; each
 * update gets one bound to its own child logger.
 */
export function createWorkflow(deps: BotDeps, api: Api, i18n: I18n<BotContext>): WorkflowFor {
  return (logger) => bindWorkflow(deps, api, i18n, logger);
}

function bindWorkflow(deps: BotDeps, api: Api, i18n: I18n<BotContext>, logger: Logger): Workflow {
  const { stores, catalog, calendar, config } = deps;
  const translator = (locale: Locale): Translate => (key, vars) => i18n.t(locale, key, vars);

  const localeOf = (userId: number) => storedLocale(stores.sessions, userId, config.defaultLocale);

  /** Sends to another chat; a blocked or failing chat is logged, never fatal to the caller's update. */
  async function sendSafely(chatId: number, text: string, extra: Parameters<Api["sendMessage"]>[2] = {}): Promise<void> {
    try {
      await api.sendMessage(chatId, text, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...extra });
    } catch (error) {
      logger.warn({ err: (error as Error).message, chatId }, "could not deliver a notification");
    }
  }

  async function notifyOfficersOfNew(app: PreApplication): Promise<void> {
    const users = await stores.officerLinks.usersOf(app.officerId);
    if (users.length === 0) logger.warn({ officerId: app.officerId, ref: app.ref }, "no Telegram user is linked to the officer");
    for (const userId of users) {
      const locale = await localeOf(userId);
      const view = officerNotificationView(translator(locale), catalog, locale, calendar.timeZone, app);
      await sendSafely(userId, view.text, { reply_markup: view.keyboard });
      await stores.reminders.schedule(remindersFor(deps, app, userId));
    }
  }

  async function notifyOfficersOfWithdrawal(refs: { ref: string; officerId: string }[]): Promise<void> {
    for (const { ref, officerId } of refs) {
      for (const userId of await stores.officerLinks.usersOf(officerId)) {
        await sendSafely(userId, translator(await localeOf(userId))("notify-withdrawn", { ref }));
      }
    }
  }

  async function checkLimits(citizenId: number, serviceId: number): Promise<SubmitResult | undefined> {
    if ((await stores.preApplications.countOpenByCitizenAndService(citizenId, serviceId)) >= MAX_OPEN_PER_SERVICE) {
      return { ok: false, reason: "limit_service" };
    }
    const open = (await stores.preApplications.listByCitizen(citizenId)).filter((a) => !isClosedStatus(a.status));
    return open.length >= MAX_OPEN_TOTAL ? { ok: false, reason: "limit_total" } : undefined;
  }

  return {
    checkLimits,
    localeOf,

    async tell(userId, key, vars) {
      await sendSafely(userId, translator(await localeOf(userId))(key, vars));
    },

    async actorOf(userId) {
      if (config.adminIds.includes(userId)) return { kind: "admin", userId };
      const officerId = await stores.officerLinks.officerOf(userId);
      return officerId ? { kind: "officer", userId, officerId } : { kind: "citizen", userId };
    },

    async submit(citizen, draft) {
      const service = catalog.serviceById.get(draft.serviceId);
      if (!service) return { ok: false, reason: "unknown_service" };
      const limited = await checkLimits(citizen.userId, service.id);
      if (limited) return limited;
      const now = deps.clock();
      const time = timeForChannel(service, draft.channel);
      const deadline = calendar.deadline(now, time);
      const sequence = await stores.preApplications.nextSequence(service.id);
      const created = createPreApplication({
        id: newPreApplicationId(deps.random),
        ref: formatRef(service.id, sequence, deps.random),
        service,
        channel: draft.channel,
        citizen,
        form: { applicantName: draft.applicantName, phone: draft.phone, ...(draft.comment ? { comment: draft.comment } : {}) },
        deadline: { at: deadline.at.getTime(), certain: deadline.certain },
        consentTextVersion: CONSENT_TEXT_VERSION,
        now: now.getTime(),
      });
      if (!created.ok) return { ok: false, reason: "invalid" };
      await stores.preApplications.create(created.app);
      logger.info({ ref: created.app.ref, serviceId: service.id, name: maskName(created.app.applicantName) }, "pre-application created");
      try {
        await notifyOfficersOfNew(created.app);
      } catch (error) {
        // The record is stored: failing here would make the citizen confirm again and store it twice.
        logger.warn({ err: (error as Error).message, ref: created.app.ref }, "officers not told of a new pre-application");
      }
      return { ok: true, app: created.app };
    },

    async changeStatus(actor, id, request) {
      const before = await stores.preApplications.get(id);
      if (!before) return { ok: false, reason: "not_found" };
      const result = transition(before, request, actor, deps.clock().getTime());
      if (!result.ok) return { ok: false, reason: result.error.kind };
      const stored = await stores.preApplications.applyTransition(before, result.app);
      if (!stored.ok) return { ok: false, reason: stored.reason };
      const app = result.app;
      logger.info({ ref: app.ref, status: app.status, by: actor.kind }, "pre-application status changed");
      if (isClosedStatus(app.status)) await stores.reminders.cancelFor(app.id);
      if (actor.kind === "citizen") {
        await notifyOfficersOfWithdrawal([{ ref: app.ref, officerId: app.officerId }]);
      } else {
        const view = citizenStatusView(translator(app.citizenLocale), catalog, app);
        await sendSafely(app.citizenChatId, view.text, { reply_markup: view.keyboard });
      }
      return { ok: true, app };
    },

    async deleteCitizen(userId) {
      const deleted = await stores.preApplications.deleteCitizen(userId);
      for (const app of deleted) await stores.reminders.cancelFor(app.id);
      await notifyOfficersOfWithdrawal(deleted.filter((a) => !isClosedStatus(a.status)));
      await stores.sessions.delete(String(userId));
      logger.info({ count: deleted.length }, "citizen data deleted on request");
      return deleted.length;
    },

    async scheduleForNewOfficerUser(officerId, userId) {
      let offset = 0;
      for (;;) {
        const page = await stores.preApplications.listOpenByOfficer(officerId, { offset, limit: 100 });
        for (const app of page.items) await stores.reminders.schedule(remindersFor(deps, app, userId));
        offset += page.items.length;
        if (page.items.length === 0 || offset >= page.total) return;
      }
    },
  };
}
