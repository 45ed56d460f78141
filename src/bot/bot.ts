/**
 * createBot: the one place where the bot's middleware is put together. main.ts, the terminal chat,
 * the tests and the benchmarks all build the bot here, so they run the same wiring.
 *
 * Order matters: per-user sequencing before the session; session and i18n before anything that
 * speaks; the rate limit before real work; /cancel between the conversations plugin and the forms, so
 * it can always leave a form; forms before the button router, so an open form sees its own buttons.
 */
import { Bot, session, type ApiClientOptions, type BotError, type Context } from "grammy";
import { sequentialize } from "@grammyjs/runner";
import { limit } from "@grammyjs/ratelimiter";
import { conversations, createConversation } from "@grammyjs/conversations";
import type { UserFromGetMe } from "grammy/types";
import { createServiceSearch } from "../domain/search.js";
import { metricsMiddleware, type Metrics } from "../metrics.js";
import { resilientFormStorage, resilientStorage } from "../store/resilient-storage.js";
import type { BotContext, BotDeps } from "./context.js";
import { isServiceUnavailable } from "./errors.js";
import { createI18n, knownLocale, supportedLocale } from "./i18n.js";
import { routeDecoder, unhandledButtons } from "./router.js";
import { createWorkflow } from "./workflow.js";
import { admin } from "./features/admin.js";
import { browse } from "./features/browse.js";
import { detailsFeature } from "./features/details.js";
import { cancelCommand, citizen } from "./features/citizen.js";
import { fallback } from "./features/fallback.js";
import { groups } from "./features/groups.js";
import { guide } from "./features/guide.js";
import { askLanguageOnce, language } from "./features/language.js";
import { createRejectForm, officerDesk, REJECT_FORM } from "./features/officer-desk.js";
import { officers } from "./features/officers.js";
import { createPreapplyForm, PREAPPLY_FORM } from "./features/preapply-form.js";
import { search as searchFeature } from "./features/search.js";
import { start } from "./features/start.js";

export interface CreateBotOptions {
  /** The bot token; any well-formed token works offline (tests, terminal chat). */
  token: string;
  /** Known bot info, so the bot needs no getMe call (tests, terminal chat, benchmarks). */
  botInfo?: UserFromGetMe;
  /** grammY client options: apiRoot for a self-hosted Bot API server, fetch for an in-process one. */
  client?: ApiClientOptions;
  /** Prometheus metrics to count updates, durations and handler errors into. */
  metrics?: Metrics;
}

/** Builds the bot with every feature, from injected dependencies. */
export function createBot(deps: BotDeps, options: CreateBotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(options.token, { botInfo: options.botInfo, client: options.client });
  // A button answered too late (the bot was busy or restarting) is still acted on: only the small
  // notice under the button is lost, never the screen the user asked for.
  bot.api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok && method === "answerCallbackQuery" && /query is too old|query ID is invalid/.test(result.description)) {
      return { ok: true, result: true as never };
    }
    return result;
  });
  const i18n = createI18n(deps.config.defaultLocale);
  const search = createServiceSearch(deps.catalog);
  const workflowFor = createWorkflow(deps, bot.api, i18n);

  if (options.metrics) bot.use(metricsMiddleware(options.metrics));
  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.search = search;
    ctx.log = deps.logger.child({ updateId: ctx.update.update_id });
    ctx.workflow = workflowFor(ctx.log);
    await next();
  });

  // Replies to the user in their language even when the error happened before i18n ran.
  const apologize = async (error: BotError<BotContext>) => {
    const ctx = error.ctx;
    const unavailable = isServiceUnavailable(error.error);
    options.metrics?.updateErrors.inc();
    ctx.log.error({ err: error.error, unavailable }, "update failed");
    const text = i18n.t(ctx.locale ?? deps.config.defaultLocale, unavailable ? "service-degraded" : "error-generic");
    try {
      // Telegram shows only the first answer to a button, and the handler may have given it before
      // failing: in a private chat the apology goes into the chat, the button is only released.
      if (ctx.chat?.type === "private") {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
        await ctx.reply(text);
      } else if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
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
        onError: (error) => deps.logger.warn({ err: (error as Error).message }, "session storage unavailable"),
      }),
    }),
  );
  guarded.use(i18n);
  guarded.use(groups);
  guarded.use(async (ctx, next) => {
    ctx.locale = knownLocale(ctx) ?? deps.config.defaultLocale;
    // Remembered so that messages sent outside this user's own updates (notifications, reminders)
    // speak the language of their Telegram app too, not only a language chosen with /language.
    if (!ctx.session.__language_code && supportedLocale(ctx.from?.language_code)) ctx.session.__language_code = ctx.locale;
    await next();
  });
  guarded.use(
    limit<BotContext, never>({
      timeFrame: deps.config.rateLimit.windowMs,
      limit: deps.config.rateLimit.limit,
      keyGenerator: (ctx) => ctx.from?.id.toString(),
      onLimitExceeded: async (ctx) => {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("rate-limited") });
        else if (ctx.chat?.type === "private") await ctx.reply(ctx.t("rate-limited"));
      },
    }),
  );
  guarded.use(askLanguageOnce);
  guarded.use(
    conversations<BotContext, Context>({
      ...(deps.stores.forms
        ? {
            storage: {
              type: "context",
              version: 1,
              adapter: resilientFormStorage(deps.stores.forms, {
                onError: (error) => deps.logger.warn({ err: (error as Error).message }, "form storage unavailable"),
              }),
            },
          }
        : {}),
    }),
  );
  guarded.use(cancelCommand);
  guarded.use(createConversation(createPreapplyForm(deps, workflowFor, i18n), PREAPPLY_FORM));
  guarded.use(createConversation(createRejectForm(deps, workflowFor, i18n), REJECT_FORM));
  guarded.use(routeDecoder);
  guarded.use(detailsFeature);
  guarded.use(start, language, browse, guide, officers, citizen, officerDesk, admin, searchFeature);
  guarded.use(unhandledButtons, fallback);
  return bot;
}

export { createI18n };
