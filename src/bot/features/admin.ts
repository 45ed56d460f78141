/**
 * Administration, for ADMIN_IDS only (checked on every command and every button): one-time officer
 * invites, unlinking, /stats and /export. Officers join through an invite link (`/start inv_<token>`).
 */
import { Composer, InlineKeyboard, InputFile } from "grammy";
import { TZDate } from "@date-fns/tz";
import { encodeRoute } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { onRoute } from "../router.js";
import { replyView, showView } from "../show.js";
import { escapeHtml } from "../views/format.js";
import { mainMenuFor, navigationRow, shortNamesOf } from "../views/menu.js";
import { preApplicationsCsv } from "../views/export.js";

/** The longest date range one export may cover. */
const MAX_EXPORT_DAYS = 366;
const DAY_MS = 86_400_000;

export const isAdmin = (ctx: BotContext) => ctx.from !== undefined && ctx.deps.config.adminIds.includes(ctx.from.id);

function officerPicker(ctx: BotContext, kind: "invite" | "unlink", title = ctx.t(kind === "invite" ? "invite-pick" : "unlink-pick")) {
  const keyboard = new InlineKeyboard();
  for (const officer of ctx.deps.catalog.officers) keyboard.text(officer.name, encodeRoute({ kind, officerId: officer.id })).row();
  return { text: title, keyboard: navigationRow(ctx.t.bind(ctx), keyboard) };
}

export const admin = new Composer<BotContext>();
const privateChats = admin.chatType("private");

privateChats.command("invite", async (ctx) => {
  if (!isAdmin(ctx)) return ctx.reply(ctx.t("admins-only"));
  await replyView(ctx, officerPicker(ctx, "invite"));
});

privateChats.command("unlink", async (ctx) => {
  if (!isAdmin(ctx)) return ctx.reply(ctx.t("admins-only"));
  await replyView(ctx, officerPicker(ctx, "unlink"));
});

onRoute(admin, "officerPicker", async (ctx, route) => {
  if (!isAdmin(ctx)) return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  await ctx.answerCallbackQuery();
  await showView(ctx, officerPicker(ctx, route.purpose));
});

/** The screen after an invite or an unlink: Back to the officer list, for the next one. */
const backToPicker = (ctx: BotContext, purpose: "invite" | "unlink") =>
  navigationRow(ctx.t.bind(ctx), new InlineKeyboard(), encodeRoute({ kind: "officerPicker", purpose }));

onRoute(admin, "invite", async (ctx, route) => {
  const officer = ctx.deps.catalog.officerById.get(route.officerId);
  if (!isAdmin(ctx) || !officer) return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  const token = await ctx.deps.stores.invites.create(officer.id, ctx.from.id, ctx.deps.clock.now());
  await ctx.answerCallbackQuery();
  const link = `https://t.me/${ctx.me.username}?start=inv_${token}`;
  await showView(ctx, { text: ctx.t("invite-created", { name: escapeHtml(officer.name), link }), keyboard: backToPicker(ctx, "invite") });
});

onRoute(admin, "unlink", async (ctx, route) => {
  const officer = ctx.deps.catalog.officerById.get(route.officerId);
  if (!isAdmin(ctx) || !officer) return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  const count = await ctx.app.unlinkOfficer(officer);
  await ctx.answerCallbackQuery();
  await showView(ctx, { text: ctx.t("unlink-done", { name: escapeHtml(officer.name), count }), keyboard: backToPicker(ctx, "unlink") });
});

/** Redeems `/start inv_<token>`: links the Telegram user to the officer record, once. */
export async function redeemInvite(ctx: BotContext, token: string): Promise<void> {
  const result = await ctx.app.redeemOfficerInvite(token, ctx.from!.id);
  const menu = mainMenuFor(ctx);
  if (!result.ok) return replyView(ctx, { ...menu, text: ctx.t(`invite-${result.reason}`) });
  const officer = result.officer;
  const services = escapeHtml(shortNamesOf(ctx.deps.catalog, officer.id, ctx.locale));
  await replyView(ctx, { ...menu, text: ctx.t("invite-linked", { name: escapeHtml(officer.name), services }) });
}

privateChats.command("stats", async (ctx) => {
  if (!isAdmin(ctx)) return ctx.reply(ctx.t("admins-only"));
  const { stores, catalog } = ctx.deps;
  const now = ctx.deps.clock.now();
  const [stats, failures, failureCount, pending, links] = await Promise.all([
    stores.preApplications.stats(now),
    stores.reminders.recentFailures(5),
    stores.reminders.failureCount(),
    stores.reminders.pendingCount(),
    stores.officerLinks.all(),
  ]);
  const t = ctx.t.bind(ctx);
  const lines = [t("stats-title"), ""];
  lines.push(t("stats-totals", { new: stats.total.new, in_work: stats.total.in_work, done: stats.total.done, rejected: stats.total.rejected, cancelled: stats.total.cancelled, overdue: stats.overdue }));
  for (const row of stats.services) {
    const open = row.byStatus.new + row.byStatus.in_work;
    lines.push(t("stats-service", { id: row.serviceId, open, closed: row.byStatus.done + row.byStatus.rejected + row.byStatus.cancelled, overdue: row.overdue }));
  }
  const linked = new Set(links.map((l) => l.officerId));
  const unlinked = catalog.officers.filter((o) => !linked.has(o.id)).map((o) => escapeHtml(o.name));
  lines.push("", t("stats-reminders", { pending, failed: failureCount }));
  for (const failure of failures) {
    lines.push(t(`stats-failure-${failure.reason}`, { chat: String(failure.reminder.chatId) }));
  }
  if (unlinked.length) lines.push("", t("stats-unlinked", { names: unlinked.join(", ") }));
  // The source table's data-quality flags: citizens never see them, administrators fix them at the source.
  const flagged = catalog.services.filter((s) => s.flags.length > 0 || s.ruNameStatus === "unconfirmed").map((s) => `№${s.id}`);
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

privateChats.command("export", async (ctx) => {
  const actor = await ctx.app.actorOf(ctx.from.id);
  if (actor.kind === "citizen") return ctx.reply(ctx.t("officers-only"));
  const { stores, catalog, calendar } = ctx.deps;
  const range = exportRange(ctx.match, ctx.deps.clock.now(), calendar.timeZone);
  if (!range) return ctx.reply(ctx.t("export-usage", { days: MAX_EXPORT_DAYS }));
  const all = await stores.preApplications.listCreatedBetween(range.from, range.to);
  const apps = actor.kind === "admin" ? all : all.filter((app) => app.officerId === actor.officerId);
  const csv = preApplicationsCsv(apps, catalog, calendar.timeZone, actor.kind === "admin");
  const stamp = new Date(range.from).toISOString().slice(0, 10);
  await ctx.replyWithDocument(new InputFile(Buffer.from(csv, "utf8"), `pre-applications-${stamp}.csv`), {
    caption: ctx.t("export-caption", { count: apps.length }),
  });
});
