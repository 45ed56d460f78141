/**
 * Views of pre-applications: the form's summary, the citizen's list, item and step notices (each with a
 * next step), the officer's queue, item, notices, reminders and morning digest.
 */
import { InlineKeyboard } from "grammy";
import type { Catalog, Locale, Service } from "../../domain/catalog.js";
import { formatPhone as formatE164 } from "../../domain/phone.js";
import {
  availableActions,
  cleanFreeText,
  idleDaysAtExpiry,
  isClosedStatus,
  isOverdue,
  nextDeadline,
  unreachableAttempts,
  type Actor,
  type PreApplication,
} from "../../domain/preapplication.js";
import type { ReminderKind } from "../../domain/reminder-plan.js";
import { encodeRoute, type Route } from "../callback-data.js";
import { describeChannel, escapeHtml, truncate, type Translate } from "./format.js";
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

/** A deadline as people say it: "2 декабря, 18:30"; the year only when it is not this year's. */
export function formatWhen(at: number, locale: Locale, timeZone: string, now: number = at): string {
  const year = (ms: number) => new Intl.DateTimeFormat("en", { timeZone, year: "numeric" }).format(new Date(ms));
  const day = new Intl.DateTimeFormat(INTL_LOCALES[locale], {
    timeZone,
    day: "numeric",
    month: "long",
    ...(year(at) === year(now) ? {} : { year: "numeric" }),
  }).format(new Date(at));
  const time = new Intl.DateTimeFormat(INTL_LOCALES[locale], {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(at));
  return `${day}, ${time}`;
}

/** A local date "2026-12-01" as "01.12.2026", the way people in Kazakhstan write it. */
export function formatDay(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
}

/** The name a list or a button shows for a service: the catalog's short name, written to fit a phone. */
export function shortServiceName(service: Service | undefined, locale: Locale): string {
  return service ? service.short[locale] : "";
}

/** A status in words, with the reason when refused or closed, and how long it lay idle when the system closed it. */
export function describeStatus(t: Translate, app: PreApplication): string {
  const idleDays = idleDaysAtExpiry(app);
  if (idleDays !== undefined) return t("status-expired-days", { days: idleDays });
  const status = t(`status-${app.status}`);
  if ((app.status === "refused" || app.status === "advised") && app.reason)
    return `${status}: ${describeReason(t, app.reason)}`;
  return status;
}

/** A preset reason in words, with its free text. */
export function describeReason(t: Translate, reason: { preset: string; text?: string }): string {
  const preset = reason.preset === "other" ? "" : t(`reason-${reason.preset}`);
  return [preset, reason.text ? escapeHtml(reason.text) : ""].filter(Boolean).join(" — ");
}

/** The citizen's promise: who contacts them, by when ("the department" until someone owns the request). */
export function promiseText(
  t: Translate,
  app: PreApplication,
  handlerName: string | undefined,
  locale: Locale,
  timeZone: string,
): string {
  const when = formatWhen(app.responseDueAt, locale, timeZone);
  const text = handlerName
    ? t("response-promise-named", { officer: escapeHtml(handlerName), when })
    : t("response-promise", { when });
  return app.responseCertain ? text : `${text} ${t("when-uncertain")}`;
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
  for (const app of apps)
    keyboard.text(`${app.ref} · ${t(`status-${app.status}`)}`, encodeRoute({ kind: "myItem", id: app.id })).row();
  keyboard.text(t("delete-data-button"), encodeRoute({ kind: "deleteData", confirmed: false }));
  const lines = apps.map((app) => listLine(t, catalog, locale, app));
  return { text: `${t("my-title")}\n\n${lines.join("\n\n")}`, keyboard: navigationRow(t, keyboard) };
}

interface Where {
  catalog: Catalog;
  locale: Locale;
  timeZone: string;
  now: number;
}

/** The clocks and the appointment, as the citizen and the officer both read them. */
function clockLines(t: Translate, w: Where, app: PreApplication): string[] {
  const when = (at: number) => formatWhen(at, w.locale, w.timeZone, w.now);
  const lines: string[] = [];
  const late = isOverdue(app, w.now) ? ` ${t("overdue-mark")}` : "";
  if (app.status === "new") lines.push(`${t("field-response-due")}: ${when(app.responseDueAt)}${late}`);
  if (app.official) {
    const reg = app.official.regNumber ? `, ${t("field-reg-number")} ${escapeHtml(app.official.regNumber)}` : "";
    lines.push(
      `${t("field-official")}: ${describeChannel(t, app.official.channel)}, ${when(app.official.filedAt)}${reg}`,
    );
    if (app.status === "filed")
      lines.push(
        `${t("field-official-due")}: ${when(app.official.dueAt)}${late}${app.official.dueCertain ? "" : ` ${t("when-uncertain")}`}`,
      );
  }
  if (app.appointment && !isClosedStatus(app.status))
    lines.push(`${t("field-appointment")}: ${when(app.appointment.at)}, ${escapeHtml(app.appointment.place)}`);
  return lines;
}

/** Shared details of one pre-application. */
function detailLines(t: Translate, w: Where, app: PreApplication): string[] {
  const service = w.catalog.serviceById.get(app.serviceId);
  return [
    `<b>${app.ref}</b>`,
    `${t("field-service")}: ${app.serviceId}. ${escapeHtml(shortServiceName(service, w.locale))}`,
    `${t("field-status")}: ${describeStatus(t, app)}`,
    `${t("field-channel")}: ${describeChannel(t, app.channel)}`,
    `${t("field-created")}: ${formatWhen(app.createdAt, w.locale, w.timeZone, w.now)}`,
    ...clockLines(t, w, app),
  ];
}

/** The next steps a citizen has on any message about their request: the service, the officer, their list. */
export function citizenNextSteps(
  t: Translate,
  app: PreApplication,
  contactOfficerId: string | undefined,
): InlineKeyboard {
  const keyboard = new InlineKeyboard().text(
    t("citizen-service-card"),
    encodeRoute({ kind: "service", serviceId: app.serviceId }),
  );
  keyboard
    .text(
      t("citizen-call"),
      encodeRoute(contactOfficerId ? { kind: "officerContact", officerId: contactOfficerId } : { kind: "officers" }),
    )
    .row();
  return keyboard.text(t("menu-my"), encodeRoute({ kind: "myApplications" }));
}

/** One of the citizen's own pre-applications, with its next steps and Cancel while it can be cancelled. */
export function citizenItemView(t: Translate, w: Where, app: PreApplication, handlerId: string | undefined): View {
  const keyboard = citizenNextSteps(t, app, handlerId).row();
  if (app.status === "new" || app.status === "contacted")
    keyboard.text(t("my-cancel-button"), encodeRoute({ kind: "myCancel", id: app.id, confirmed: false }));
  const lines = detailLines(t, w, app);
  lines.push(`${t("field-name")}: ${escapeHtml(app.applicantName)}`, `${t("field-phone")}: ${formatE164(app.phone)}`);
  if (app.comment) lines.push(commentBlock(t, app.comment));
  return { text: lines.join("\n"), keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "myApplications" })) };
}

