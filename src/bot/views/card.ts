import { InlineKeyboard } from "grammy";
import { hasFlag, type Catalog, type Locale, type ProcessingTime, type Service } from "../../domain/catalog.js";
import type { Department } from "../../domain/department.js";
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

/** "Up to" needs its own case per unit (kk dative "күнге дейін", ru genitive "до … дней"), so one key each. */
const UP_TO_KEYS: Record<ProcessingTime["unit"], string> = {
  minutes: "time-up-to-minutes",
  working_days: "time-up-to-working-days",
  calendar_days: "time-up-to-calendar-days",
};

/** A processing time in plain words: "19 working days", "up to 30 calendar days". */
export function describeTime(t: Translate, time: ProcessingTime): string {
  return t((time.upTo ? UP_TO_KEYS : TIME_KEYS)[time.unit], { value: time.value });
}

/** The lines of the card about processing time: one line, or one per channel where the table gives several. */
function timeLines(t: Translate, service: Service, dataNotes: boolean): string[] {
  const perChannel = service.time.filter((time) => time.channels);
  if (perChannel.length === 0) return [t("card-time", { time: describeTime(t, service.time[0]!) })];
  const lines = [t("card-time-per-channel")];
  for (const channel of service.channels) {
    const time = perChannel.find((entry) => entry.channels!.includes(channel))!;
    lines.push(`• ${t("card-time-line", { channel: describeChannel(t, channel), time: describeTime(t, time) })}`);
  }
  if (dataNotes && hasFlag(service, "time", "time_cell_garbled")) lines.push(`<i>${t("card-time-garbled")}</i>`);
  return lines;
}

export interface CardTextOptions {
  phoneAreaCode?: string;
  /** Where the office is and when it is open, when the catalog knows. */
  department?: Department;
  /** The source table's data-quality notes (damaged cells, cut phones): for administrators only. */
  dataNotes?: boolean;
  /** Life situations the service is for, in the parent's words (catalog/situations.yaml). */
  situations?: readonly string[];
}

export interface CardOptions extends CardTextOptions {
  back?: BackTarget;
  /** The service's deep link (t.me/<bot>?start=s7), for the Share button. */
  deepLink?: string;
}

/** The card's text: official name, channels, time, officer, phone and office; data notes for admins. */
export function cardText(
  t: Translate,
  catalog: Catalog,
  locale: Locale,
  service: Service,
  options: CardTextOptions = {},
): string {
  const officer = catalog.officerById.get(service.officer)!;
  const notes = options.dataNotes === true;
  const lines = [`<b>${escapeHtml(service.name[locale])}</b>`, `<i>${t("card-number", { id: service.id })}</i>`];
  if (notes && locale === "ru" && service.ruNameStatus === "unconfirmed")
    lines.push(`<i>${t("card-ru-name-note")}</i>`);
  if (options.situations && options.situations.length > 0)
    lines.push("", t("card-situations"), ...options.situations.map((s) => `• ${escapeHtml(capitalise(s))}`));
  lines.push("", t("card-channels"), ...service.channels.map((ch) => `• ${describeChannel(t, ch)}`), "");
  lines.push(...timeLines(t, service, notes), "");
  lines.push(t("card-officer", { name: escapeHtml(officer.name) }));
  lines.push(t("card-phone", { phone: escapeHtml(formatPhone(officer.phone, options.phoneAreaCode)) }));
  if (notes && hasFlag(service, "phone", "phone_truncated")) lines.push(`<i>${t("card-phone-inferred")}</i>`);
  const { address, hours } = options.department ?? {};
  if (address) lines.push(t("journey-card-address", { address: escapeHtml(address[locale]) }));
  if (hours) lines.push(t("journey-card-hours", { hours: escapeHtml(hours[locale]) }));
  lines.push("", `<i>${t("card-official-note")}</i>`);
  return lines.join("\n");
}

/** The deep link to a service's card (`/start s7`), for sharing. */
export function serviceDeepLink(botUsername: string, serviceId: number): string {
  return `https://t.me/${botUsername}?start=s${serviceId}`;
}

/** Telegram's share dialog for a link: the user picks a chat, the link goes there with the text. */
export function shareUrl(link: string, text: string): string {
  return `https://t.me/share/url?url=${encodeURIComponent(link)}&text=${encodeURIComponent(text)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Situations shown on a card the guided questions led to: the first ones listed are the commonest. */
const GUIDE_SITUATIONS = 3;

/**
 * The life situations of a service in the user's language, for a card reached through the guided
 * questions: someone who could not name the service checks there that it is their case. English has none.
 */
export function guideSituations(catalog: Catalog, serviceId: number, locale: Locale): readonly string[] {
  if (locale === "en") return [];
  return (catalog.situations.get(serviceId)?.[locale] ?? []).slice(0, GUIDE_SITUATIONS);
}

function backRoute(back: BackTarget): string {
  if (back.to === "category") return encodeRoute({ kind: "category", categoryId: back.categoryId });
  if (back.to === "guide") return encodeRoute({ kind: "guide", nodeId: back.nodeId });
  return encodeRoute({ kind: "results" });
}

/** The service card with its buttons: pre-apply, documents and who-can-apply details, eGov page in the user's language, share, back and main menu. */
export function cardView(
  t: Translate,
  catalog: Catalog,
  locale: Locale,
  service: Service,
  options: CardOptions = {},
): View {
  const keyboard = new InlineKeyboard().text(
    t("card-preapply"),
    encodeRoute({ kind: "preapply", serviceId: service.id }),
  );
  if (catalog.details) addDetailsButtons(t, keyboard.row(), service.id, options.back);
  if (service.egov) keyboard.row().url(t("card-egov"), service.egov[locale]);
  if (options.deepLink) keyboard.row().url(t("journey-share"), shareUrl(options.deepLink, service.short[locale]));
  const back = options.back ? backRoute(options.back) : undefined;
  const situations = options.back?.to === "guide" ? guideSituations(catalog, service.id, locale) : [];
  return {
    text: cardText(t, catalog, locale, service, { ...options, situations }),
    keyboard: navigationRow(t, keyboard, back),
  };
}
