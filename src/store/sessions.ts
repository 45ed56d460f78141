/**
 * The per-user session the bot keeps (grammY's session plugin writes it; the application reads the
 * language from it for messages sent outside the user's own updates). Declared here, beside the storage
 * that holds it, so the store does not depend on the Telegram layer.
 */
import type { StorageAdapter } from "grammy";
import type { Locale } from "../domain/catalog.js";

/** Per-user session, kept in Redis (or memory in the terminal demo). Small on purpose. */
export interface SessionData {
  /** Written by @grammyjs/i18n's setLocale; the reminder worker reads it to speak the officer's language. */
  __language_code?: Locale;
  /** The language question was shown once; after that the default language is used until one is chosen. */
  languageAsked?: boolean;
  /** A /start payload that arrived before the language was chosen, followed once it is. */
  pendingStart?: string;
  /** A question typed before the language was chosen, answered once it is. */
  pendingQuery?: string;
  /** The last search, so a card opened from its results can go back to them. */
  lastQuery?: string;
}

export type SessionStorage = StorageAdapter<SessionData>;

