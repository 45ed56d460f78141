/**
 * Resolves the user's language once per update (ctx.locale), after the session and i18n: the chosen
 * one, else the Telegram app's if supported, else the default.
 */
import type { MiddlewareFn } from "grammy";
import type { Locale } from "../../domain/catalog.js";
import { supportedLocale } from "../../domain/locale.js";
import type { BotContext } from "../context.js";
import { knownLocale } from "../i18n.js";

export function resolveLocale(defaultLocale: Locale): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    ctx.locale = knownLocale(ctx) ?? defaultLocale;
    // Remembered so that messages sent outside this user's own updates (notifications, reminders)
    // speak the language of their Telegram app too, not only a language chosen with /language.
    if (!ctx.session.__language_code && supportedLocale(ctx.from?.language_code))
      ctx.session.__language_code = ctx.locale;
    await next();
  };
}
