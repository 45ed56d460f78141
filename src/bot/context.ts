import type { Context, SessionFlavor } from "grammy";
import type { I18n, I18nFlavor } from "@grammyjs/i18n";
import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Logger } from "pino";
import type { App } from "../app/index.js";
import type { Catalog, Locale } from "../domain/catalog.js";
import type { Clock } from "../domain/clock.js";
import type { Config } from "../config.js";
import type { Stores } from "../store/stores.js";
import type { SessionData } from "../store/sessions.js";
import type { ServiceSearch } from "../domain/search.js";
import type { WorkCalendar } from "../domain/calendar.js";
import type { DeskSettings } from "../domain/desk.js";
import type { Guide } from "../domain/guide.js";
import type { Department } from "../domain/department.js";
import type { RandomSource } from "../domain/preapplication.js";
import type { ScreenCache } from "./views/screen-cache.js";

export type { SessionData };

/** Everything the bot needs from the outside world, injected by main.ts, the terminal chat and tests. */
export interface BotDeps {
  config: Config;
  catalog: Catalog;
  calendar: WorkCalendar;
  /** The desk's settings (catalog/desk.yaml). */
  desk: DeskSettings;
  guide: Guide;
  /** Where the department is and when it is open (catalog/department.yaml); fields may be unknown. */
  department: Department;
  stores: Stores;
  /** Random bytes for ids and references; crypto in production, seeded in tests that need it. */
  random: RandomSource;
  clock: Clock;
  logger: Logger;
  /** The translations, built once: updates, forms, notifications, reminders and the command menu share it. */
  i18n: I18n<BotContext>;
}

/** Given by the bot's context class (context-class.ts). */
interface DepsFlavor {
  readonly deps: BotDeps;
  /** A child logger carrying the update id; never give it message texts, names or phones. */
  readonly log: Logger;
  /** The user's locale, resolved once per update. */
  locale: Locale;
  /** The search index over the catalog, built once per bot. */
  readonly search: ServiceSearch;
  /** The screens that depend only on the language and the route, built once per bot. */
  readonly screens: ScreenCache;
  /** The use cases (src/app), bound to this update's log. */
  readonly app: App;
}

export type BotContext = ConversationFlavor<Context & SessionFlavor<SessionData> & I18nFlavor & DepsFlavor>;
