import type { Api } from "grammy";
import type { I18n } from "@grammyjs/i18n";
import { LOCALES, type Locale } from "../domain/catalog.js";
import type { BotContext } from "./context.js";

/** The commands shown in Telegram's menu, in this order. */
export const COMMANDS = ["start", "search", "officers", "my", "language", "help", "privacy", "cancel"] as const;
/** The menu of an officer's private chat: the desk first, then the citizen's commands they still use. */
export const OFFICER_COMMANDS = ["desk", "queue", "export", "start", "help", "language", "cancel"] as const;
/** The menu of an admin's private chat. */
export const ADMIN_COMMANDS = [
  "desk",
  "stats",
  "sources",
  "cover",
  "invite",
  "unlink",
  "export",
  "start",
  "help",
  "language",
  "cancel",
] as const;

/** The command list in one language. */
export function commandList(i18n: I18n<BotContext>, locale: Locale): { command: string; description: string }[] {
  return COMMANDS.map((command) => ({ command, description: i18n.t(locale, `cmd-${command}`) }));
}

/** Sets the command menu for each language, the default one for apps in any other language, and the admins' own. */
export async function registerCommands(
  api: Api,
  i18n: I18n<BotContext>,
  defaultLocale: Locale,
  adminIds: readonly number[] = [],
): Promise<void> {
  for (const locale of LOCALES) {
    await api.setMyCommands(commandList(i18n, locale), { language_code: locale });
  }
  await api.setMyCommands(commandList(i18n, defaultLocale));
  for (const adminId of adminIds) await setStaffCommands(api, i18n, adminId, "admin", defaultLocale);
}

/**
 * Gives one staff chat its own command menu, per language (Telegram's chat scope wins over the default
 * scope, so citizens never see staff commands and staff see the desk first).
 */
export async function setStaffCommands(
  api: Api,
  i18n: I18n<BotContext>,
  chatId: number,
  role: "officer" | "admin",
  defaultLocale: Locale,
): Promise<void> {
  const commands = role === "admin" ? ADMIN_COMMANDS : OFFICER_COMMANDS;
  const scope = { type: "chat", chat_id: chatId } as const;
  for (const locale of LOCALES) {
    await api.setMyCommands(
      commands.map((command) => ({ command, description: i18n.t(locale, `cmd-${command}`) })),
      { scope, language_code: locale },
    );
  }
  await api.setMyCommands(
    commands.map((command) => ({ command, description: i18n.t(defaultLocale, `cmd-${command}`) })),
    { scope },
  );
}

/** Takes a former officer's chat back to the citizens' menu. */
export async function clearStaffCommands(api: Api, chatId: number): Promise<void> {
  const scope = { type: "chat", chat_id: chatId } as const;
  for (const locale of LOCALES) await api.deleteMyCommands({ scope, language_code: locale });
  await api.deleteMyCommands({ scope });
}