/** The message a citizen gets after a step on their request, with what to do next. */
export function citizenStepView(t: Translate, w: Where, app: PreApplication, handlerId: string | undefined): View {
  const last = app.history.at(-1)!;
  const service = w.catalog.serviceById.get(app.serviceId);
  const when = (at: number) => formatWhen(at, w.locale, w.timeZone, w.now);
  const key =
    last.step === "contact" ? `notify-citizen-contact-${last.outcome ?? "advised"}` : `notify-citizen-${last.step}`;
  const vars: Record<string, string> = { ref: app.ref, status: t(`status-${app.status}`) };
  if (app.official) vars.when = when(app.official.dueAt);
  if (last.step === "appoint" && app.appointment) {
    vars.when = when(app.appointment.at);
    vars.place = escapeHtml(app.appointment.place);
  }
  const lines = [t(key, vars), escapeHtml(shortServiceName(service, w.locale))];
  if (last.reason) lines.push(`${t("field-reason")}: ${describeReason(t, last.reason)}`);
  return { text: lines.join("\n"), keyboard: citizenNextSteps(t, app, handlerId) };
}

/**
 * The system closed a request nothing happened to: the citizen hears which request and for how long, and
 * what to do if they still need the service (apply again from its card, or call the officer); whoever
 * handles it hears that it left their queue and that the citizen was told.
 */
export function closedIdleView(
  t: Translate,
  w: Where,
  app: PreApplication,
  to: "citizen" | "staff",
  handlerId: string | undefined,
): View {
  const days = idleDaysAtExpiry(app) ?? 0;
  if (to === "staff")
    return { text: `${t("notify-staff-closed-idle", { ref: app.ref, days })}\n\n${queueLine(t, w, app)}` };
  const service = escapeHtml(shortServiceName(w.catalog.serviceById.get(app.serviceId), w.locale));
  return {
    text: t("notify-citizen-closed-idle", { ref: app.ref, service, days }),
    keyboard: citizenNextSteps(t, app, handlerId),
  };
}

/** The citizen's reminder of their appointment. */
export function appointmentReminderView(
  t: Translate,
  w: Where,
  app: PreApplication,
  handlerId: string | undefined,
): View {
  const when = formatWhen(app.appointment!.at, w.locale, w.timeZone, w.now);
  return {
    text: t("reminder-appointment", { ref: app.ref, when, place: escapeHtml(app.appointment!.place) }),
    keyboard: citizenNextSteps(t, app, handlerId),
  };
}

