/**
 * Administration, for ADMIN_IDS only (checked on every command and every button): one-time officer
 * invites, unlinking (confirmed, with a short undo), covers, /stats with per-officer figures, and /export
 * (officers export their own requests). Officers join through an invite link (`/start inv_<token>`).
 */
import { InlineKeyboard, InputFile } from "grammy";
import { TZDate } from "@date-fns/tz";
import { encodeRoute, type Route } from "../callback-data.js";
import {
  firstContactAt,
  isClosedStatus,
  OPEN_STATUSES,
  STATUSES,
  UNDO_WINDOW_MS,
} from "../../domain/preapplication.js";
import { formatDay } from "../views/preapplication.js";
import { DESK_FORM, staffHomeView } from "./officer-desk.js";
import { clearStaffCommands, setStaffCommands } from "../commands.js";
import type { Actor } from "../../domain/preapplication.js";
import type { BotContext } from "../context.js";
import { CommandHandlers, onCommand, onRoute, RouteHandlers } from "../router.js";
import { replyView, showView } from "../show.js";
import { escapeHtml } from "../views/format.js";
import { mainMenuFor, navigationRow, shortNamesOf } from "../views/menu.js";
import { preApplicationsCsv } from "../views/export.js";

/** The longest date range one export may cover. */
const MAX_EXPORT_DAYS = 366;
const DAY_MS = 86_400_000;

export const isAdmin = (ctx: BotContext) => ctx.from !== undefined && ctx.deps.config.adminIds.includes(ctx.from.id);

function officerPicker(
  ctx: BotContext,
  route: (officerId: string) => Route,
  title: string,
  back: Route = { kind: "desk" },
) {
  const keyboard = new InlineKeyboard();
  for (const officer of ctx.deps.catalog.officers) keyboard.text(officer.name, encodeRoute(route(officer.id))).row();
  return { text: title, keyboard: navigationRow(ctx.t.bind(ctx), keyboard, encodeRoute(back)) };
}

/** The officer list an invite or an unlink starts from. */
function purposePicker(ctx: BotContext, purpose: "invite" | "unlink") {
  if (purpose === "invite")
    return officerPicker(ctx, (officerId) => ({ kind: "invite", officerId }), ctx.t("invite-pick"));
  return officerPicker(ctx, (officerId) => ({ kind: "unlink", officerId, confirmed: false }), ctx.t("unlink-pick"));
}

export const adminCommands = new CommandHandlers();
export const adminButtons = new RouteHandlers();

onCommand(adminCommands, "invite", async (ctx) => {
  if (!isAdmin(ctx)) return ctx.reply(ctx.t("admins-only"));
  await replyView(ctx, purposePicker(ctx, "invite"));
});

onCommand(adminCommands, "unlink", async (ctx) => {
  if (!isAdmin(ctx)) return ctx.reply(ctx.t("admins-only"));
  await replyView(ctx, purposePicker(ctx, "unlink"));
});

onRoute(adminButtons, "officerPicker", async (ctx, route) => {
  if (!isAdmin(ctx)) return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  await ctx.answerCallbackQuery();
  await showView(ctx, purposePicker(ctx, route.purpose));
});

/** The screen after an invite or an unlink: Back to the officer list, for the next one. */
const backToPicker = (ctx: BotContext, purpose: "invite" | "unlink", keyboard = new InlineKeyboard()) =>
  navigationRow(ctx.t.bind(ctx), keyboard, encodeRoute({ kind: "officerPicker", purpose }));

onRoute(adminButtons, "invite", async (ctx, route) => {
  const officer = ctx.deps.catalog.officerById.get(route.officerId);
  if (!isAdmin(ctx) || !officer) return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  const token = await ctx.deps.stores.invites.create(officer.id, ctx.from.id, ctx.deps.clock.now());
  await ctx.answerCallbackQuery();
  const link = `https://t.me/${ctx.me.username}?start=inv_${token}`;
  await showView(ctx, {
    text: ctx.t("invite-created", { name: escapeHtml(officer.name), link }),
    keyboard: backToPicker(ctx, "invite"),
  });
});

