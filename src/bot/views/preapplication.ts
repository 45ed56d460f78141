/** Views of pre-applications: the form's summary, the citizen's list and item, the officer's queue and item. */
import { InlineKeyboard } from "grammy";
import type { Catalog, Locale } from "../../domain/catalog.js";
import { formatPhone as formatE164, maskPhone } from "../../domain/phone.js";
import { availableActions, cleanFreeText, isClosedStatus, isOverdue, type Actor, type PreApplication } from "../../domain/preapplication.js";
import { encodeRoute } from "../callback-data.js";
import { describeChannel, escapeHtml, type Translate } from "./format.js";
import { navigationRow } from "./menu.js";
import type { View } from "./view.js";

const INTL_LOCALES: Record<Locale, string> = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" };

/** An instant as a local date and time in the calendar's zone: "3 December 2026, 18:30". */
export function formatInstant(at: number, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], {
    timeZone,
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(at));
}

/** The deadline as the citizen and the officer read it: always an estimate, flagged when less certain. */
export function describeDeadline(t: Translate, app: Pick<PreApplication, "deadlineAt" | "deadlineCertain">, locale: Locale, timeZone: string): string {
  const when = formatInstant(app.deadlineAt, locale, timeZone);
  return t(app.deadlineCertain ? "deadline-estimate" : "deadline-estimate-uncertain", { when });
}

/** A status in words, with the reason when rejected. */
export function describeStatus(t: Translate, app: PreApplication): string {
  const status = t(`status-${app.status}`);
  return app.status === "rejected" && app.rejectReason ? `${status}: ${escapeHtml(app.rejectReason)}` : status;
}

/** The data the citizen is about to send, for the form's Confirm / Edit / Cancel step. */
export interface FormDraft {
  serviceId: number;
  applicantName: string;
  phone: string;
  channel: PreApplication["channel"];
  comment?: string;
}

/**
 * The citizen's comment as a quote under its label: whatever lines it holds ("Телефон: …") stay inside the
 * quote and cannot pass for the record's own fields. Cleaned again here for records stored before
 * validateComment dropped bidi controls.
 */
function commentBlock(t: Translate, comment: string): string {
  return `${t("field-comment")}:\n<blockquote>${escapeHtml(cleanFreeText(comment).trim())}</blockquote>`;
}

/** The form's summary. */
export function summaryText(t: Translate, catalog: Catalog, locale: Locale, draft: FormDraft): string {
  const service = catalog.serviceById.get(draft.serviceId)!;
  return [
    t("form-summary-title"),
    "",
    `${t("field-service")}: ${draft.serviceId}. ${escapeHtml(service.short[locale])}`,
    `${t("field-name")}: ${escapeHtml(draft.applicantName)}`,
    `${t("field-phone")}: ${formatE164(draft.phone)}`,
    `${t("field-channel")}: ${describeChannel(t, draft.channel)}`,
    draft.comment ? commentBlock(t, draft.comment) : `${t("field-comment")}: —`,
  ].join("\n");
}

/** One line per pre-application in a list. */
function listLine(t: Translate, catalog: Catalog, locale: Locale, app: PreApplication): string {
  const service = catalog.serviceById.get(app.serviceId);
  const name = service ? service.short[locale] : `№${app.serviceId}`;
  return `<b>${app.ref}</b> · ${describeStatus(t, app)}\n${escapeHtml(name)}`;
}

/** The citizen's pre-applications, newest first, each a button. */
export function citizenListView(t: Translate, catalog: Catalog, locale: Locale, apps: readonly PreApplication[]): View {
  const keyboard = new InlineKeyboard();
  if (apps.length === 0) {
    keyboard.text(t("menu-categories"), encodeRoute({ kind: "categories" }));
    return { text: t("my-empty"), keyboard: navigationRow(t, keyboard) };
  }
  for (const app of apps) keyboard.text(`${app.ref} · ${t(`status-${app.status}`)}`, encodeRoute({ kind: "myItem", id: app.id })).row();
  keyboard.text(t("delete-data-button"), encodeRoute({ kind: "deleteData", confirmed: false }));
  const lines = apps.map((app) => listLine(t, catalog, locale, app));
  return { text: `${t("my-title")}\n\n${lines.join("\n\n")}`, keyboard: navigationRow(t, keyboard) };
}

