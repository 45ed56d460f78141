/**
 * createBot: the one place where the bot's middleware is put together. main.ts, the terminal chat,
 * the tests and the benchmarks all build the bot here, so they run the same wiring.
 */
import type { BotError} from "grammy";
import { Bot, session, type ApiClientOptions } from "grammy";
import { sequentialize } from "@grammyjs/runner";
import type { UserFromGetMe } from "grammy/types";
import type { BotContext, BotDeps } from "./context.js";
import { createI18n, knownLocale } from "./i18n.js";
import { resilientStorage } from "../store/resilient-storage.js";
import { routeDecoder, unhandledButtons } from "./router.js";
import { groups } from "./features/groups.js";
import { askLanguageOnce, language } from "./features/language.js";
import { start } from "./features/start.js";
import { browse } from "./features/browse.js";
import { officers } from "./features/officers.js";
import { fallback } from "./features/fallback.js";
import { search as searchFeature } from "./features/search.js";
import { createServiceSearch } from "../domain/search.js";
import { isServiceUnavailable } from "./errors.js";

export interface CreateBotOptions {
  /** The bot token; any well-formed token works offline (tests, terminal chat). */
  token: string;
  /** Known bot info, so the bot needs no getMe call (tests, terminal chat, benchmarks). */
  botInfo?: UserFromGetMe;
  /** grammY client options: apiRoot for a self-hosted Bot API server, fetch for an in-process one. */
  client?: ApiClientOptions;
}

/** Builds the bot with every feature, from injected dependencies. */
export function createBot(deps: BotDeps, options: CreateBotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(options.token, { botInfo: options.botInfo, client: options.client });
  const i18n = createI18n(deps.config.defaultLocale);
  const search = createServiceSearch(deps.catalog);

  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.search = search;
    ctx.log = deps.logger.child({ updateId: ctx.update.update_id });
    await next();
  });

  // Replies to the user in their language even when the error happened before i18n ran.
  const apologize = async (error: BotError<BotContext>) => {
    const ctx = error.ctx;
    const unavailable = isServiceUnavailable(error.error);
    ctx.log.error({ err: error.error, unavailable }, "update failed");
    const locale = ctx.locale ?? deps.config.defaultLocale;
    const text = i18n.t(locale, unavailable ? "service-degraded" : "error-generic");
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
      else if (ctx.chat?.type === "private") await ctx.reply(text);
    } catch (replyError) {
      ctx.log.warn({ err: replyError }, "could not tell the user about the failure");
    }
  };

  const guarded = bot.errorBoundary(apologize);
  guarded.use(sequentialize((ctx) => ctx.from?.id.toString()));
  guarded.use(
    session({
      initial: () => ({}),
      getSessionKey: (ctx) => ctx.from?.id.toString(),
      storage: resilientStorage(deps.stores.sessions, {
        onError: (error) => deps.logger.warn({ err: error }, "session storage unavailable"),
      }),
    }),
  );
  guarded.use(i18n);
  guarded.use(groups);
  guarded.use(async (ctx, next) => {
    ctx.locale = knownLocale(ctx) ?? deps.config.defaultLocale;
    await next();
  });
  guarded.use(askLanguageOnce);
  guarded.use(routeDecoder);
  guarded.use(start, language, browse, officers, searchFeature);
  guarded.use(unhandledButtons, fallback);
  return bot;
}

export { createI18n };