/** How long an unlink can be taken back with one tap. */
const RELINK_WINDOW_MS = UNDO_WINDOW_MS;

onRoute(adminButtons, "unlink", async (ctx, route) => {
  const officer = ctx.deps.catalog.officerById.get(route.officerId);
  if (!isAdmin(ctx) || !officer) return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  const t = ctx.t.bind(ctx);
  await ctx.answerCallbackQuery();
  if (!route.confirmed) {
    const keyboard = new InlineKeyboard().text(
      t("confirm-yes"),
      encodeRoute({ kind: "unlink", officerId: officer.id, confirmed: true }),
    );
    return showView(ctx, {
      text: t("unlink-confirm", { name: escapeHtml(officer.name) }),
      keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "officerPicker", purpose: "unlink" })),
    });
  }
  const users = await ctx.app.unlinkOfficer(officer);
  for (const userId of users) await clearStaffCommands(ctx.api, userId);
  const keyboard = new InlineKeyboard();
  const at = ctx.deps.clock.now();
  for (const userId of users)
    keyboard
      .text(
        t("unlink-undo"),
        encodeRoute({ kind: "relink", officerId: officer.id, userId, atSeconds: Math.floor(at / 1000) }),
      )
      .row();
  await showView(ctx, {
    text: t("unlink-done", { name: escapeHtml(officer.name), count: users.length }),
    keyboard: backToPicker(ctx, "unlink", keyboard),
  });
});

onRoute(adminButtons, "relink", async (ctx, route) => {
  const officer = ctx.deps.catalog.officerById.get(route.officerId);
  if (!isAdmin(ctx) || !officer) return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  const now = ctx.deps.clock.now();
  // Only within the window, and only a user who has not been linked to anyone since.
  const current = await ctx.deps.stores.officerLinks.officerOf(route.userId);
  const at = route.atSeconds * 1000;
  if (now - at > RELINK_WINDOW_MS || at > now + 1000 || current !== undefined) {
    return ctx.answerCallbackQuery({ text: ctx.t("unlink-undo-expired"), show_alert: true });
  }
  await ctx.app.relinkOfficer(route.userId, officer.id);
  await setStaffCommands(ctx.api, ctx.deps.i18n, route.userId, "officer", ctx.deps.config.defaultLocale);
  await ctx.answerCallbackQuery();
  await showView(ctx, {
    text: ctx.t("unlink-undone", { name: escapeHtml(officer.name) }),
    keyboard: navigationRow(ctx.t.bind(ctx), new InlineKeyboard(), encodeRoute({ kind: "desk" })),
  });
});

/** The covers screen: every cover, a button to remove each, and one to add. */
async function coversView(ctx: BotContext) {
  const t = ctx.t.bind(ctx);
  const covers = await ctx.deps.stores.covers.all();
  const name = (id: string) => escapeHtml(ctx.deps.catalog.officerById.get(id)?.name ?? id);
  const lines = [t("cover-title"), ""];
  if (covers.length === 0) lines.push(t("cover-none"));
  const keyboard = new InlineKeyboard();
  for (const c of covers) {
    lines.push(
      t("cover-line", {
        officer: name(c.officerId),
        substitute: name(c.substituteId),
        from: formatDay(c.from),
        to: formatDay(c.to),
      }),
    );
    keyboard
      .text(
        t("cover-remove", { name: ctx.deps.catalog.officerById.get(c.officerId)?.name ?? c.officerId }),
        encodeRoute({ kind: "coverRemove", officerId: c.officerId }),
      )
      .row();
  }
  keyboard.text(t("cover-add"), encodeRoute({ kind: "coverPick" }));
  return { text: lines.join("\n"), keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "desk" })) };
}

onCommand(adminCommands, "cover", async (ctx) => {
  if (!isAdmin(ctx)) return ctx.reply(ctx.t("admins-only"));
  await replyView(ctx, await coversView(ctx));
});

onRoute(adminButtons, "covers", async (ctx) => {
  if (!isAdmin(ctx)) return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  await ctx.answerCallbackQuery();
  await showView(ctx, await coversView(ctx));
});

