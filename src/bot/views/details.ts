/**
 * The details of a service card: "📄 Documents" and "ℹ️ Who can apply / result", each on the card's own
 * message, with Back to the card; the document checklist sent after a pre-application; and the admin
 * view of a service's data quality and sources.
 *
 * Readability budget: a details screen is at most DETAILS_SCREEN_BUDGET characters (a phone screen at
 * the default font without scrolling much); longer content is split into pages between whole items,
 * never mid-item. Telegram's own limit (4096) is far above it.
 */
import { InlineKeyboard } from "grammy";
import type { Catalog, Channel, Locale, Service } from "../../domain/catalog.js";
import {
  documentsForChannel,
  filledFields,
  type DetailField,
  type DetailSource,
  type ServiceDetails,
} from "../../domain/details.js";
import { encodeRoute, type BackTarget, type DetailsSection } from "../callback-data.js";
import { describeChannel, escapeHtml, truncate, type Translate } from "./format.js";
import type { View } from "./view.js";

/** Characters per details screen (the text sent, HTML tags included). */
export const DETAILS_SCREEN_BUDGET = 1200;
/** Telegram's limit for one message. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** One paragraph of a screen: pages break between blocks, never inside one. */
type Block = string;

function sourcesOf(details: ServiceDetails, fields: readonly DetailField[]): string[] {
  return [
    ...new Set(
      filledFields(details)
        .filter((f) => fields.includes(f.field))
        .flatMap((f) => f.sources),
    ),
  ];
}

/** "Source: egov.kz, adilet.zan.kz · read 01.12.2026", plus a translation note when the text is ours. */
function sourceLine(t: Translate, catalog: Catalog, locale: Locale, ids: readonly string[]): Block | undefined {
  const sources = ids.flatMap((id) => catalog.details?.sourceById.get(id) ?? []);
  if (sources.length === 0) return undefined;
  const hosts = [...new Set(sources.map((s) => new URL(s.url).hostname.replace(/^(www|m)\./, "").replace(/\.$/, "")))];
  const oldest = sources.map((s) => s.read).sort()[0]!;
  const [y, m, d] = oldest.split("-");
  const line = t("details-sources", { hosts: hosts.join(", "), date: `${d}.${m}.${y}` });
  const translated = sources.some((s) => s.lang !== locale);
  return `<i>${escapeHtml(line)}${translated ? ` ${escapeHtml(t("details-translated"))}` : ""}</i>`;
}

function unconfirmedLine(t: Translate, details: ServiceDetails, fields: readonly DetailField[]): Block | undefined {
  const missing = details.unconfirmed.filter((u) => fields.includes(u.field)).map((u) => t(`details-field-${u.field}`));
  return missing.length ? `<i>${escapeHtml(t("details-unconfirmed", { fields: missing.join(", ") }))}</i>` : undefined;
}

const bullets = (lines: readonly string[]) => lines.map((line) => `• ${escapeHtml(line)}`).join("\n");

/** The document lists, one block per set of channels the source gives the same list for. */
function documentBlocks(t: Translate, locale: Locale, details: ServiceDetails): Block[] {
  return (details.documents ?? []).map((entry) => {
    const heading = `<b>${escapeHtml(entry.channels.map((c) => t(`details-channel-${c}`)).join(" · "))}</b>`;
    const partial = entry.partial ? `\n<i>${escapeHtml(t("details-partial"))}</i>` : "";
    return `${heading}\n${bullets(entry.items[locale])}${partial}`;
  });
}

const ABOUT_FIELDS = [
  "eligibility",
  "cost",
  "result",
  "steps",
  "refusal",
  "legalBasis",
] as const satisfies readonly DetailField[];

function aboutBlocks(t: Translate, locale: Locale, details: ServiceDetails): Block[] {
  const blocks: Block[] = [];
  for (const field of ABOUT_FIELDS) {
    const value = details[field];
    if (!value) continue;
    const body = "text" in value ? escapeHtml(value.text[locale]) : bullets(value.items[locale]);
    const partial = value.partial ? `\n<i>${escapeHtml(t("details-partial"))}</i>` : "";
    blocks.push(`<b>${escapeHtml(t(`details-${field}`))}</b>\n${body}${partial}`);
  }
  return blocks;
}