/** Shared details of one pre-application. */
function detailLines(t: Translate, catalog: Catalog, locale: Locale, timeZone: string, app: PreApplication): string[] {
  const service = catalog.serviceById.get(app.serviceId);
  return [
    `<b>${app.ref}</b>`,
    `${t("field-service")}: ${app.serviceId}. ${escapeHtml(service ? service.short[locale] : "")}`,
    `${t("field-status")}: ${describeStatus(t, app)}`,
    `${t("field-channel")}: ${describeChannel(t, app.channel)}`,
    `${t("field-created")}: ${formatInstant(app.createdAt, locale, timeZone)}`,
    isClosedStatus(app.status) ? "" : describeDeadline(t, app, locale, timeZone),
  ].filter(Boolean);
}

/** The next steps after a status change or on a closed request: the service card and the officer's contact. */
function nextStepButtons(t: Translate, catalog: Catalog, app: PreApplication, keyboard: InlineKeyboard): InlineKeyboard {
  keyboard.text(t("journey-open-card"), encodeRoute({ kind: "service", serviceId: app.serviceId }));
  const officer = catalog.officerById.get(app.officerId);
  if (officer) keyboard.text(t("officer-contact-button", { name: officer.name }), encodeRoute({ kind: "officerContact", officerId: officer.id }));
  return keyboard.row();
}

/** One of the citizen's own pre-applications, with Cancel while it is open, and the next steps. */
export function citizenItemView(t: Translate, catalog: Catalog, locale: Locale, timeZone: string, app: PreApplication): View {
  const keyboard = new InlineKeyboard();
  if (!isClosedStatus(app.status)) keyboard.text(t("my-cancel-button"), encodeRoute({ kind: "myCancel", id: app.id, confirmed: false })).row();
  nextStepButtons(t, catalog, app, keyboard);
  const lines = detailLines(t, catalog, locale, timeZone, app);
  lines.push(`${t("field-name")}: ${escapeHtml(app.applicantName)}`, `${t("field-phone")}: ${formatE164(app.phone)}`);
  if (app.comment) lines.push(commentBlock(t, app.comment));
  return { text: lines.join("\n"), keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "myApplications" })) };
}

/** An officer's or admin's view of a pre-application: the applicant's contact and the allowed actions. */
export function officerItemView(t: Translate, catalog: Catalog, locale: Locale, timeZone: string, app: PreApplication, actor: Actor, now: number): View {
  const lines = detailLines(t, catalog, locale, timeZone, app);
  if (isOverdue(app, now)) lines.push(t("queue-overdue"));
  lines.push(`${t("field-name")}: ${escapeHtml(app.applicantName)}`, `${t("field-phone")}: ${formatE164(app.phone)}`);
  if (app.comment) lines.push(commentBlock(t, app.comment));
  const keyboard = new InlineKeyboard();
  for (const action of availableActions(actor, app)) {
    if (action === "cancel") continue;
    keyboard.text(t(`officer-${action}`), encodeRoute({ kind: "officerAction", action, id: app.id }));
  }
  if (!isClosedStatus(app.status)) keyboard.text(t("officer-call"), encodeRoute({ kind: "officerAction", action: "call", id: app.id }));
  return { text: lines.join("\n"), keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "queue", officerId: app.officerId, offset: 0 })) };
}

/** Queue page size: what fits a phone screen with its buttons. */
export const QUEUE_PAGE = 5;

/** A page of an officer's open pre-applications, oldest deadline first. */
export function queueView(
  t: Translate,
  catalog: Catalog,
  locale: Locale,
  timeZone: string,
  officerId: string,
  page: { items: readonly PreApplication[]; total: number; offset: number },
  now: number,
  /** Where Back leads: the officer list for an admin; an officer's own queue is their top screen. */
  back?: string,
): View {
  const officer = catalog.officerById.get(officerId);
  const keyboard = new InlineKeyboard();
  if (page.total === 0) return { text: t("queue-empty", { officer: escapeHtml(officer?.name ?? officerId) }), keyboard: navigationRow(t, keyboard, back) };
  const lines = page.items.map((app) => {
    const overdue = isOverdue(app, now) ? ` ⚠️ ${t("queue-overdue")}` : "";
    return `${listLine(t, catalog, locale, app)}\n${describeDeadline(t, app, locale, timeZone)}${overdue}`;
  });
  for (const app of page.items) keyboard.text(`${app.ref} · ${maskPhone(app.phone)}`, encodeRoute({ kind: "queueItem", id: app.id })).row();
  if (page.offset > 0) keyboard.text("◀️", encodeRoute({ kind: "queue", officerId, offset: Math.max(0, page.offset - QUEUE_PAGE) }));
  if (page.offset + page.items.length < page.total) keyboard.text("▶️", encodeRoute({ kind: "queue", officerId, offset: page.offset + QUEUE_PAGE }));
  const title = t("queue-title", {
    officer: escapeHtml(officer?.name ?? officerId),
    from: page.offset + 1,
    to: page.offset + page.items.length,
    total: page.total,
  });
  return { text: `${title}\n\n${lines.join("\n\n")}`, keyboard: navigationRow(t, keyboard, back) };
}

