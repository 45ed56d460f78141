/** Language: asked once when Telegram does not tell a supported one, switched with /language. */
import { InlineKeyboard, type NextFunction } from "grammy";
import { LOCALES } from "../../domain/catalog.js";
import { encodeRoute } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { knownLocale } from "../i18n.js";
import type { Translate } from "../views/format.js";
import { CommandHandlers, onCommand, onRoute, RouteHandlers } from "../router.js";
import { replyView, showView } from "../show.js";
import { mainMenuFor, navigationRow } from "../views/menu.js";
import { MAX_TEXT_LENGTH } from "./fallback.js";
import { searchView } from "./search.js";
import { deepLinkView } from "./start.js";
import type { View } from "../views/view.js";

const LANGUAGE_LABELS = { kk: "🇰🇿 Қазақша", ru: "🇷🇺 Русский", en: "🇬🇧 English" } as const;

/**
 * The language picker; its text is written in all three languages since the language may not be known
 * yet. Opened from the menu or /language it has a way back; asked on the first message it has not.
 */
export function languageView(t: Translate, withMenu = true): View {
  const keyboard = new InlineKeyboard();
  for (const locale of LOCALES) keyboard.text(LANGUAGE_LABELS[locale], encodeRoute({ kind: "setLanguage", locale }));
  return { text: t("language-prompt"), keyboard: withMenu ? navigationRow(t, keyboard) : keyboard };
}

/**
 * Asks for the language once, on the first private message, when neither a choice nor the app's
 * language says which of kk/ru/en to use. A /start deep link is kept and followed after the choice.
 */
export async function askLanguageOnce(ctx: BotContext, next: NextFunction): Promise<void> {
  if (ctx.chat?.type !== "private" || !ctx.message || knownLocale(ctx) || ctx.session.languageAsked) return next();
  ctx.session.languageAsked = true;
  const text = ctx.message.text?.trim();
  const payload = text?.match(/^\/start\s+(\S{1,64})$/)?.[1];
  if (payload) ctx.session.pendingStart = payload;
  else if (text && !text.startsWith("/") && text.length <= MAX_TEXT_LENGTH) ctx.session.pendingQuery = text;
  await replyView(ctx, languageView(ctx.t.bind(ctx), false));
}

export const languageCommands = new CommandHandlers();
export const languageButtons = new RouteHandlers();

onCommand(languageCommands, "language", (ctx) => replyView(ctx, languageView(ctx.t.bind(ctx))));

onRoute(languageButtons, "languages", async (ctx) => {
  await ctx.answerCallbackQuery();
  await showView(ctx, languageView(ctx.t.bind(ctx)));
});

onRoute(languageButtons, "setLanguage", async (ctx, route) => {
  await ctx.i18n.setLocale(route.locale);
  ctx.locale = route.locale;
  await ctx.answerCallbackQuery({ text: ctx.t("language-set") });
  const { pendingStart, pendingQuery } = ctx.session;
  ctx.session.pendingStart = undefined;
  ctx.session.pendingQuery = undefined;
  const view =
    (pendingStart && deepLinkView(ctx, pendingStart)) ||
    (pendingQuery && searchView(ctx, pendingQuery)) ||
    mainMenuFor(ctx);
  await showView(ctx, view);
});