const deskButton = (t: Translate, label: string, op: Extract<Route, { kind: "deskOp" }>["op"], id: string) =>
  [t(label), encodeRoute({ kind: "deskOp", op, id })] as const;

/** An officer's or admin's view of a request: clocks, attempts, contact, notes and the allowed steps. */
export function officerItemView(
  t: Translate,
  w: Where,
  app: PreApplication,
  actor: Actor,
  ownerName: string | undefined,
): View {
  const lines = detailLines(t, w, app);
  lines.splice(3, 0, `${t("field-owner")}: ${ownerName ? escapeHtml(ownerName) : t("owner-none")}`);
  const attempts = unreachableAttempts(app);
  if (attempts.length > 0)
    lines.push(
      `${t("field-attempts")}: ${attempts.length} (${attempts.map((at) => formatWhen(at, w.locale, w.timeZone, w.now)).join("; ")})`,
    );
  lines.push(`${t("field-name")}: ${escapeHtml(app.applicantName)}`, `${t("field-phone")}: ${formatE164(app.phone)}`);
  if (app.comment) lines.push(commentBlock(t, app.comment));
  if (app.notes.length > 0) {
    lines.push(`${t("field-notes")}:`);
    for (const note of app.notes.slice(-5))
      lines.push(`• ${formatWhen(note.at, w.locale, w.timeZone, w.now)} — ${escapeHtml(note.text)}`);
  }
  const may = new Set(availableActions(actor, app, w.now));
  const keyboard = new InlineKeyboard();
  const add = (label: string, op: Extract<Route, { kind: "deskOp" }>["op"]) =>
    keyboard.text(...deskButton(t, label, op, app.id)).row();
  if (may.has("contact") && app.status === "new") {
    add("desk-contact-advised", "ca");
    add("desk-contact-will_file", "cw");
    add("desk-contact-unreachable", "cu");
  }
  if (may.has("file")) add("desk-file", "f");
  if (may.has("issue")) add("desk-issue", "i");
  if (may.has("refuse")) add("desk-refuse", "r");
  if (may.has("close")) add("desk-close", "c");
  if (may.has("appoint")) add("desk-appoint", "a");
  if (may.has("note")) add("desk-note", "n");
  if (may.has("assign")) add("desk-assign", "s");
  if (may.has("undo")) add("desk-undo", "u");
  if (!isClosedStatus(app.status))
    keyboard.text(t("officer-call"), encodeRoute({ kind: "deskOp", op: "call", id: app.id }));
  const back: Route =
    app.ownerId === undefined ? { kind: "unowned", offset: 0 } : { kind: "queue", officerId: app.ownerId, offset: 0 };
  return { text: lines.join("\n"), keyboard: navigationRow(t, keyboard, encodeRoute(back)) };
}

/** Queue page size: what fits a phone screen with its buttons. */
export const QUEUE_PAGE = 5;

/** One request in a queue: the applicant's name, the service's short name and the nearest deadline. */
export function queueLine(t: Translate, w: Where, app: PreApplication): string {
  const next = nextDeadline(app);
  const when =
    next === undefined
      ? ""
      : ` · ${formatWhen(next, w.locale, w.timeZone, w.now)}${isOverdue(app, w.now) ? ` ${t("overdue-mark")}` : ""}`;
  return `<b>${escapeHtml(app.applicantName)}</b> · ${escapeHtml(shortServiceName(w.catalog.serviceById.get(app.serviceId), w.locale))}\n${app.ref} · ${t(`status-${app.status}`)}${when}`;
}

/** A page of requests with a button each, paging routes, and a way back to the desk. */
export function queueView(
  t: Translate,
  w: Where,
  title: string,
  empty: string,
  page: { items: readonly PreApplication[]; total: number; offset: number },
  pageRoute: (offset: number) => Route,
  back: Route = { kind: "desk" },
): View {
  const keyboard = new InlineKeyboard();
  if (page.total === 0) return { text: empty, keyboard: navigationRow(t, keyboard, encodeRoute(back)) };
  for (const app of page.items)
    keyboard
      .text(`${truncate(app.applicantName, 24)} · ${app.ref}`, encodeRoute({ kind: "queueItem", id: app.id }))
      .row();
  if (page.offset > 0) keyboard.text("◀️", encodeRoute(pageRoute(Math.max(0, page.offset - QUEUE_PAGE))));
  if (page.offset + page.items.length < page.total)
    keyboard.text("▶️", encodeRoute(pageRoute(page.offset + QUEUE_PAGE)));
  const lines = page.items.map((app) => queueLine(t, w, app));
  return { text: `${title}\n\n${lines.join("\n\n")}`, keyboard: navigationRow(t, keyboard, encodeRoute(back)) };
}