/** Packs blocks into pages under the budget, keeping room for the header and footer of every page. */
export function paginate(blocks: readonly Block[], budget: number): Block[][] {
  const pages: Block[][] = [[]];
  let used = 0;
  for (const block of blocks) {
    const cost = block.length + 2;
    if (used + cost > budget && pages[pages.length - 1]!.length > 0) {
      pages.push([]);
      used = 0;
    }
    // A single block over the budget still gets a page of its own rather than being cut mid-item.
    pages[pages.length - 1]!.push(block);
    used += cost;
  }
  return pages;
}

/** Space the header, footer and page marker take on every page (measured, with a margin). */
function frameLength(header: string, footer: readonly string[]): number {
  return header.length + footer.reduce((n, f) => n + f.length + 2, 0) + 40;
}

export interface DetailsOptions {
  back?: BackTarget;
}

/** One details screen of a service: a section, one page of it, with paging and Back to the card. */
export function detailsView(
  t: Translate,
  catalog: Catalog,
  locale: Locale,
  service: Service,
  section: DetailsSection,
  page: number,
  options: DetailsOptions = {},
): View {
  const details = catalog.details?.byService.get(service.id);
  const fields: readonly DetailField[] = section === "docs" ? ["documents"] : ABOUT_FIELDS;
  const title = t(section === "docs" ? "details-docs-title" : "details-about-title");
  const header = `${title}\n<i>${escapeHtml(t("card-number", { id: service.id }))} · ${escapeHtml(truncate(service.name[locale], 80))}</i>`;
  const content = details
    ? section === "docs"
      ? documentBlocks(t, locale, details)
      : aboutBlocks(t, locale, details)
    : [];
  const footer = [
    ...(details
      ? [unconfirmedLine(t, details, fields), sourceLine(t, catalog, locale, sourcesOf(details, fields))]
      : []),
  ].filter((b): b is string => b !== undefined);
  if (content.length === 0 && footer.length === 0) footer.push(`<i>${escapeHtml(t("details-none"))}</i>`);
  const pages = paginate(content, DETAILS_SCREEN_BUDGET - frameLength(header, footer));
  const index = Math.min(Math.max(page, 0), pages.length - 1);
  const parts = [header, ...pages[index]!];
  if (index === pages.length - 1) parts.push(...footer);
  if (pages.length > 1) parts.push(`<i>${escapeHtml(t("details-page", { page: index + 1, pages: pages.length }))}</i>`);

  const route = (s: DetailsSection, p: number) =>
    encodeRoute({
      kind: "details",
      serviceId: service.id,
      section: s,
      page: p,
      ...(options.back ? { back: options.back } : {}),
    });
  const keyboard = new InlineKeyboard();
  if (pages.length > 1) {
    if (index > 0) keyboard.text("◀️", route(section, index - 1));
    if (index < pages.length - 1) keyboard.text("▶️", route(section, index + 1));
    keyboard.row();
  }
  const other: DetailsSection = section === "docs" ? "about" : "docs";
  keyboard.text(t(other === "docs" ? "details-docs-button" : "details-about-button"), route(other, 0)).row();
  keyboard.text(
    t("details-back-to-card"),
    encodeRoute({ kind: "service", serviceId: service.id, ...(options.back ? { back: options.back } : {}) }),
  );
  // The main menu too, as on every screen: the walk over all screens (test/bot/screens.test.ts) checks it.
  keyboard.text(t("btn-main-menu"), encodeRoute({ kind: "main" }));
  return { text: parts.join("\n\n"), keyboard };
}

/** The two buttons the card gets when the catalog has details. */
export function addDetailsButtons(
  t: Translate,
  keyboard: InlineKeyboard,
  serviceId: number,
  back?: BackTarget,
): InlineKeyboard {
  const route = (section: DetailsSection) =>
    encodeRoute({ kind: "details", serviceId, section, page: 0, ...(back ? { back } : {}) });
  return keyboard.text(t("details-docs-button"), route("docs")).text(t("details-about-button"), route("about"));
}

