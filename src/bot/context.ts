import type { Context, SessionFlavor } from "grammy";
import type { I18nFlavor } from "@grammyjs/i18n";
import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Logger } from "pino";
import type { Catalog, Locale } from "../domain/catalog.js";
import type { Config } from "../config.js";
import type { Stores } from "../store/stores.js";
import type { ServiceSearch } from "../domain/search.js";
import type { WorkCalendar } from "../domain/calendar.js";
import type { Guide } from "../domain/guide.js";
import type { Department } from "../domain/department.js";
import type { Workflow } from "./workflow.js";
import type { RandomSource } from "../domain/preapplication.js";

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

/** A source of the current time, injected so tests and benchmarks control it. */
export type Clock = () => Date;

/** Everything the bot needs from the outside world, injected by main.ts, the terminal chat and tests. */
export interface BotDeps {
  config: Config;
  catalog: Catalog;
  calendar: WorkCalendar;
  guide: Guide;
  /** Where the department is and when it is open (catalog/department.yaml); fields may be unknown. */
  department: Department;
  stores: Stores;
  /** Random bytes for ids and references; crypto in production, seeded in tests that need it. */
  random: RandomSource;
  clock: Clock;
  logger: Logger;
}

interface DepsFlavor {
  deps: BotDeps;
  /** A child logger carrying the update id; never give it message texts, names or phones. */
  log: Logger;
  /** The user's locale, resolved once per update. */
  locale: Locale;
  /** The search index over the catalog, built once per bot. */
  search: ServiceSearch;
  /** The pre-application workflow, built once per bot. */
  workflow: Workflow;
}

export type BotContext = ConversationFlavor<Context & SessionFlavor<SessionData> & I18nFlavor & DepsFlavor>;
