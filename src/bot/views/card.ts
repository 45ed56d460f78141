import { InlineKeyboard } from "grammy";
import { hasFlag, type Catalog, type Locale, type ProcessingTime, type Service } from "../../domain/catalog.js";
import { encodeRoute, type BackTarget } from "../callback-data.js";
import { addDetailsButtons } from "./details.js";
import { describeChannel, escapeHtml, formatPhone, type Translate } from "./format.js";
import { navigationRow } from "./menu.js";
import type { View } from "./view.js";

const TIME_KEYS: Record<ProcessingTime["unit"], string> = {
  minutes: "time-minutes",
  working_days: "time-working-days",
  calendar_days: "time-calendar-days",
};

/** A processing time in plain words: "19 working days", "up to 30 calendar days". */
export function describeTime(t: Translate, time: ProcessingTime): string {
  const plain = t(TIME_KEYS[time.unit], { value: time.value });
  return time.upTo ? t("time-up-to", { time: plain }) : plain;
}


/** The lines of the card about processing time: one line, or one per channel where the table gives several. */
function timeLines(t: Translate, service: Service): string[] {
  const perChannel = service.time.filter((time) => time.channels);
  if (perChannel.length === 0) return [t("card-time", { time: describeTime(t, service.time[0]!) })];
  const lines = [t("card-time-per-channel")];
  for (const channel of service.channels) {
    const time = perChannel.find((entry) => entry.channels!.includes(channel))!;
    lines.push(`• ${t("card-time-line", { channel: describeChannel(t, channel), time: describeTime(t, time) })}`);
  }
  if (hasFlag(service, "time", "time_cell_garbled")) lines.push(`<i>${t("card-time-garbled")}</i>`);
  return lines;
}

export interface CardOptions {
  back?: BackTarget;
  phoneAreaCode?: string;
  /** Shown when pre-applications are available; otherwise the button says "coming soon". */
  preapplyEnabled?: boolean;
}

/** The card's text: name, channels, time, officer and phone, with the source's damage made visible. */
export function cardText(t: Translate, catalog: Catalog, locale: Locale, service: Service, phoneAreaCode?: string): string {
  const officer = catalog.officerById.get(service.officer)!;
  const lines = [`<b>${escapeHtml(service.name[locale])}</b>`, `<i>${t("card-number", { id: service.id })}</i>`];
  if (locale === "ru" && service.ruNameStatus === "unconfirmed") lines.push(`<i>${t("card-ru-name-note")}</i>`);
  lines.push("", t("card-channels"), ...service.channels.map((ch) => `• ${describeChannel(t, ch)}`), "");
  lines.push(...timeLines(t, service), "");
  lines.push(t("card-officer", { name: escapeHtml(officer.name) }));
  lines.push(t("card-phone", { phone: escapeHtml(formatPhone(officer.phone, phoneAreaCode)) }));
  if (hasFlag(service, "phone", "phone_truncated")) lines.push(`<i>${t("card-phone-inferred")}</i>`);
  lines.push("", `<i>${t("card-official-note")}</i>`);
  return lines.join("\n");
}

/** The service card with its buttons: documents and who-can-apply details, pre-apply, eGov page, back and main menu. */
export function cardView(t: Translate, catalog: Catalog, locale: Locale, service: Service, options: CardOptions = {}): View {
  const keyboard = new InlineKeyboard().text(t("card-preapply"), encodeRoute({ kind: "preapply", serviceId: service.id }));
  if (catalog.details) addDetailsButtons(t, keyboard.row(), service.id, options.back);
  if (service.egovUrl) keyboard.row().url(t("card-egov"), service.egovUrl);
  const back = options.back
    ? options.back.to === "category"
      ? encodeRoute({ kind: "category", categoryId: options.back.categoryId })
      : encodeRoute({ kind: "guide", nodeId: options.back.nodeId })
    : undefined;
  return { text: cardText(t, catalog, locale, service, options.phoneAreaCode), keyboard: navigationRow(t, keyboard, back) };
}
