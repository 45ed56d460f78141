import type { Api } from "grammy";
import type { I18n } from "@grammyjs/i18n";
import { LOCALES, type Locale } from "../domain/catalog.js";
import type { BotContext } from "./context.js";

/** The commands shown in Telegram's menu, in this order. */
export const COMMANDS = ["start", "search", "officers", "my", "language", "help", "privacy", "cancel"] as const;

/** The command list in one language. */
export function commandList(i18n: I18n<BotContext>, locale: Locale): { command: string; description: string }[] {
  return COMMANDS.map((command) => ({ command, description: i18n.t(locale, `cmd-${command}`) }));
}

/** Sets the command menu for each language, and the default one for apps in any other language. */
export async function registerCommands(api: Api, i18n: I18n<BotContext>, defaultLocale: Locale): Promise<void> {
  for (const locale of LOCALES) {
    await api.setMyCommands(commandList(i18n, locale), { language_code: locale });
  }
  await api.setMyCommands(commandList(i18n, defaultLocale));
}
