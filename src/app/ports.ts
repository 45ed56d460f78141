/**
 * The application layer's view of the outside world. Use cases (src/app/*) decide what happens to a
 * pre-application and who is told; they speak through these ports and the store interfaces, never to
 * Telegram. src/bot implements `Notifier` with grammY's Api and i18n; tests use a recording one.
 */
import type { WorkCalendar } from "../domain/calendar.js";
import type { Catalog, Locale } from "../domain/catalog.js";
import type { Clock } from "../domain/clock.js";
import type { DeskSettings } from "../domain/desk.js";
import type { PreApplication, RandomSource } from "../domain/preapplication.js";
import type { ReminderKind } from "../domain/reminder-plan.js";
import type { Stores } from "../store/stores.js";

/** One pre-application a person is reminded of, with the most urgent reminder kind due for it. */
export interface DueReminder {
  app: PreApplication;
  kind: ReminderKind;
}

/** A staff member's morning digest: what is due today and overdue in their queue (the department's, for admins). */
export interface Digest {
  role: "officer" | "admin";
  /** Due today or overdue, nearest first. */
  items: readonly PreApplication[];
  /** Admins: open requests nobody owns. */
  unowned: number;
}

/** What the application tells people; the notifier renders each in the recipient's language. */
export type Notice =
  /** To the owner's users (or their substitute's): a new request, or one an admin assigned to them. */
  | { kind: "new-preapplication"; app: PreApplication; assigned: boolean }
  /** To the admins: a request nobody can take (its officer has no linked Telegram), to assign. */
  | { kind: "needs-owner"; app: PreApplication }
  /** To the owner's users: the citizen withdrew a pre-application (cancelled it or deleted their data). */
  | { kind: "withdrawn"; ref: string }
  /** To the citizen, and to whoever handles the request: the system closed it after a long time with nothing done. */
  | { kind: "closed-idle"; app: PreApplication; to: "citizen" | "staff" }
  /** To the citizen: a step on their request (the last history entry says which). */
  | { kind: "status-changed"; app: PreApplication }
  /** To a former officer's users: an administrator unlinked them from the officer record. */
  | { kind: "unlinked"; officerName: string }
  /** To staff: clocks near or past, one message for all of them. */
  | { kind: "reminder"; due: readonly DueReminder[] }
  /** To the citizen: their appointment is on the next working day. */
  | { kind: "appointment-reminder"; app: PreApplication }
  /** To staff, at 09:00 on working days. */
  | { kind: "digest"; digest: Digest }
  /** To an officer and their substitute: a cover was set or removed. */
  | { kind: "cover"; officerId: string; substituteId: string; from: string; to: string; removed: boolean };

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
  /** Days an open request may go with nothing happening before the system closes it (IDLE_CLOSE_DAYS). */
  idleCloseDays: number;
}

/** Everything a use case runs on; the bot, the terminal chat and the tests each wire their own. */
export interface AppDeps {
  config: AppConfig;
  catalog: Catalog;
  calendar: WorkCalendar;
  /** The desk's settings (catalog/desk.yaml): the response promise. */
  desk: DeskSettings;
  stores: Stores;
  /** Random bytes for ids and references; crypto in production, seeded in tests that need it. */
  random: RandomSource;
  clock: Clock;
  notifier: Notifier;
  /** The log of the update (or job) being handled, so every line carries its id. */
  log: Log;
}
