/** Whole user journeys through the real bot, shared by the bot, reminder and fault tests. */
import { decodeRoute } from "../../src/bot/callback-data.js";
import type { User } from "grammy/types";
import { contactUpdate } from "../../src/telegram/updates.js";
import type { Harness } from "./bot-harness.js";

/** What a journey needs of a bot: one harness, or one instance of several (test/support/instances.ts). */
export type JourneyDriver = Pick<Harness, "say" | "press" | "send" | "lastScreen">;

/** A pre-application reference as the bot prints it. */
export const REF_PATTERN = /<b>(KZ-\d+-\d{4}-[0-9A-Z]{5})<\/b>/;

export interface FormAnswers {
  name?: string;
  /** Shared with the contact button, as Telegram sends it (digits, maybe without "+"). */
  phone?: string;
  /** A channel button's label; the last channel offered when absent. */
  channel?: RegExp | string;
  /** Typed as the comment; the Skip button when absent. */
  comment?: string;
}

/** Opens service `serviceId`'s card, fills its pre-application form and confirms it; returns the reference. */
export async function fillForm(
  h: JourneyDriver,
  user: User,
  serviceId: number,
  answers: FormAnswers = {},
): Promise<string> {
  await fillFormToSummary(h, user, serviceId, answers);
  await h.press(user, "✅");
  const done = h.lastScreen(user.id).text;
  const ref = REF_PATTERN.exec(done)?.[1];
  if (!ref) throw new Error(`no reference in: ${done}`);
  return ref;
}

/** Opens service `serviceId`'s card and fills its form up to the summary; the next "✅" confirms it. */
export async function fillFormToSummary(
  h: JourneyDriver,
  user: User,
  serviceId: number,
  answers: FormAnswers = {},
): Promise<void> {
  await h.say(user, `/start s${serviceId}`);
  await h.press(user, "📝");
  await h.press(user, "✅");
  await h.say(user, answers.name ?? "Айгерим Сапарова");
  await h.send(contactUpdate(user, answers.phone ?? "77011234567"));
  const channels = h
    .lastScreen(user.id)
    .buttons.flat()
    .filter((b) => "callback_data" in b && decodeRoute(b.callback_data ?? "")?.kind === "formChannel");
  if (channels.length > 0) await h.press(user, answers.channel ?? channels.at(-1)!.text);
  if (answers.comment) await h.say(user, answers.comment);
  else await h.press(user, "⏭");
}

/** Links a Telegram user as an officer through an administrator's one-time invite. */
export async function linkOfficer(h: JourneyDriver, user: User, officerName: string, admin: User): Promise<void> {
  await h.say(admin, "/invite");
  await h.press(admin, officerName);
  const link = /start=(inv_[\w-]+)/.exec(h.lastScreen(admin.id).text)?.[1];
  if (!link) throw new Error(`no invite link in: ${h.lastScreen(admin.id).text}`);
  await h.say(user, `/start ${link}`);
}
