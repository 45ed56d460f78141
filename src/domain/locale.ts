/** Which of the bot's languages a language code means. */
import { LOCALES, type Locale } from "./catalog.js";

/** Narrows any language code ("ru-RU", "kk", "de") to a supported locale, or undefined. */
export function supportedLocale(code: string | undefined): Locale | undefined {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? "") ? (base as Locale) : undefined;
}