/** The lines of a channel's document checklist, or undefined when no source confirmed one. */
function checklistLines(catalog: Catalog, locale: Locale, serviceId: number, channel: Channel): string[] | undefined {
  const entries = documentsForChannel(catalog.details?.byService.get(serviceId), channel);
  if (entries.length === 0) return undefined;
  return entries.flatMap((entry) => entry.items[locale]);
}

/**
 * The checklist a citizen gets after confirming a pre-application: the documents for the channel they
 * chose, so they come prepared, or a plain note that no source confirmed the list.
 */
export function documentChecklistView(
  t: Translate,
  catalog: Catalog,
  locale: Locale,
  service: Service,
  channel: Channel,
): View {
  const lines = checklistLines(catalog, locale, service.id, channel);
  const title = t("checklist-title", { channel: describeChannel(t, channel) });
  if (!lines) return { text: `${title}\n\n${escapeHtml(t("checklist-none"))}` };
  const partial = documentsForChannel(catalog.details?.byService.get(service.id), channel).some((e) => e.partial);
  const text = [
    title,
    bullets(lines),
    partial ? `<i>${escapeHtml(t("details-partial"))}</i>` : "",
    `<i>${escapeHtml(t("checklist-note"))}</i>`,
  ]
    .filter(Boolean)
    .join("\n\n");
  return { text };
}

/** What the officer's notification adds: the checklist the citizen was sent, in the officer's language. */
export function officerChecklistNote(
  t: Translate,
  catalog: Catalog,
  locale: Locale,
  serviceId: number,
  channel: Channel,
): string {
  const lines = checklistLines(catalog, locale, serviceId, channel);
  if (!lines) return escapeHtml(t("checklist-officer-none"));
  return `${escapeHtml(t("checklist-officer", { channel: describeChannel(t, channel) }))}\n${bullets(lines)}`;
}

function describeSource(source: DetailSource): string {
  const updated = source.updated ? `, updated ${source.updated}` : "";
  return `  – ${escapeHtml(source.title)} (${source.kind}, ${source.lang}, read ${source.read}${updated})\n    ${escapeHtml(source.url)}`;
}

/**
 * For the people who keep the data: the table's flags of a service, then every details field with its
 * status and sources, and what was searched for the unconfirmed ones. Split into messages under
 * Telegram's limit. Written in English: it is a maintenance view over an English-annotated file.
 */
export function sourcesReport(
  t: Translate,
  catalog: Catalog,
  service: Service,
  staleIds: ReadonlySet<string>,
): string[] {
  const lines = [
    `<b>${escapeHtml(t("sources-title", { id: service.id }))}</b>`,
    `ruNameStatus: ${service.ruNameStatus}`,
  ];
  lines.push(service.flags.length ? "Table flags:" : "Table flags: none");
  for (const flag of service.flags) lines.push(`  – ${flag.field}/${flag.kind}: ${escapeHtml(flag.note)}`);
  const details = catalog.details?.byService.get(service.id);
  if (!details) lines.push("details.yaml: no entry");
  for (const { field, sources } of details ? filledFields(details) : []) {
    const value = field === "documents" ? undefined : details![field];
    const status = value?.partial ? "partial" : "confirmed";
    lines.push(`<b>${field}</b>: ${status}${value?.note ? ` — ${escapeHtml(value.note)}` : ""}`);
    for (const id of sources) {
      const source = catalog.details!.sourceById.get(id)!;
      lines.push(describeSource(source) + (staleIds.has(id) ? `\n    ⚠️ ${escapeHtml(t("sources-stale"))}` : ""));
    }
  }
  for (const entry of details?.documents ?? [])
    if (entry.partial || entry.note)
      lines.push(
        `documents (${entry.channels.join(", ")}): ${entry.partial ? "partial" : ""}${entry.note ? ` — ${escapeHtml(entry.note)}` : ""}`,
      );
  for (const u of details?.unconfirmed ?? [])
    lines.push(`<b>${u.field}</b>: unconfirmed — searched: ${escapeHtml(u.searched)}`);
  // Split between lines so no message passes Telegram's limit.
  const messages: string[] = [];
  let current = "";
  for (const line of lines) {
    if (current && current.length + line.length + 1 > TELEGRAM_MESSAGE_LIMIT - 96) {
      messages.push(current);
      current = "";
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) messages.push(current);
  return messages;
}