onRoute(adminButtons, "coverPick", async (ctx, route) => {
  if (!isAdmin(ctx)) return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  await ctx.answerCallbackQuery();
  const officer = route.officerId === undefined ? undefined : ctx.deps.catalog.officerById.get(route.officerId);
  if (!officer)
    return showView(
      ctx,
      officerPicker(ctx, (officerId) => ({ kind: "coverPick", officerId }), ctx.t("cover-pick-officer")),
    );
  const title = ctx.t("cover-pick-substitute", { name: escapeHtml(officer.name) });
  const picker = officerPicker(
    ctx,
    (substituteId) => ({ kind: "coverSub", officerId: officer.id, substituteId }),
    title,
  );
  await showView(ctx, picker);
});

onRoute(adminButtons, "coverSub", async (ctx, route) => {
  const { officerById } = ctx.deps.catalog;
  if (!isAdmin(ctx) || !officerById.has(route.officerId) || !officerById.has(route.substituteId)) {
    return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  }
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter(DESK_FORM, "cover", "", ctx.locale, `${route.officerId}:${route.substituteId}`);
});

onRoute(adminButtons, "coverRemove", async (ctx, route) => {
  if (!isAdmin(ctx)) return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  const removed = await ctx.app.removeCover(route.officerId);
  const name = ctx.deps.catalog.officerById.get(route.officerId)?.name ?? route.officerId;
  await ctx.answerCallbackQuery({ text: removed ? ctx.t("cover-removed", { name }) : ctx.t("action-not-possible") });
  await showView(ctx, await coversView(ctx));
});

/** Redeems `/start inv_<token>`: links the Telegram user to the officer record, once. */
export async function redeemInvite(ctx: BotContext, token: string): Promise<void> {
  const result = await ctx.app.redeemOfficerInvite(token, ctx.from!.id);
  const menu = mainMenuFor(ctx);
  if (!result.ok) return replyView(ctx, { ...menu, text: ctx.t(`invite-${result.reason}`) });
  const officer = result.officer;
  const services = escapeHtml(shortNamesOf(ctx.deps.catalog, officer.id, ctx.locale));
  await setStaffCommands(ctx.api, ctx.deps.i18n, ctx.from!.id, "officer", ctx.deps.config.defaultLocale);
  const home = await staffHomeView(ctx, (await ctx.app.actorOf(ctx.from!.id)) as Exclude<Actor, { kind: "citizen" }>);
  await replyView(ctx, {
    ...home,
    text: `${ctx.t("invite-linked", { name: escapeHtml(officer.name), services })}\n\n${home.text}`,
  });
}

/** The median of some durations, in whole hours, or undefined for none. */
function medianHours(durations: number[]): number | undefined {
  if (durations.length === 0) return undefined;
  const sorted = [...durations].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round((median / 3_600_000) * 10) / 10;
}

