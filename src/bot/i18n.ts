import { I18n } from "@grammyjs/i18n";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Locale } from "../domain/catalog.js";
import { supportedLocale } from "../domain/locale.js";
import type { BotContext } from "./context.js";
import { memoizeTranslations } from "./i18n-cache.js";

export const LOCALES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "locales");

/** Whether the user has a language: chosen in the bot, or a supported Telegram app language. */
export function knownLocale(ctx: BotContext): Locale | undefined {
  return supportedLocale(ctx.session.__language_code) ?? supportedLocale(ctx.from?.language_code);
}

/**
 * Fluent translations for kk/ru/en. useIsolating is off: Fluent's invisible isolation marks would
 * break HTML and exact-text matching. The negotiator always answers, so an unsupported app language
 * falls back to the configured default rather than to a locale that has no file. Built once per
 * process (src/deps.ts) and injected everywhere; its locale matching and plain messages are memoized
 * (i18n-cache.ts).
 */
export function createI18n(defaultLocale: Locale): I18n<BotContext> {
  return memoizeTranslations(
    new I18n<BotContext>({
      defaultLocale,
      directory: LOCALES_DIR,
      useSession: true,
      fluentBundleOptions: { useIsolating: false },
      localeNegotiator: (ctx) => knownLocale(ctx) ?? defaultLocale,
    }),
  );
}
