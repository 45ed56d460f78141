/**
 * The officer's desk: /queue of open pre-applications (oldest deadline first), each with Take, Done,
 * Reject (asks a reason) and Call. Rights are checked on every press against the stored record, so
 * forged or replayed buttons never cross from one officer's services to another's.
 */
import { Composer, InlineKeyboard, type Context } from "grammy";
import type { Locale } from "../../domain/catalog.js";
import { formatPhone as formatE164 } from "../../domain/phone.js";
import { can, MAX_REJECT_REASON_CHARS, type Actor } from "../../domain/preapplication.js";
import { encodeRoute } from "../callback-data.js";
import type { BotContext, BotDeps } from "../context.js";
import { onRoute } from "../router.js";
import { replyView, showView } from "../show.js";
import type { Translate } from "../views/format.js";
import { navigationRow } from "../views/menu.js";
import { officerItemView, queueView, QUEUE_PAGE } from "../views/preapplication.js";
import type { View } from "../views/view.js";
import type { App, Log } from "../../app/index.js";
import { isServiceUnavailable } from "../errors.js";
import { formSteps, type FormConversation } from "../forms/steps.js";

export const REJECT_FORM = "reject";

/** Answers a press the caller has no right to, without saying anything about the record. */
async function refuse(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
}

/** The officer picker admins get, to open any officer's queue. */
function officerPickerView(ctx: BotContext): View {
  const keyboard = new InlineKeyboard();
  for (const officer of ctx.deps.catalog.officers) keyboard.text(officer.name, encodeRoute({ kind: "queue", officerId: officer.id, offset: 0 })).row();
  return { text: ctx.t("queue-pick-officer"), keyboard: navigationRow(ctx.t.bind(ctx), keyboard) };
}

/** The queue page an actor asked for, or undefined when they may not see that officer's queue. */
async function queueFor(ctx: BotContext, actor: Actor, officerId: string | undefined, offset: number): Promise<View | undefined> {
  if (actor.kind === "citizen") return undefined;
  if (actor.kind === "admin" && !officerId) return officerPickerView(ctx);
  const target = officerId ?? (actor.kind === "officer" ? actor.officerId : undefined);
  if (!target || !ctx.deps.catalog.officerById.has(target)) return undefined;
  if (actor.kind === "officer" && actor.officerId !== target) return undefined;
  const page = await ctx.deps.stores.preApplications.listOpenByOfficer(target, { offset, limit: QUEUE_PAGE });
  const back = actor.kind === "admin" ? encodeRoute({ kind: "queue", offset: 0 }) : undefined;
  return queueView(ctx.t.bind(ctx), ctx.deps.catalog, ctx.locale, ctx.deps.calendar.timeZone, target, { ...page, offset }, ctx.deps.clock.now(), back);
}

export const officerDesk = new Composer<BotContext>();

officerDesk.chatType("private").command("queue", async (ctx) => {
  const view = await queueFor(ctx, await ctx.app.actorOf(ctx.from.id), undefined, 0);
  await replyView(ctx, view ?? { text: ctx.t("officers-only"), keyboard: navigationRow(ctx.t.bind(ctx), new InlineKeyboard()) });
});

onRoute(officerDesk, "queue", async (ctx, route) => {
  const view = await queueFor(ctx, await ctx.app.actorOf(ctx.from.id), route.officerId, route.offset);
  if (!view) return refuse(ctx);
  await ctx.answerCallbackQuery();
  await showView(ctx, view);
});

async function showItem(ctx: BotContext, actor: Actor, id: string): Promise<boolean> {
  const app = await ctx.deps.stores.preApplications.get(id);
  if (!app || !can(actor, "view", app)) return false;
  const view = officerItemView(ctx.t.bind(ctx), ctx.deps.catalog, ctx.locale, ctx.deps.calendar.timeZone, app, actor, ctx.deps.clock.now());
  await showView(ctx, view);
  return true;
}

onRoute(officerDesk, "queueItem", async (ctx, route) => {
  const actor = await ctx.app.actorOf(ctx.from.id);
  if (actor.kind === "citizen") return refuse(ctx);
  await ctx.answerCallbackQuery();
  if (!(await showItem(ctx, actor, route.id))) await ctx.reply(ctx.t("not-allowed"));
});

onRoute(officerDesk, "officerAction", async (ctx, route) => {
  const actor = await ctx.app.actorOf(ctx.from.id);
  const app = await ctx.deps.stores.preApplications.get(route.id);
  if (actor.kind === "citizen" || !app || !can(actor, "view", app)) return refuse(ctx);
  if (route.action === "call") {
    await ctx.answerCallbackQuery({ text: `${app.applicantName}: ${formatE164(app.phone)}`, show_alert: true });
    await ctx.replyWithContact(app.phone, app.applicantName);
    return;
  }
  if (route.action === "reject") {
    if (!can(actor, "reject", app)) return refuse(ctx);
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter(REJECT_FORM, app.id, ctx.locale);
    return;
  }
  const result = await ctx.app.changeStatus(actor, app.id, { action: route.action });
  if (!result.ok && result.reason === "not_allowed_for_actor") return refuse(ctx);
  await ctx.answerCallbackQuery({ text: ctx.t(result.ok ? `status-set-${result.app.status}` : "action-not-possible") });
  await showItem(ctx, actor, app.id);
});

/** The reject form: asks the reason (required, limited), then rejects; the citizen is told the reason. */
export function createRejectForm(deps: BotDeps, appFor: (log: Log) => App) {
  const { i18n } = deps;
  return async function reject(conversation: FormConversation, ctx: Context, id: string, locale: Locale): Promise<void> {
    const t: Translate = (key, vars) => i18n.t(locale, key, vars);
    const userId = ctx.from?.id;
    if (userId === undefined) return;
    const steps = formSteps(conversation, ctx, t);
    const max = { max: MAX_REJECT_REASON_CHARS };
    await ctx.reply(t("reject-ask-reason", max), {
      reply_markup: new InlineKeyboard().text(t("form-cancel-button"), encodeRoute({ kind: "formCancel" })),
    });
    for (;;) {
      const reason = (await steps.text({
        hintKey: "reject-ask-reason",
        hintVars: max,
        validate: (text) => {
          const trimmed = text.trim();
          if (!trimmed) return { ok: false, errorKey: "reject-ask-reason", vars: max };
          return trimmed.length > MAX_REJECT_REASON_CHARS ? { ok: false, errorKey: "reject-too-long", vars: max } : { ok: true, value: trimmed };
        },
      }))!;
      const next = steps.current();
      const log = deps.logger.child({ updateId: next.update.update_id });
      const app = appFor(log);
      const result = await conversation.external(async () => {
        try {
          return await app.changeStatus(await app.actorOf(userId), id, { action: "reject", reason });
        } catch (error) {
          log.error({ err: error }, "rejection could not be stored");
          return { ok: false as const, reason: isServiceUnavailable(error) ? ("unavailable" as const) : ("failed" as const) };
        }
      });
      if (!result.ok && (result.reason === "unavailable" || result.reason === "failed")) {
        await next.reply(t(result.reason === "unavailable" ? "form-store-unavailable" : "error-generic"));
        continue;
      }
      const back = new InlineKeyboard().text(t("officer-open"), encodeRoute({ kind: "queueItem", id }));
      await next.reply(t(result.ok ? "status-set-rejected" : "action-not-possible"), { reply_markup: back });
      return;
    }
  };
}
