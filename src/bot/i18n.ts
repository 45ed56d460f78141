import { I18n } from "@grammyjs/i18n";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCALES, type Locale } from "../domain/catalog.js";
import type { BotContext } from "./context.js";

export const LOCALES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "locales");

/** Narrows any language code ("ru-RU", "kk", "de") to a supported locale, or undefined. */
export function supportedLocale(code: string | undefined): Locale | undefined {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? "") ? (base as Locale) : undefined;
}

/** Whether the user has a language: chosen in the bot, or a supported Telegram app language. */
export function knownLocale(ctx: BotContext): Locale | undefined {
  return supportedLocale(ctx.session.__language_code) ?? supportedLocale(ctx.from?.language_code);
}

/**
 * Fluent translations for kk/ru/en. useIsolating is off: Fluent's invisible isolation marks would
 * break HTML and exact-text matching. The negotiator always answers, so an unsupported app language
 * falls back to the configured default rather than to a locale that has no file.
 */
export function createI18n(defaultLocale: Locale): I18n<BotContext> {
  return new I18n<BotContext>({
    defaultLocale,
    directory: LOCALES_DIR,
    useSession: true,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => knownLocale(ctx) ?? defaultLocale,
  });
}
