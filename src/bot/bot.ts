/**
 * createBot: the bot as a list of plugins. main.ts, the terminal chat, the tests and the benchmarks all
 * build the bot here, so they run the same wiring. Each plugin lives in a file of its own; the order is
 * the design (docs/ARCHITECTURE.md explains each step):
 *
 *  1. API transformers: HTML and no link previews by default; a too-late button answer is not an error.
 *  2. metrics. (The dependencies, the per-update logger and the use cases are on every context from the
 *     start: context-class.ts.)
 *  3. the error boundary: anything below that throws gets an apology in the user's language.
 *  4. per-user sequencing before the session, so one user's updates never race on it: in this process
 *     (sequentialize), then across instances (a Redis lock, webhook only), skipping updates already handled
 *     (when polling, by a mark in the session).
 *  5. session and i18n before anything that speaks; groups are left before any real work.
 *  6. the locale, the rate limit, the one-time language question.
 *  7. the forms (conversations), then the ways out (/cancel, the Cancel buttons) so they always leave a
 *     form, then the forms themselves, before the button router, so an open form sees its own buttons;
 *     a command or a menu button leaves an open form and goes on to the features.
 *  8. the button router (one handler per route kind, stale buttons answered), the command router (one
 *     handler per command), free text as a question, and last whatever nobody handled.
 */
import { Bot, type ApiClientOptions } from "grammy";
import { sequentialize } from "@grammyjs/runner";
import { createConversation } from "@grammyjs/conversations";
import type { UserFromGetMe } from "grammy/types";
import { createServiceSearch } from "../domain/search.js";
import { cachedSearch } from "../domain/search-cache.js";
import { metricsMiddleware, type Metrics } from "../metrics.js";
import type { BotContext, BotDeps } from "./context.js";
import { botContextClass } from "./context-class.js";
import { apologize } from "./handlers/error.js";
import { acrossInstances, userKey } from "./middlewares/across-instances.js";
import { forms } from "./middlewares/forms.js";
import { resolveLocale } from "./middlewares/locale.js";
import { rateLimit } from "./middlewares/rate-limit.js";
import { userSession } from "./middlewares/session.js";
import { createAppFor } from "./notifier.js";
import { routeButtons, routeCommands, unhandledButtons } from "./router.js";
import { withHtmlDefaults } from "./transformers/html-defaults.js";
import { ignoreStaleQueryAnswers } from "./transformers/stale-query.js";
import { adminButtons, adminCommands } from "./features/admin.js";
import { browseButtons } from "./features/browse.js";
import { detailsButtons, detailsCommands } from "./features/details.js";
import { citizenButtons, citizenCommands } from "./features/citizen.js";
import { fallback } from "./features/fallback.js";
import { groups } from "./features/groups.js";
import { guideButtons } from "./features/guide.js";
import { askLanguageOnce, languageButtons, languageCommands } from "./features/language.js";
import { createDeskForm, DESK_FORM, officerDeskButtons, officerDeskCommands } from "./features/officer-desk.js";
import { officersButtons, officersCommands } from "./features/officers.js";
import { createPreapplyForm, PREAPPLY_FORM, preapplyButtons } from "./features/preapply-form.js";
import { search as searchFeature, searchButtons, searchCommands } from "./features/search.js";
import { startButtons, startCommands } from "./features/start.js";
import { formExits } from "./forms/exits.js";
import { formPlugins } from "./forms/plugins.js";

/** The features' button handlers, one table per feature. */
export const FEATURE_BUTTONS = [
  preapplyButtons,
  detailsButtons,
  startButtons,
  languageButtons,
  browseButtons,
  guideButtons,
  officersButtons,
  citizenButtons,
  officerDeskButtons,
  adminButtons,
  searchButtons,
];

/** The features' commands, one table per feature (/cancel is the forms' way out: forms/exits.ts). */
export const FEATURE_COMMANDS = [
  detailsCommands,
  startCommands,
  languageCommands,
  officersCommands,
  citizenCommands,
  officerDeskCommands,
  adminCommands,
  searchCommands,
];

export interface CreateBotOptions {
  /** The bot token; any well-formed token works offline (tests, terminal chat). */
  token: string;
  /** Known bot info, so the bot needs no getMe call (tests, terminal chat, benchmarks). */
  botInfo?: UserFromGetMe;
  /** grammY client options: apiRoot for a self-hosted Bot API server, fetch for an in-process one. */
  client?: ApiClientOptions;
  /** Prometheus metrics to count updates, durations and handler errors into. */
  metrics?: Metrics;
  /**
   * The bot gets its updates by long polling, so it is the only instance handling them: no lock across
   * instances, handled updates marked in the session (middlewares/across-instances.ts), rate-limit counters
   * in this process. Off by default, the safe side for several webhook instances.
   */
  polling?: boolean;
}

/** Builds the bot with every feature, from injected dependencies. */
export function createBot(deps: BotDeps, options: CreateBotOptions): Bot<BotContext> {
  // In webhook mode a button's answer rides in the HTTP response (server/http-server.ts): one request
  // less per press. Only answerCallbackQuery: its result is `true` anyway, so nothing is lost by not
  // seeing Telegram's answer; a message's id is needed (edits, screens), so sends stay requests.
  const client: ApiClientOptions = {
    canUseWebhookReply: (method) => method === "answerCallbackQuery",
    ...options.client,
  };
  const search = cachedSearch(createServiceSearch(deps.catalog));
  // The use cases tell people through the bot's Api: `appFor` is built right after the bot, long
  // before the first update asks a context for its use cases.
  const ContextConstructor = botContextClass(deps, search, (log) => appFor(log));
  const bot = new Bot<BotContext>(options.token, { botInfo: options.botInfo, client, ContextConstructor });
  withHtmlDefaults(bot.api);
  bot.api.config.use(ignoreStaleQueryAnswers);
  const appFor = createAppFor(deps, bot.api);

  if (options.metrics) bot.use(metricsMiddleware(options.metrics));

  const guarded = bot.errorBoundary(apologize(deps, options.metrics));
  guarded.use(sequentialize(userKey));
  guarded.use(acrossInstances(deps, { polling: options.polling }));
  guarded.use(userSession(deps, { polling: options.polling }));
  guarded.use(deps.i18n);
  guarded.use(groups);
  guarded.use(resolveLocale(deps.config.defaultLocale));
  guarded.use(rateLimit(deps, { polling: options.polling }));
  guarded.use(askLanguageOnce);
  guarded.use(forms(deps));
  guarded.use(formExits);
  guarded.use(createConversation(createPreapplyForm(deps, appFor), { id: PREAPPLY_FORM, plugins: formPlugins }));
  guarded.use(createConversation(createDeskForm(deps, appFor), { id: DESK_FORM, plugins: formPlugins }));
  guarded.use(routeButtons(...FEATURE_BUTTONS));
  guarded.use(routeCommands(...FEATURE_COMMANDS), searchFeature);
  guarded.use(unhandledButtons, fallback);
  return bot;
}
