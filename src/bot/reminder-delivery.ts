/**
 * Reminder delivery for the worker in src/reminders/: renders one officer's due reminders in their
 * language and sends them, re-checking at send time that each pre-application is still open and the
 * chat still belongs to its officer (links and statuses change after reminders are planned).
 * Telegram's answers become the worker's outcomes: 429 → wait, 403 or a gone chat → blocked for good,
 * network and 5xx → retry with backoff. auto-retry is deliberately not used here: the worker owns the
 * waiting, so a lease is never held through a long retry_after.
 */
import { GrammyError, type Api } from "grammy";
import type { I18n } from "@grammyjs/i18n";
import { isClosedStatus } from "../domain/preapplication.js";
import type { ReminderKind } from "../domain/reminder-plan.js";
import type { ChatDelivery, SendOutcome } from "../reminders/worker.js";
import type { BotContext, BotDeps } from "./context.js";
import { storedLocale } from "./i18n.js";
import { reminderView } from "./views/preapplication.js";

const URGENCY: Record<ReminderKind, number> = { before_deadline: 0, half_time: 1, at_deadline: 2, overdue: 3 };

/** Telegram answers that mean the chat will never take a message again. */
const GONE = /bot was blocked|user is deactivated|chat not found|bot was kicked|PEER_ID_INVALID/i;

/** Maps a failed send to the worker's outcome. */
export function outcomeOf(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) return { retryAfterMs: (error.parameters.retry_after ?? 5) * 1000 };
    if (error.error_code === 403 || (error.error_code === 400 && GONE.test(error.description))) return "blocked";
  }
  // Network errors (HttpError), 5xx and anything unexpected are worth retrying with backoff.
  return "failed";
}

/** Whether a reminder may be sent now: null inside office hours, else when office hours next begin. */
export function officeHoursGate(deps: BotDeps): (now: Date) => Date | null {
  return (now) => (deps.calendar.isOfficeTime(now) ? null : deps.calendar.nextOfficeStart(now));
}

/** The worker's send function, on the bot's API (without auto-retry) and translations. */
export function createReminderSender(deps: BotDeps, api: Api, i18n: I18n<BotContext>, onOutcome?: (outcome: SendOutcome) => void) {
  return async function send(delivery: ChatDelivery): Promise<SendOutcome> {
    const { stores, catalog, calendar, config } = deps;
    const officerId = await stores.officerLinks.officerOf(delivery.chatId);
    // After downtime one pre-application may have several reminders due: say only the most urgent.
    const kindByApp = new Map<string, ReminderKind>();
    for (const { preappId, kind } of delivery.reminders) {
      const known = kindByApp.get(preappId);
      if (!known || URGENCY[kind] > URGENCY[known]) kindByApp.set(preappId, kind);
    }
    const due = [];
    for (const [id, kind] of kindByApp) {
      const app = await stores.preApplications.get(id);
      if (app && !isClosedStatus(app.status) && app.officerId === officerId) due.push({ app, kind });
    }
    if (due.length === 0) return "ok";
    const locale = await storedLocale(stores.sessions, delivery.chatId, config.defaultLocale);
    const view = reminderView((key, vars) => i18n.t(locale, key, vars), catalog, locale, calendar.timeZone, due);
    let outcome: SendOutcome = "ok";
    try {
      await api.sendMessage(delivery.chatId, view.text, { parse_mode: "HTML", reply_markup: view.keyboard, link_preview_options: { is_disabled: true } });
    } catch (error) {
      outcome = outcomeOf(error);
      deps.logger.warn({ chatId: delivery.chatId, outcome, err: (error as Error).message }, "reminder not delivered");
    }
    onOutcome?.(outcome);
    return outcome;
  };
}