onCommand(adminCommands, "stats", async (ctx) => {
  if (!isAdmin(ctx)) return ctx.reply(ctx.t("admins-only"));
  const { stores, catalog } = ctx.deps;
  const now = ctx.deps.clock.now();
  const [stats, failures, failureCount, pending, links, overdue, unowned, recent] = await Promise.all([
    stores.preApplications.stats(now),
    stores.reminders.recentFailures(5),
    stores.reminders.failureCount(),
    stores.reminders.pendingCount(),
    stores.officerLinks.all(),
    stores.preApplications.listOverdue(now),
    stores.preApplications.listUnowned({ offset: 0, limit: 1 }),
    stores.preApplications.listCreatedBetween(now - 90 * DAY_MS, now + 1),
  ]);
  const t = ctx.t.bind(ctx);
  const open = OPEN_STATUSES.reduce((sum, status) => sum + stats.total[status], 0);
  const lines = [t("stats-title"), "", t("stats-open", { open, overdue: overdue.length, unowned: unowned.total })];
  // Closed by the idle sweep (and still kept): a sign of requests nobody worked, apart from citizens' cancellations.
  if (stats.total.expired > 0) lines.push(t("stats-expired", { count: stats.total.expired }));
  for (const officer of catalog.officers) {
    const owned = recent.filter((app) => app.ownerId === officer.id);
    const firstContacts = owned.flatMap((app) => {
      const at = firstContactAt(app);
      return at === undefined ? [] : [at - app.createdAt];
    });
    const hours = medianHours(firstContacts);
    lines.push(
      t("stats-officer", {
        name: escapeHtml(officer.name),
        open: owned.filter((app) => !isClosedStatus(app.status)).length,
        overdue: overdue.filter((app) => app.ownerId === officer.id).length,
        median: hours === undefined ? t("stats-median-none") : t("stats-median-hours", { hours }),
      }),
    );
  }
  lines.push("");
  for (const row of stats.services) {
    const rowOpen = OPEN_STATUSES.reduce((sum, status) => sum + row.byStatus[status], 0);
    const closed = STATUSES.reduce((sum, status) => sum + row.byStatus[status], 0) - rowOpen;
    lines.push(t("stats-service", { id: row.serviceId, open: rowOpen, closed, overdue: row.overdue }));
  }
  const linked = new Set(links.map((l) => l.officerId));
  const unlinked = catalog.officers.filter((o) => !linked.has(o.id)).map((o) => escapeHtml(o.name));
  lines.push("", t("stats-reminders", { pending, failed: failureCount }));
  for (const failure of failures) {
    lines.push(t(`stats-failure-${failure.reason}`, { chat: String(failure.reminder.chatId) }));
  }
  if (unlinked.length) lines.push("", t("stats-unlinked", { names: unlinked.join(", ") }));
  // The source table's data-quality flags: citizens never see them, administrators fix them at the source.
  const flagged = catalog.services
    .filter((s) => s.flags.length > 0 || s.ruNameStatus === "unconfirmed")
    .map((s) => `№${s.id}`);
  if (flagged.length) lines.push("", t("stats-data-notes", { services: flagged.join(", ") }));
  await replyView(ctx, { text: lines.join("\n"), keyboard: navigationRow(t, new InlineKeyboard()) });
});

/** Parses "/export [from] [to]" (YYYY-MM-DD, local days); the default is the last 30 days. */
function exportRange(args: string, now: number, timeZone: string): { from: number; to: number } | undefined {
  const days = args.trim().split(/\s+/).filter(Boolean);
  const dayStart = (day: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!m) return Number.NaN;
    const date = new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), timeZone);
    // TZDate rolls 30 February over into March; a real date survives the round trip.
    return date.getMonth() === Number(m[2]) - 1 && date.getDate() === Number(m[3]) ? date.getTime() : Number.NaN;
  };
  if (days.length === 0) return { from: now - 30 * DAY_MS, to: now };
  const from = dayStart(days[0]!);
  const to = days[1] ? dayStart(days[1]) + DAY_MS : now;
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from || to - from > MAX_EXPORT_DAYS * DAY_MS) return undefined;
  return { from, to };
}

onCommand(adminCommands, "export", async (ctx) => {
  const actor = await ctx.app.actorOf(ctx.from.id);
  if (actor.kind === "citizen") return ctx.reply(ctx.t("officers-only"));
  const { stores, catalog, calendar } = ctx.deps;
  const range = exportRange(ctx.match, ctx.deps.clock.now(), calendar.timeZone);
  if (!range) return ctx.reply(ctx.t("export-usage", { days: MAX_EXPORT_DAYS }));
  const all = await stores.preApplications.listCreatedBetween(range.from, range.to);
  const apps =
    actor.kind === "admin"
      ? all
      : all.filter((app) => app.ownerId !== undefined && actor.actsFor.includes(app.ownerId));
  const csv = preApplicationsCsv(
    apps,
    { catalog, timeZone: calendar.timeZone, t: ctx.t.bind(ctx), locale: ctx.locale },
    actor.kind === "admin",
  );
  const stamp = new Date(range.from).toISOString().slice(0, 10);
  await ctx.replyWithDocument(new InputFile(Buffer.from(csv, "utf8"), `pre-applications-${stamp}.csv`), {
    caption: ctx.t("export-caption", { count: apps.length }),
  });
});