/** The message an owner gets about a new or assigned request, with the first steps. */
export function officerNotificationView(t: Translate, w: Where, app: PreApplication, assigned: boolean): View {
  const lines = [t(assigned ? "notify-assigned-title" : "notify-new-title"), "", ...detailLines(t, w, app)];
  lines.push(`${t("field-name")}: ${escapeHtml(app.applicantName)}`, `${t("field-phone")}: ${formatE164(app.phone)}`);
  if (app.comment) lines.push(commentBlock(t, app.comment));
  const keyboard = new InlineKeyboard()
    .text(t("officer-call"), encodeRoute({ kind: "deskOp", op: "call", id: app.id }))
    .text(t("officer-open"), encodeRoute({ kind: "queueItem", id: app.id }));
  return { text: lines.join("\n"), keyboard };
}

/** The admins' notice of a request nobody can take, with Assign. */
export function needsOwnerView(t: Translate, w: Where, app: PreApplication): View {
  const officer = w.catalog.officerById.get(app.officerId)?.name ?? app.officerId;
  const lines = [t("notify-needs-owner", { officer: escapeHtml(officer) }), "", ...detailLines(t, w, app)];
  lines.push(`${t("field-name")}: ${escapeHtml(app.applicantName)}`, `${t("field-phone")}: ${formatE164(app.phone)}`);
  const keyboard = new InlineKeyboard()
    .text(t("desk-assign"), encodeRoute({ kind: "deskOp", op: "s", id: app.id }))
    .text(t("officer-open"), encodeRoute({ kind: "queueItem", id: app.id }));
  return { text: lines.join("\n"), keyboard };
}

/** How many requests a merged reminder or a digest lists before pointing to the queue. */
export const REMINDER_LIST_MAX = 10;

/** The moment a reminder kind is about. */
function reminderMoment(app: PreApplication, kind: ReminderKind): number {
  if (kind.startsWith("official") && app.official) return app.official.dueAt;
  if (kind === "appointment" && app.appointment) return app.appointment.at;
  return app.responseDueAt;
}

/** One person's due reminders as one message: a single request, or a list after a backlog. */
export function reminderView(
  t: Translate,
  w: Where,
  due: readonly { app: PreApplication; kind: ReminderKind }[],
): View {
  const keyboard = new InlineKeyboard();
  const line = ({ app, kind }: { app: PreApplication; kind: ReminderKind }) => {
    const owner =
      app.ownerId === undefined
        ? t("owner-none")
        : escapeHtml(w.catalog.officerById.get(app.ownerId)?.name ?? app.ownerId);
    const head = t(`reminder-${kind}`, {
      ref: app.ref,
      when: formatWhen(reminderMoment(app, kind), w.locale, w.timeZone, w.now),
      owner,
    });
    return `${head}\n${escapeHtml(shortServiceName(w.catalog.serviceById.get(app.serviceId), w.locale))} · ${escapeHtml(app.applicantName)}`;
  };
  for (const { app } of due.slice(0, 5))
    keyboard
      .text(`📂 ${truncate(app.applicantName, 24)} · ${app.ref}`, encodeRoute({ kind: "queueItem", id: app.id }))
      .row();
  if (due.length === 1) return { text: line(due[0]!), keyboard };
  const shown = due.slice(0, REMINDER_LIST_MAX).map(line);
  const more = due.length > REMINDER_LIST_MAX ? [t("reminder-more", { count: due.length - REMINDER_LIST_MAX })] : [];
  keyboard.text(t("officer-queue-button"), encodeRoute({ kind: "desk" }));
  return { text: [t("reminder-many", { count: due.length }), "", ...shown, ...more].join("\n\n"), keyboard };
}

/** The morning digest: what is due today and overdue, and for admins how many need an owner. */
export function digestView(
  t: Translate,
  w: Where,
  digest: { items: readonly PreApplication[]; unowned: number },
): View {
  const lines = [t("digest-title"), ""];
  for (const app of digest.items.slice(0, REMINDER_LIST_MAX)) {
    const when = formatWhen(nextDeadline(app) ?? app.responseDueAt, w.locale, w.timeZone, w.now);
    const vars = {
      ref: app.ref,
      service: escapeHtml(shortServiceName(w.catalog.serviceById.get(app.serviceId), w.locale)),
      name: escapeHtml(app.applicantName),
      when,
    };
    lines.push(t(isOverdue(app, w.now) ? "digest-item-overdue" : "digest-item-today", vars));
  }
  if (digest.items.length > REMINDER_LIST_MAX)
    lines.push(t("digest-more", { count: digest.items.length - REMINDER_LIST_MAX }));
  if (digest.unowned > 0) lines.push("", t("digest-unowned", { count: digest.unowned }));
  return {
    text: lines.join("\n"),
    keyboard: new InlineKeyboard().text(t("officer-queue-button"), encodeRoute({ kind: "desk" })),
  };
}
