/**
 * The application layer's view of the outside world. Use cases (src/app/*) decide what happens to a
 * pre-application and who is told; they speak through these ports and the store interfaces, never to
 * Telegram. src/bot implements `Notifier` with grammY's Api and i18n; tests use a recording one.
 */
import type { WorkCalendar } from "../domain/calendar.js";
import type { Catalog, Locale } from "../domain/catalog.js";
import type { Clock } from "../domain/clock.js";
import type { PreApplication, RandomSource } from "../domain/preapplication.js";
import type { ReminderKind } from "../domain/reminder-plan.js";
import type { Stores } from "../store/stores.js";

/** One pre-application an officer is reminded of, with the most urgent reminder kind due for it. */
export interface DueReminder {
  app: PreApplication;
  kind: ReminderKind;
}

/** What the application tells people; the notifier renders each in the recipient's language. */
export type Notice =
  /** To an officer's users: a citizen sent a new pre-application (with the officer's action buttons). */
  | { kind: "new-preapplication"; app: PreApplication }
  /** To an officer's users: the citizen withdrew a pre-application (cancelled it or deleted their data). */
  | { kind: "withdrawn"; ref: string }
  /** To the citizen: an officer or admin changed their pre-application's status. */
  | { kind: "status-changed"; app: PreApplication }
  /** To a former officer's users: an administrator unlinked them from the officer record. */
  | { kind: "unlinked"; officerName: string }
  /** To an officer's user: deadlines that are near or past, one message for all of them. */
  | { kind: "reminder"; due: readonly DueReminder[] };

/**
 * How one message went: delivered; rate limited (wait `retryAfterMs`); the chat is gone for good
 * (blocked, deactivated); or failed for a reason worth retrying (network, 5xx).
 */
export type DeliveryOutcome = "ok" | "blocked" | "failed" | { retryAfterMs: number };

export interface Delivery {
  outcome: DeliveryOutcome;
  /** Why it failed, for the log; never contains the message text. */
  error?: string;
}

/** Sends notices to people. Never throws: every failure comes back as a Delivery. */
export interface Notifier {
  /** Renders `notice` in `locale` and sends it to the private chat `chatId`. */
  send(chatId: number, locale: Locale, notice: Notice): Promise<Delivery>;
}

/** The subset of pino's logger the use cases write to. Never give it names, phones or message texts. */
export interface Log {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** The settings the use cases read (a subset of src/config.ts's Config). */
export interface AppConfig {
  adminIds: readonly number[];
  /** The language of users who never chose one and whose app language is not supported. */
  defaultLocale: Locale;
}

/** Everything a use case runs on; the bot, the terminal chat and the tests each wire their own. */
export interface AppDeps {
  config: AppConfig;
  catalog: Catalog;
  calendar: WorkCalendar;
  stores: Stores;
  /** Random bytes for ids and references; crypto in production, seeded in tests that need it. */
  random: RandomSource;
  clock: Clock;
  notifier: Notifier;
  /** The log of the update (or job) being handled, so every line carries its id. */
  log: Log;
}
