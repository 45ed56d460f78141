/**
 * Who is told, in which language: a citizen in the language they used for the pre-application, an
 * officer's linked Telegram users and the admins each in the language kept in their session.
 */
import type { Locale } from "../domain/catalog.js";
import type { PreApplication } from "../domain/preapplication.js";
import { supportedLocale } from "../domain/locale.js";
import type { AppDeps, Delivery, Notice } from "./ports.js";

/**
 * A user's language for messages outside their own updates: the one kept in their session, else the
 * default. Sessions are read, never written, so this is safe from any process; an unreadable session
 * (Redis away) means the default language, not a lost message.
 */
export async function localeOf(deps: Pick<AppDeps, "stores" | "config">, userId: number): Promise<Locale> {
  try {
    return (
      supportedLocale((await deps.stores.sessions.read(String(userId)))?.__language_code) ?? deps.config.defaultLocale
    );
  } catch {
    return deps.config.defaultLocale;
  }
}

/** Tells one user in their language; a failure is logged, never thrown to the caller's update. */
export async function tellUser(deps: AppDeps, userId: number, notice: Notice): Promise<Delivery> {
  return logged(deps, userId, await deps.notifier.send(userId, await localeOf(deps, userId), notice));
}

/** Tells the citizen of a pre-application, in the language of the pre-application. */
export async function tellCitizen(deps: AppDeps, app: PreApplication, notice: Notice): Promise<Delivery> {
  return logged(deps, app.citizenChatId, await deps.notifier.send(app.citizenChatId, app.citizenLocale, notice));
}

/** Tells every Telegram user linked to the officer; returns who was addressed (ascending ids). */
export async function tellOfficer(deps: AppDeps, officerId: string, notice: Notice): Promise<number[]> {
  const users = await deps.stores.officerLinks.usersOf(officerId);
  for (const userId of users) await tellUser(deps, userId, notice);
  return users;
}

/** Tells every administrator (ADMIN_IDS). */
export async function tellAdmins(deps: AppDeps, notice: Notice): Promise<void> {
  for (const userId of deps.config.adminIds) await tellUser(deps, userId, notice);
}

function logged(deps: AppDeps, chatId: number, delivery: Delivery): Delivery {
  if (delivery.outcome !== "ok") deps.log.warn({ err: delivery.error, chatId }, "could not deliver a notification");
  return delivery;
}