/** The message an officer gets about a new pre-application, with Take / Reject. */
export function officerNotificationView(t: Translate, catalog: Catalog, locale: Locale, timeZone: string, app: PreApplication): View {
  const lines = [t("notify-new-title"), "", ...detailLines(t, catalog, locale, timeZone, app)];
  lines.push(`${t("field-name")}: ${escapeHtml(app.applicantName)}`, `${t("field-phone")}: ${formatE164(app.phone)}`);
  if (app.comment) lines.push(commentBlock(t, app.comment));
  const keyboard = new InlineKeyboard()
    .text(t("officer-take"), encodeRoute({ kind: "officerAction", action: "take", id: app.id }))
    .text(t("officer-reject"), encodeRoute({ kind: "officerAction", action: "reject", id: app.id }))
    .row()
    .text(t("officer-open"), encodeRoute({ kind: "queueItem", id: app.id }));
  return { text: lines.join("\n"), keyboard };
}

/** The message a citizen gets when their pre-application changes status. */
export function citizenStatusText(t: Translate, catalog: Catalog, app: PreApplication): string {
  const service = catalog.serviceById.get(app.serviceId);
  const name = service ? escapeHtml(service.short[app.citizenLocale]) : "";
  return [t(`notify-citizen-${app.status}`, { ref: app.ref }), name, app.status === "rejected" && app.rejectReason ? `${t("field-reason")}: ${escapeHtml(app.rejectReason)}` : ""]
    .filter(Boolean)
    .join("\n");
}

/** The status message with its next steps: the service card, the officer's contact, my requests. */
export function citizenStatusView(t: Translate, catalog: Catalog, app: PreApplication): View {
  const keyboard = nextStepButtons(t, catalog, app, new InlineKeyboard()).text(t("menu-my"), encodeRoute({ kind: "myApplications" }));
  return { text: citizenStatusText(t, catalog, app), keyboard };
}

/** How many pre-applications a merged reminder lists before pointing to /queue. */
export const REMINDER_LIST_MAX = 10;

/** One officer's due reminders as one message: a single pre-application, or a list after a backlog. */
export function reminderView(
  t: Translate,
  catalog: Catalog,
  locale: Locale,
  timeZone: string,
  due: readonly { app: PreApplication; kind: string }[],
): View {
  const keyboard = new InlineKeyboard();
  const line = ({ app, kind }: { app: PreApplication; kind: string }) => {
    const service = catalog.serviceById.get(app.serviceId);
    const head = t(`reminder-${kind}`, { ref: app.ref, when: formatInstant(app.deadlineAt, locale, timeZone) });
    return `${head}\n№${app.serviceId} ${escapeHtml(service?.short[locale] ?? "")} · ${escapeHtml(app.applicantName)}`;
  };
  for (const { app } of due.slice(0, 5)) keyboard.text(`📂 ${app.ref}`, encodeRoute({ kind: "queueItem", id: app.id })).row();
  if (due.length === 1) return { text: line(due[0]!), keyboard };
  const shown = due.slice(0, REMINDER_LIST_MAX).map(line);
  const more = due.length > REMINDER_LIST_MAX ? [t("reminder-more", { count: due.length - REMINDER_LIST_MAX })] : [];
  keyboard.text(t("officer-queue-button"), encodeRoute({ kind: "queue", offset: 0 }));
  return { text: [t("reminder-many", { count: due.length }), "", ...shown, ...more].join("\n\n"), keyboard };
}
