/**
 * Finding a service in one's own words: free text in a private chat, /search, and inline mode
 * (`@bot опека` in any chat). The engine is the pure one in src/domain/search.ts.
 */
import { FeatureComposer } from "../composer.js";
import type { BotContext } from "../context.js";
import { answerStaleButton, CommandHandlers, onCommand, onRoute, RouteHandlers } from "../router.js";
import type { View } from "../views/view.js";
import { replyView, showView } from "../show.js";
import { serviceDeepLink } from "../views/card.js";
import { inlineServiceResult, searchResultsView } from "../views/search.js";
import { navigationRow } from "../views/menu.js";
import { MAX_TEXT_LENGTH } from "./fallback.js";
import { InlineKeyboard } from "grammy";

/** Inline results per query; Telegram allows 50, a phone screen shows about five. */
const INLINE_RESULTS = 5;

/** How much of the last query the session keeps for the cards' Back button: the session stays small. */
const REMEMBERED_QUERY_MAX = 200;

/** The results of a query, remembered so a card opened from them can come back here. */
export function searchView(ctx: BotContext, query: string): View {
  const result = ctx.search.find(query);
  // Asked of the base logger first: ctx.log builds the update's child logger on first use, and a
  // search is the only thing most text updates would log, at a level that is usually off.
  if (ctx.deps.logger.isLevelEnabled("debug"))
    ctx.log.debug({ found: result.services.length, confident: result.confident }, "search");
  ctx.session.lastQuery = query.slice(0, REMEMBERED_QUERY_MAX);
  return searchResultsView(ctx.t.bind(ctx), ctx.deps.catalog, ctx.locale, query, result, ctx.deps.config.phoneAreaCode);
}

async function answerQuery(ctx: BotContext, query: string): Promise<void> {
  await replyView(ctx, searchView(ctx, query));
}

function promptView(ctx: BotContext) {
  return { text: ctx.t("search-prompt"), keyboard: navigationRow(ctx.t.bind(ctx), new InlineKeyboard()) };
}

export const search = new FeatureComposer<BotContext>();
export const searchButtons = new RouteHandlers();
export const searchCommands = new CommandHandlers();
const privateChats = search.chatType("private");

onCommand(searchCommands, "search", async (ctx) => {
  const query = ctx.match.trim();
  if (!query) return replyView(ctx, promptView(ctx));
  if (query.length > MAX_TEXT_LENGTH)
    return ctx.reply(ctx.t("text-too-long", { length: query.length, max: MAX_TEXT_LENGTH }));
  await answerQuery(ctx, query);
});

/** Back from a card to the results it was opened from; the menu when the session no longer has them. */
onRoute(searchButtons, "results", async (ctx) => {
  const query = ctx.session.lastQuery;
  if (!query) return answerStaleButton(ctx);
  await ctx.answerCallbackQuery();
  await showView(ctx, searchView(ctx, query));
});

onRoute(searchButtons, "find", async (ctx) => {
  await ctx.answerCallbackQuery();
  await showView(ctx, promptView(ctx));
});

/** Any other text that is not a command is a question; overlong texts fall through to the fallback. */
privateChats.on("message:text", async (ctx, next) => {
  const text = ctx.message.text;
  if (text.startsWith("/") || text.length > MAX_TEXT_LENGTH) return next();
  await answerQuery(ctx, text);
});

search.on("inline_query", async (ctx) => {
  const query = ctx.inlineQuery.query.trim();
  const { catalog, config } = ctx.deps;
  const services = query
    ? (() => {
        const result = ctx.search.find(query, INLINE_RESULTS);
        return result.confident ? result.services.map((hit) => hit.service) : [];
      })()
    : catalog.popular.map((id) => catalog.serviceById.get(id)!);
  const t = ctx.t.bind(ctx);
  const results = services.map((service) =>
    inlineServiceResult(
      t,
      catalog,
      ctx.locale,
      service,
      serviceDeepLink(ctx.me.username, service.id),
      config.phoneAreaCode,
    ),
  );
  await ctx.answerInlineQuery(results, {
    cache_time: 300,
    is_personal: true,
    button: { text: t("inline-open-bot"), start_parameter: "inline" },
  });
});
