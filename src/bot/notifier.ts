/**
 * The application's Notifier on Telegram: renders each notice with the views and i18n, sends it with
 * grammY's Api, and turns Telegram's answers into delivery outcomes: 429 → wait, 403 or a gone chat →
 * blocked for good, network and 5xx → retry with backoff.
 */
import { GrammyError, type Api } from "grammy";
import { createApp, type App, type DeliveryOutcome, type Log, type Notice, type Notifier } from "../app/index.js";
import type { Locale } from "../domain/catalog.js";
import type { BotDeps } from "./context.js";
import { escapeHtml, type Translate } from "./views/format.js";
import { handlerOn } from "../domain/desk.js";
import {
  appointmentReminderView,
  citizenStepView,
  closedIdleView,
  digestView,
  formatDay,
  needsOwnerView,
  officerNotificationView,
  reminderView,
} from "./views/preapplication.js";
import { officerChecklistNote } from "./views/details.js";
import type { View } from "./views/view.js";

/** Telegram answers that mean the chat will never take a message again. */
const GONE = /bot was blocked|user is deactivated|chat not found|bot was kicked|PEER_ID_INVALID/i;

/** Maps a failed send to a delivery outcome. */
export function outcomeOf(error: unknown): DeliveryOutcome {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) return { retryAfterMs: (error.parameters.retry_after ?? 5) * 1000 };
    if (error.error_code === 403 || (error.error_code === 400 && GONE.test(error.description))) return "blocked";
  }
  // Network errors (HttpError), 5xx and anything unexpected are worth retrying with backoff.
  return "failed";
}

/** The message a notice becomes, in one language. `handlerId` is who handles the notice's request today. */
export function noticeView(
  deps: Pick<BotDeps, "catalog" | "calendar" | "clock">,
  t: Translate,
  locale: Locale,
  notice: Notice,
  handlerId?: string,
): View {
  const { catalog, calendar } = deps;
  const where = { catalog, locale, timeZone: calendar.timeZone, now: deps.clock.now() };
  const name = (officerId: string) => escapeHtml(catalog.officerById.get(officerId)?.name ?? officerId);
  switch (notice.kind) {
    case "new-preapplication": {
      const view = officerNotificationView(t, where, notice.app, notice.assigned);
      // What the citizen was sent with the reference, so the officer knows what they will bring.
      const told = officerChecklistNote(t, catalog, locale, notice.app.serviceId, notice.app.channel);
      return { ...view, text: `${view.text}\n\n${told}` };
    }
    case "needs-owner":
      return needsOwnerView(t, where, notice.app);
    case "withdrawn":
      return { text: t("notify-withdrawn", { ref: notice.ref }) };
    case "status-changed":
      return citizenStepView(t, where, notice.app, handlerId);
    case "closed-idle":
      return closedIdleView(t, where, notice.app, notice.to, handlerId);
    case "unlinked":
      return { text: t("unlinked-notice", { name: escapeHtml(notice.officerName) }) };
    case "reminder":
      return reminderView(t, where, notice.due);
    case "appointment-reminder":
      return appointmentReminderView(t, where, notice.app, handlerId);
    case "digest":
      return digestView(t, where, notice.digest);
    case "cover": {
      const vars = {
        officer: name(notice.officerId),
        substitute: name(notice.substituteId),
        from: formatDay(notice.from),
        to: formatDay(notice.to),
      };
      return { text: t(notice.removed ? "notify-cover-removed" : "notify-cover", vars) };
    }
  }
}

/** A Notifier sending through `api` (whose transformers set HTML and link-preview defaults). */
export function createTelegramNotifier(
  deps: Pick<BotDeps, "catalog" | "calendar" | "i18n" | "clock" | "stores">,
  api: Api,
): Notifier {
  return {
    async send(chatId, locale, notice) {
      try {
        const app = "app" in notice ? notice.app : undefined;
        const handlerId =
          app?.ownerId === undefined
            ? undefined
            : handlerOn(
                await deps.stores.covers.all(),
                app.ownerId,
                deps.calendar.localDayOf(new Date(deps.clock.now())),
              );
        const view = noticeView(deps, (key, vars) => deps.i18n.t(locale, key, vars), locale, notice, handlerId);
        await api.sendMessage(chatId, view.text, view.keyboard ? { reply_markup: view.keyboard } : {});
        return { outcome: "ok" };
      } catch (error) {
        return { outcome: outcomeOf(error), error: (error as Error).message };
      }
    },
  };
}

/** The use cases on the bot's dependencies, telling people through `api`; bind one per update's log. */
export function createAppFor(deps: BotDeps, api: Api): (log: Log) => App {
  const notifier = createTelegramNotifier(deps, api);
  return (log) => createApp({ ...deps, notifier, log });
}
