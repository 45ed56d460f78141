import { InlineKeyboard } from "grammy";
import type { Catalog, Locale } from "../../domain/catalog.js";
import { encodeRoute } from "../callback-data.js";
import { escapeHtml, formatPhone, type Translate } from "./format.js";
import { navigationRow, shortNamesOf } from "./menu.js";
import type { View } from "./view.js";

/** Every officer with phone and the short names of the services they handle; a button per contact card. */
export function officersView(t: Translate, catalog: Catalog, locale: Locale, phoneAreaCode?: string): View {
  const blocks = catalog.officers.map((officer) => {
    const lines = [
      t("officer-entry", {
        name: escapeHtml(officer.name),
        phone: escapeHtml(formatPhone(officer.phone, phoneAreaCode)),
      }),
      t("officer-services", { services: escapeHtml(shortNamesOf(catalog, officer.id, locale)) }),
    ];
    return lines.join("\n");
  });
  const keyboard = new InlineKeyboard();
  catalog.officers.forEach((officer, index) => {
    keyboard.text(
      t("officer-contact-button", { name: officer.name }),
      encodeRoute({ kind: "officerContact", officerId: officer.id }),
    );
    if (index % 2 === 1) keyboard.row();
  });
  return { text: `${t("officers-title")}\n\n${blocks.join("\n\n")}`, keyboard: navigationRow(t, keyboard) };
}
