/** Language: asked once when Telegram does not tell a supported one, switched with /language. */
import { Composer, InlineKeyboard, type NextFunction } from "grammy";
import { LOCALES } from "../../domain/catalog.js";
import { encodeRoute } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { knownLocale } from "../i18n.js";
import type { Translate } from "../views/format.js";
import { onRoute } from "../router.js";
import { replyView, showView } from "../show.js";
import { mainMenuView } from "../views/menu.js";
import { deepLinkView } from "./start.js";
import type { View } from "../views/view.js";

const LANGUAGE_LABELS = { kk: "🇰🇿 Қазақша", ru: "🇷🇺 Русский", en: "🇬🇧 English" } as const;

/** The language picker; its text is written in all three languages since the language may not be known yet. */
export function languageView(t: Translate): View {
  const keyboard = new InlineKeyboard();
  for (const locale of LOCALES) keyboard.text(LANGUAGE_LABELS[locale], encodeRoute({ kind: "setLanguage", locale }));
  return { text: t("language-prompt"), keyboard };
}

/**
 * Asks for the language once, on the first private message, when neither a choice nor the app's
 * language says which of kk/ru/en to use. A /start deep link is kept and followed after the choice.
 */
export async function askLanguageOnce(ctx: BotContext, next: NextFunction): Promise<void> {
  if (ctx.chat?.type !== "private" || !ctx.message || knownLocale(ctx) || ctx.session.languageAsked) return next();
  ctx.session.languageAsked = true;
  const payload = ctx.message.text?.match(/^\/start\s+(\S{1,64})$/)?.[1];
  if (payload) ctx.session.pendingStart = payload;
  await replyView(ctx, languageView(ctx.t.bind(ctx)));
}

export const language = new Composer<BotContext>();

language.chatType("private").command("language", (ctx) => replyView(ctx, languageView(ctx.t.bind(ctx))));

onRoute(language, "languages", async (ctx) => {
  await ctx.answerCallbackQuery();
  await showView(ctx, languageView(ctx.t.bind(ctx)));
});

onRoute(language, "setLanguage", async (ctx, route) => {
  await ctx.i18n.setLocale(route.locale);
  ctx.locale = route.locale;
  await ctx.answerCallbackQuery({ text: ctx.t("language-set") });
  const pending = ctx.session.pendingStart;
  ctx.session.pendingStart = undefined;
  await showView(ctx, (pending && deepLinkView(ctx, pending)) || mainMenuView(ctx.t.bind(ctx)));
});
