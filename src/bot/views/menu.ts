import { InlineKeyboard } from "grammy";
import { servicesOfOfficer, type Catalog, type Locale } from "../../domain/catalog.js";
import { encodeRoute } from "../callback-data.js";
import { escapeHtml, type Translate } from "./format.js";
import type { ScreenCache } from "./screen-cache.js";
import type { View } from "./view.js";

/** How many popular services the main menu offers: two rows of two, what a phone shows without scrolling. */
const MENU_POPULAR = 4;

/** The popular services (categories.yaml `popular`) as main-menu buttons, by short name. */
export function popularButtons(catalog: Catalog, locale: Locale): { label: string; data: string }[] {
  return catalog.popular.slice(0, MENU_POPULAR).map((id) => ({
    label: catalog.serviceById.get(id)!.short[locale],
    data: encodeRoute({ kind: "service", serviceId: id }),
  }));
}

/** The main menu of a user's update: every entry point, with the popular services on top. */
export function mainMenuFor(
  ctx: { locale: Locale; deps: { catalog: Catalog }; screens: ScreenCache },
  greeting?: string,
): View {
  const menu = ctx.screens.view(ctx.locale, encodeRoute({ kind: "main" }), (t) =>
    mainMenuView(t, popularButtons(ctx.deps.catalog, ctx.locale)),
  )!;
  return greeting ? { ...menu, text: `${greeting}\n\n${menu.text}` } : menu;
}

/** The main menu: every entry point of the bot, and popular services when given (a greeting: mainMenuFor). */
export function mainMenuView(t: Translate, popular: readonly { label: string; data: string }[] = []): View {
  const keyboard = new InlineKeyboard();
  popular.forEach((entry, index) => {
    keyboard.text(entry.label, entry.data);
    if (index % 2 === 1 || index === popular.length - 1) keyboard.row();
  });
  keyboard
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
  return { text: t("menu-title"), keyboard };
}

/**
 * The row every inner screen ends with: Back (when it leads somewhere other than the main menu) and the
 * main menu. A new row only when the last one has buttons: an empty row is bytes on every send for
 * nothing, and a Back beside a Main menu that do the same would be two buttons for one way.
 */
export function navigationRow(t: Translate, keyboard: InlineKeyboard, back?: string): InlineKeyboard {
  const main = encodeRoute({ kind: "main" });
  if ((keyboard.inline_keyboard.at(-1)?.length ?? 0) > 0) keyboard.row();
  if (back && back !== main) keyboard.text(t("btn-back"), back);
  return keyboard.text(t("btn-main-menu"), main);
}

/** The list of categories. */
export function categoriesView(t: Translate, catalog: Catalog, locale: Locale): View {
  const keyboard = new InlineKeyboard();
  for (const category of catalog.categories) {
    keyboard
      .text(`${category.emoji} ${category.name[locale]}`, encodeRoute({ kind: "category", categoryId: category.id }))
      .row();
  }
  return { text: t("categories-title"), keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "main" })) };
}

/** Telegram shows about 40 characters of a button; longer names are shortened with an ellipsis. */
export const BUTTON_LABEL_MAX = 60;

/** The short names of an officer's services, for the contacts list: "Дубликат аттестата, Аттестация педагогов". */
export function shortNamesOf(catalog: Catalog, officerId: string, locale: Locale): string {
  return servicesOfOfficer(catalog, officerId)
    .map((s) => s.short[locale])
    .join(", ");
}

/** A button label for a service: its number and short name (shortened only if a catalog entry is too long). */
export function serviceButtonLabel(id: number, name: string): string {
  const label = `${id}. ${name}`;
  return label.length > BUTTON_LABEL_MAX ? `${label.slice(0, BUTTON_LABEL_MAX - 1).trimEnd()}…` : label;
}

/** The services of one category, as buttons that open their cards. */
export function categoryView(t: Translate, catalog: Catalog, locale: Locale, categoryId: string): View | undefined {
  const category = catalog.categoryById.get(categoryId);
  if (!category) return undefined;
  const keyboard = new InlineKeyboard();
  // The buttons are the list, by short name; each card shows the official name.
  for (const id of category.services) {
    const service = catalog.serviceById.get(id)!;
    keyboard
      .text(
        serviceButtonLabel(id, service.short[locale]),
        encodeRoute({ kind: "service", serviceId: id, back: { to: "category", categoryId } }),
      )
      .row();
  }
  return {
    text: t("category-title", { emoji: category.emoji, name: escapeHtml(category.name[locale]) }),
    keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "categories" })),
  };
}
