import { I18n } from "@grammyjs/i18n";
import type { StorageAdapter } from "grammy";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCALES, type Locale } from "../domain/catalog.js";
import type { BotContext, SessionData } from "./context.js";

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

/**
 * A user's language outside their own updates (notifications, reminders): the one kept in their
 * session, else the fallback. Sessions are read, never written, so this is safe from any process.
 */
export async function storedLocale(sessions: StorageAdapter<SessionData>, userId: number, fallback: Locale): Promise<Locale> {
  try {
    return supportedLocale((await sessions.read(String(userId)))?.__language_code) ?? fallback;
  } catch {
    return fallback;
  }
}
