/**
 * The export of pre-applications for Excel: UTF-8 with a byte-order mark (Excel reads Cyrillic right only
 * with it), ";" between cells (the list separator of Excel with a Russian or Kazakh locale, where "," is
 * the decimal mark), CRLF line ends, headers in the reader's language, dates as "2026-12-01 10:00" (Excel
 * recognises them). Personal data only when the reader may see it. Plain text rather than an XLSX
 * library: a CSV opens in every spreadsheet and needs no dependency.
 */
import type { Catalog, Locale } from "../../domain/catalog.js";
import { firstContactAt, type PreApplication } from "../../domain/preapplication.js";
import type { Translate } from "./format.js";
import { describeReason } from "./preapplication.js";

export const EXPORT_SEPARATOR = ";";

/** Quotes a cell when needed, and defuses cells a spreadsheet would run as a formula (=, +, -, @). */
export function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const stamp = (at: number | undefined, timeZone: string) =>
  at === undefined
    ? ""
    : new Intl.DateTimeFormat("sv-SE", { timeZone, dateStyle: "short", timeStyle: "short" }).format(new Date(at));

/** Markup-free text: reasons are rendered for HTML messages, the export wants them plain. */
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

export interface ExportContext {
  catalog: Catalog;
  timeZone: string;
  /** The reader's translations: headers, statuses, channels and reasons in their language. */
  t: Translate;
  locale: Locale;
}

/** The export's text, one row per request. */
export function preApplicationsCsv(
  apps: readonly PreApplication[],
  x: ExportContext,
  withPersonalData: boolean,
): string {
  const { catalog, timeZone, t, locale } = x;
  const header = t("export-headers").split(";");
  if (withPersonalData) header.push(...t("export-headers-personal").split(";"));
  const rows = apps.map((app) => {
    const row: (string | number | undefined)[] = [
      app.ref,
      app.serviceId,
      catalog.serviceById.get(app.serviceId)?.name[locale],
      catalog.officerById.get(app.officerId)?.name,
      app.ownerId === undefined ? "" : catalog.officerById.get(app.ownerId)?.name,
      plain(t(`status-${app.status}`)).replace(/^\S+\s/, ""),
      plain(t(`channel-${app.channel}`)),
      stamp(app.createdAt, timeZone),
      stamp(app.responseDueAt, timeZone),
      stamp(firstContactAt(app), timeZone),
      stamp(app.official?.filedAt, timeZone),
      app.official?.regNumber,
      stamp(app.official?.dueAt, timeZone),
      stamp(app.closedAt, timeZone),
      app.reason ? plain(describeReason(t, app.reason)) : "",
    ];
    if (withPersonalData) row.push(app.applicantName, app.phone, app.comment);
    return row.map(csvCell).join(EXPORT_SEPARATOR);
  });
  return `\uFEFF${[header.map(csvCell).join(EXPORT_SEPARATOR), ...rows].join("\r\n")}\r\n`;
}
