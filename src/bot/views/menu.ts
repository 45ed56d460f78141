import { InlineKeyboard } from "grammy";
import type { Catalog, Locale } from "../../domain/catalog.js";
import { encodeRoute } from "../callback-data.js";
import { escapeHtml, type Translate } from "./format.js";
import type { View } from "./view.js";

/** The main menu: every entry point of the bot. */
export function mainMenuView(t: Translate, greeting?: string): View {
  const keyboard = new InlineKeyboard()
    .text(t("menu-categories"), encodeRoute({ kind: "categories" }))
    .text(t("menu-find"), encodeRoute({ kind: "find" }))
    .row()
    .text(t("menu-guide"), encodeRoute({ kind: "guide" }))
    .row()
    .text(t("menu-officers"), encodeRoute({ kind: "officers" }))
    .text(t("menu-my"), encodeRoute({ kind: "myApplications" }))
    .row()
    .text(t("menu-language"), encodeRoute({ kind: "languages" }))
    .text(t("menu-help"), encodeRoute({ kind: "help" }));
  return { text: greeting ? `${greeting}\n\n${t("menu-title")}` : t("menu-title"), keyboard };
}

/** The row every inner screen ends with. */
export function navigationRow(t: Translate, keyboard: InlineKeyboard, back?: string): InlineKeyboard {
  keyboard.row();
  if (back) keyboard.text(t("btn-back"), back);
  return keyboard.text(t("btn-main-menu"), encodeRoute({ kind: "main" }));
}

/** The list of categories. */
export function categoriesView(t: Translate, catalog: Catalog, locale: Locale): View {
  const keyboard = new InlineKeyboard();
  for (const category of catalog.categories) {
    keyboard.text(`${category.emoji} ${category.name[locale]}`, encodeRoute({ kind: "category", categoryId: category.id })).row();
  }
  return { text: t("categories-title"), keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "main" })) };
}

/** Telegram shows about 40 characters of a button; longer names are shortened with an ellipsis. */
export const BUTTON_LABEL_MAX = 60;

/** A button label for a service: its number and name, shortened to fit. */
export function serviceButtonLabel(id: number, name: string): string {
  const label = `${id}. ${name}`;
  return label.length > BUTTON_LABEL_MAX ? `${label.slice(0, BUTTON_LABEL_MAX - 1).trimEnd()}…` : label;
}

/** The services of one category, as buttons that open their cards. */
export function categoryView(t: Translate, catalog: Catalog, locale: Locale, categoryId: string): View | undefined {
  const category = catalog.categoryById.get(categoryId);
  if (!category) return undefined;
  const keyboard = new InlineKeyboard();
  const lines: string[] = [];
  for (const id of category.services) {
    const service = catalog.serviceById.get(id)!;
    lines.push(`${id}. ${escapeHtml(service.name[locale])}`);
    keyboard
      .text(serviceButtonLabel(id, service.name[locale]), encodeRoute({ kind: "service", serviceId: id, back: { to: "category", categoryId } }))
      .row();
  }
  const title = t("category-title", { emoji: category.emoji, name: escapeHtml(category.name[locale]) });
  return {
    text: `${title}\n\n${lines.join("\n")}`,
    keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "categories" })),
  };
}
