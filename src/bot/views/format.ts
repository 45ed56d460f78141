import type { Channel } from "../../domain/catalog.js";
/** Small text helpers shared by the views. Messages are sent with parse_mode HTML. */

/** A translation function bound to one locale: ctx.t inside an update, i18n.t(locale, …) outside. */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts text to a length, on a word boundary where possible, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/**
 * Formats a local 6-digit phone ("49-02-25"). With the town's area code it becomes an international
 * number ("+7 7187 49-02-25"), which Telegram apps turn into a tap-to-call link.
 */
export function formatPhone(local: string, areaCode: string | undefined): string {
  return areaCode ? `+7 ${areaCode} ${local}` : local;
}

/** The phone as digits for sendContact: international when the area code is known. */
export function contactPhone(local: string, areaCode: string | undefined): string {
  const digits = local.replace(/\D/g, "");
  return areaCode ? `+7${areaCode}${digits}` : digits;
}

/** A channel in plain words. */
export function describeChannel(t: Translate, channel: Channel): string {
  return t(`channel-${channel}`);
}
