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
  /**
   * Whether a form (conversation) is open in the user's private chat, kept by the forms' storage
   * (bot/middlewares/forms.ts) so that most updates need not read the forms' state from Redis. Unset:
   * not known yet (a session from before this field), so the state is read once and this set.
   */
  formOpen?: boolean;
  /**
   * Polling only: the last update of this user handled to the end, and when (ms since the epoch), so
   * that the batch Telegram delivers again after a restart is skipped (bot/middlewares/across-instances.ts).
   */
  handledUpdate?: { id: number; at: number };
}

export type SessionStorage = StorageAdapter<SessionData>;
