/**
 * The officer's desk: the staff home (/desk, and /start for staff), queues (mine, with whoever I cover;
 * needs an owner; overdue), a request with its steps (contact outcomes, filing, result, refusal, closing
 * as advice, appointment, note, assignment, undo, call), and the desk's small forms. Rights are checked
 * on every press against the stored record, so forged or replayed buttons never cross from one officer's
 * requests to another's. Done, Refuse and Close always ask for confirmation and can be undone for
 * UNDO_WINDOW_MS.
 */
import { InlineKeyboard, type Context } from "grammy";
import { TZDate } from "@date-fns/tz";
import type { Channel, Locale } from "../../domain/catalog.js";
import { formatPhone as formatE164 } from "../../domain/phone.js";
import {
  can,
  CLOSE_REASONS,
  isOverdue,
  MAX_NOTE_CHARS,
  MAX_PLACE_CHARS,
  MAX_REASON_CHARS,
  isValidRegNumber,
  newPreApplicationId,
  nextDeadline,
  REFUSAL_REASONS,
  UNDO_WINDOW_MS,
  type Action,
  type Actor,
  type PreApplication,
} from "../../domain/preapplication.js";
import { decodeRoute, encodeRoute, FILED_DAYS, type DeskOp, type ReasonOp, type Route } from "../callback-data.js";
import type { BotContext, BotDeps } from "../context.js";
import { CommandHandlers, onCommand, onRoute, RouteHandlers, type ButtonContext } from "../router.js";
import { replyView, showView } from "../show.js";
import { describeChannel, escapeHtml, type Translate } from "../views/format.js";
import { navigationRow } from "../views/menu.js";
import { describeReason, formatDay, officerItemView, queueView, QUEUE_PAGE } from "../views/preapplication.js";
import type { View } from "../views/view.js";
import type { App, ChangeResult, DeskRequest, Log } from "../../app/index.js";
import { isServiceUnavailable } from "../errors.js";
import { formSteps, type FormConversation } from "../forms/steps.js";

export const DESK_FORM = "desk";

/** What the desk form asks for. */
export type DeskFormMode = "reason-refuse" | "reason-close" | "note" | "file" | "appoint" | "cover";

/** Answers a press the caller has no right to, without saying anything about the record. */
async function refuse(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
}

const whereOf = (ctx: BotContext) => ({
  catalog: ctx.deps.catalog,
  locale: ctx.locale,
  timeZone: ctx.deps.calendar.timeZone,
  now: ctx.deps.clock.now(),
});
const officerName = (ctx: BotContext, officerId: string | undefined) =>
  officerId === undefined ? undefined : (ctx.deps.catalog.officerById.get(officerId)?.name ?? officerId);

/** Up to 100 open requests of each officer the actor acts for, nearest deadline first. */
async function myRequests(ctx: BotContext, actor: Extract<Actor, { kind: "officer" }>): Promise<PreApplication[]> {
  const all: PreApplication[] = [];
  for (const officerId of actor.actsFor)
    all.push(...(await ctx.deps.stores.preApplications.listOpenByOwner(officerId, { offset: 0, limit: 100 })).items);
  return all.sort(
    (a, b) => (nextDeadline(a) ?? Number.MAX_SAFE_INTEGER) - (nextDeadline(b) ?? Number.MAX_SAFE_INTEGER),
  );
}

/** The overdue requests the actor is responsible for: theirs (and whoever they cover), or all for admins. */
async function overdueFor(ctx: BotContext, actor: Actor): Promise<PreApplication[]> {
  const now = ctx.deps.clock.now();
  if (actor.kind === "admin") return ctx.deps.stores.preApplications.listOverdue(now);
  if (actor.kind === "officer") return (await myRequests(ctx, actor)).filter((app) => isOverdue(app, now));
  return [];
}

/** The staff home: my queue and overdue for officers; needs an owner, overdue, queues and covers for admins. */
export async function staffHomeView(ctx: BotContext, actor: Exclude<Actor, { kind: "citizen" }>): Promise<View> {
  const t = ctx.t.bind(ctx);
  const { preApplications } = ctx.deps.stores;
  const keyboard = new InlineKeyboard();
  const overdue = await overdueFor(ctx, actor);
  const lines = [t("staff-home-title")];
  if (actor.kind === "admin") {
    const [open, unowned] = await Promise.all([
      preApplications.listOpen({ offset: 0, limit: 1 }),
      preApplications.listUnowned({ offset: 0, limit: 1 }),
    ]);
    lines.push(t("stats-open", { open: open.total, overdue: overdue.length, unowned: unowned.total }));
    keyboard.text(t("staff-unowned", { count: unowned.total }), encodeRoute({ kind: "unowned", offset: 0 })).row();
    keyboard.text(t("staff-overdue", { count: overdue.length }), encodeRoute({ kind: "overdue" })).row();
    keyboard.text(t("staff-queues"), encodeRoute({ kind: "queue", offset: 0 })).row();
    keyboard.text(t("staff-covers"), encodeRoute({ kind: "covers" })).row();
  } else {
    lines[0] = `${lines[0]} · ${escapeHtml(officerName(ctx, actor.officerId) ?? "")}`;
    const mine = await myRequests(ctx, actor);
    keyboard.text(t("staff-my-queue", { count: mine.length }), encodeRoute({ kind: "queue", offset: 0 })).row();
    keyboard.text(t("staff-overdue", { count: overdue.length }), encodeRoute({ kind: "overdue" })).row();
  }
  keyboard.text(t("staff-citizen-menu"), encodeRoute({ kind: "main" }));
  return { text: lines.join("\n"), keyboard };
}

/** The officer picker admins get, to open any officer's queue. */
function officerPickerView(ctx: BotContext): View {
  const keyboard = new InlineKeyboard();
  for (const officer of ctx.deps.catalog.officers)
    keyboard.text(officer.name, encodeRoute({ kind: "queue", officerId: officer.id, offset: 0 })).row();
  return {
    text: ctx.t("queue-pick-officer"),
    keyboard: navigationRow(ctx.t.bind(ctx), keyboard, encodeRoute({ kind: "desk" })),
  };
}

/** The queue page an actor asked for, or undefined when they may not see it. */
async function queueFor(
  ctx: BotContext,
  actor: Actor,
  officerId: string | undefined,
  offset: number,
): Promise<View | undefined> {
  const t = ctx.t.bind(ctx);
  if (actor.kind === "citizen") return undefined;
  if (actor.kind === "admin" && !officerId) return officerPickerView(ctx);
  if (actor.kind === "officer" && officerId !== undefined && !actor.actsFor.includes(officerId)) return undefined;
  if (officerId !== undefined && !ctx.deps.catalog.officerById.has(officerId)) return undefined;
  const items =
    actor.kind === "officer" && officerId === undefined
      ? await myRequests(ctx, actor)
      : (await ctx.deps.stores.preApplications.listOpenByOwner(officerId!, { offset: 0, limit: 100 })).items;
  const page = { items: items.slice(offset, offset + QUEUE_PAGE), total: items.length, offset };
  const name = escapeHtml(
    officerName(ctx, officerId ?? (actor.kind === "officer" ? actor.officerId : undefined)) ?? "",
  );
  const title = t("queue-title", {
    officer: name,
    from: offset + 1,
    to: offset + page.items.length,
    total: page.total,
  });
  // An admin's look at one officer's queue leads back to the officer list; the desk is everyone else's way back.
  const back: Route = actor.kind === "admin" ? { kind: "queue", offset: 0 } : { kind: "desk" };
  return queueView(
    t,
    whereOf(ctx),
    title,
    t("queue-empty", { officer: name }),
    page,
    (o) => ({ kind: "queue", ...(officerId ? { officerId } : {}), offset: o }),
    back,
  );
}

export const officerDeskCommands = new CommandHandlers();
export const officerDeskButtons = new RouteHandlers();

const notStaff = (ctx: BotContext) => ({
  text: ctx.t("officers-only"),
  keyboard: navigationRow(ctx.t.bind(ctx), new InlineKeyboard()),
});

onCommand(officerDeskCommands, "desk", async (ctx) => {
  const actor = await ctx.app.actorOf(ctx.from.id);
  await replyView(ctx, actor.kind === "citizen" ? notStaff(ctx) : await staffHomeView(ctx, actor));
});

onCommand(officerDeskCommands, "queue", async (ctx) => {
  const view = await queueFor(ctx, await ctx.app.actorOf(ctx.from.id), undefined, 0);
  await replyView(ctx, view ?? notStaff(ctx));
});

onRoute(officerDeskButtons, "desk", async (ctx) => {
  const actor = await ctx.app.actorOf(ctx.from.id);
  if (actor.kind === "citizen") return refuse(ctx);
  await ctx.answerCallbackQuery();
  await showView(ctx, await staffHomeView(ctx, actor));
});

onRoute(officerDeskButtons, "queue", async (ctx, route) => {
  const view = await queueFor(ctx, await ctx.app.actorOf(ctx.from.id), route.officerId, route.offset);
  if (!view) return refuse(ctx);
  await ctx.answerCallbackQuery();
  await showView(ctx, view);
});

onRoute(officerDeskButtons, "unowned", async (ctx, route) => {
  const actor = await ctx.app.actorOf(ctx.from.id);
  if (actor.kind !== "admin") return refuse(ctx);
  const t = ctx.t.bind(ctx);
  const page = await ctx.deps.stores.preApplications.listUnowned({ offset: route.offset, limit: QUEUE_PAGE });
  await ctx.answerCallbackQuery();
  const title = t("unowned-title", { count: page.total });
  await showView(
    ctx,
    queueView(t, whereOf(ctx), title, t("unowned-empty"), { ...page, offset: route.offset }, (offset) => ({
      kind: "unowned",
      offset,
    })),
  );
});

onRoute(officerDeskButtons, "overdue", async (ctx) => {
  const actor = await ctx.app.actorOf(ctx.from.id);
  if (actor.kind === "citizen") return refuse(ctx);
  const t = ctx.t.bind(ctx);
  const items = await overdueFor(ctx, actor);
  await ctx.answerCallbackQuery();
  const page = { items: items.slice(0, QUEUE_PAGE * 4), total: Math.min(items.length, QUEUE_PAGE * 4), offset: 0 };
  await showView(
    ctx,
    queueView(t, whereOf(ctx), t("overdue-title", { count: items.length }), t("overdue-empty"), page, () => ({
      kind: "overdue",
    })),
  );
});

/** The request as the actor may see it, or undefined. */
async function visible(ctx: BotContext, actor: Actor, id: string): Promise<PreApplication | undefined> {
  const app = await ctx.deps.stores.preApplications.get(id);
  return app && can(actor, "view", app, ctx.deps.clock.now()) ? app : undefined;
}

async function showItem(ctx: BotContext, actor: Actor, app: PreApplication): Promise<void> {
  await showView(ctx, officerItemView(ctx.t.bind(ctx), whereOf(ctx), app, actor, officerName(ctx, app.ownerId)));
}

onRoute(officerDeskButtons, "queueItem", async (ctx, route) => {
  const actor = await ctx.app.actorOf(ctx.from.id);
  const app = actor.kind === "citizen" ? undefined : await visible(ctx, actor, route.id);
  if (!app) return refuse(ctx);
  await ctx.answerCallbackQuery();
  await showItem(ctx, actor, app);
});

/** The confirmation screen of a closing step: Yes presses `yes`. */
function confirmView(ctx: BotContext, app: PreApplication, text: string, yes: Route): View {
  const t = ctx.t.bind(ctx);
  const keyboard = new InlineKeyboard().text(t("confirm-yes"), encodeRoute(yes));
  return { text, keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "queueItem", id: app.id })) };
}

/** The reason picker of a refusal or a closing. */
function reasonPickerView(ctx: BotContext, app: PreApplication, kind: "r" | "c"): View {
  const t = ctx.t.bind(ctx);
  const keyboard = new InlineKeyboard();
  for (const reason of kind === "r" ? REFUSAL_REASONS : CLOSE_REASONS)
    keyboard.text(t(`reason-${reason}`), encodeRoute({ kind: "deskReason", op: kind, id: app.id, reason })).row();
  return {
    text: t(kind === "r" ? "desk-pick-refuse" : "desk-pick-close", { ref: app.ref }),
    keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "queueItem", id: app.id })),
  };
}

/** The owner picker of an assignment (admins). */
function ownerPickerView(ctx: BotContext, app: PreApplication): View {
  const t = ctx.t.bind(ctx);
  const keyboard = new InlineKeyboard();
  for (const officer of ctx.deps.catalog.officers)
    keyboard.text(officer.name, encodeRoute({ kind: "deskAssign", id: app.id, officerId: officer.id })).row();
  keyboard.text(t("desk-unassign"), encodeRoute({ kind: "deskAssign", id: app.id }));
  return {
    text: t("desk-pick-owner", { ref: app.ref }),
    keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "queueItem", id: app.id })),
  };
}

/** The domain action each desk button needs the right to. */
const OP_ACTION: Record<DeskOp | ReasonOp, Action> = {
  ca: "contact",
  cw: "contact",
  cu: "contact",
  f: "file",
  i: "issue",
  iy: "issue",
  r: "refuse",
  ry: "refuse",
  c: "close",
  cy: "close",
  u: "undo",
  n: "note",
  a: "appoint",
  s: "assign",
  call: "view",
};

/** The toast after a change: done with its undo window, undone, saved, or why not. */
function outcomeText(ctx: BotContext, result: ChangeResult, request: DeskRequest): string {
  if (!result.ok) return ctx.t(result.reason === "not_allowed_for_actor" ? "not-allowed" : "action-not-possible");
  if (request.action === "undo") return ctx.t("desk-undone");
  if (["issue", "refuse", "close"].includes(request.action))
    return ctx.t("desk-done", { minutes: UNDO_WINDOW_MS / 60_000 });
  if (request.action === "assign")
    return request.ownerId
      ? ctx.t("desk-assigned", { name: officerName(ctx, request.ownerId) ?? "" })
      : ctx.t("desk-unassigned");
  return ctx.t("desk-saved");
}

/** The request behind a desk button, if the presser may do `action` to it now; answers the press otherwise. */
async function deskTarget(
  ctx: ButtonContext,
  id: string,
  action: Action,
): Promise<{ actor: Exclude<Actor, { kind: "citizen" }>; app: PreApplication } | undefined> {
  const actor = await ctx.app.actorOf(ctx.from.id);
  const app = actor.kind === "citizen" ? undefined : await visible(ctx, actor, id);
  if (!app || actor.kind === "citizen") {
    await refuse(ctx);
    return undefined;
  }
  if (!can(actor, action, app, ctx.deps.clock.now())) {
    await ctx.answerCallbackQuery({ text: ctx.t("action-not-possible") });
    await showItem(ctx, actor, app);
    return undefined;
  }
  return { actor, app };
}

/** Runs a change from a button, answers with its outcome, and shows the request again. */
async function act(ctx: ButtonContext, actor: Actor, app: PreApplication, request: DeskRequest): Promise<void> {
  const result = await ctx.app.changeStatus(actor, app.id, request);
  await ctx.answerCallbackQuery({ text: outcomeText(ctx, result, request) });
  // After an assignment an officer may no longer see it; then the screen stays as it was.
  const fresh = await visible(ctx, actor, app.id);
  if (fresh) await showItem(ctx, actor, fresh);
}

onRoute(officerDeskButtons, "deskOp", async (ctx, route) => {
  const target = await deskTarget(ctx, route.id, OP_ACTION[route.op]);
  if (!target) return;
  const { actor, app } = target;
  const t = ctx.t.bind(ctx);
  switch (route.op) {
    case "call":
      await ctx.answerCallbackQuery({ text: `${app.applicantName}: ${formatE164(app.phone)}`, show_alert: true });
      await ctx.replyWithContact(app.phone, app.applicantName);
      return;
    case "ca":
    case "cw":
    case "cu":
      return act(ctx, actor, app, {
        action: "contact",
        outcome: route.op === "ca" ? "advised" : route.op === "cw" ? "will_file" : "unreachable",
      });
    case "i":
      await ctx.answerCallbackQuery();
      return showView(
        ctx,
        confirmView(ctx, app, t("desk-confirm-issue", { ref: app.ref }), { kind: "deskOp", op: "iy", id: app.id }),
      );
    case "iy":
      return act(ctx, actor, app, { action: "issue" });
    case "r":
    case "c":
      await ctx.answerCallbackQuery();
      return showView(ctx, reasonPickerView(ctx, app, route.op));
    case "u":
      return act(ctx, actor, app, { action: "undo" });
    case "n":
    case "a":
    case "f":
      await ctx.answerCallbackQuery();
      return ctx.conversation.enter(
        DESK_FORM,
        route.op === "n" ? "note" : route.op === "a" ? "appoint" : "file",
        app.id,
        ctx.locale,
        "",
      );
    case "s":
      await ctx.answerCallbackQuery();
      return showView(ctx, ownerPickerView(ctx, app));
  }
});

onRoute(officerDeskButtons, "deskReason", async (ctx, route) => {
  const refusal = route.op === "r" || route.op === "ry";
  const reason = route.reason;
  if (!(refusal ? REFUSAL_REASONS : CLOSE_REASONS).includes(reason as never)) return refuse(ctx);
  const target = await deskTarget(ctx, route.id, OP_ACTION[route.op]);
  if (!target) return;
  const { actor, app } = target;
  const t = ctx.t.bind(ctx);
  if (route.op === "ry" || route.op === "cy") {
    if (reason === "other") return refuse(ctx);
    return act(ctx, actor, app, { action: refusal ? "refuse" : "close", reason: { preset: reason } });
  }
  await ctx.answerCallbackQuery();
  if (reason === "other")
    return ctx.conversation.enter(DESK_FORM, refusal ? "reason-refuse" : "reason-close", app.id, ctx.locale, "");
  const text = t(refusal ? "desk-confirm-refuse" : "desk-confirm-close", {
    ref: app.ref,
    reason: describeReason(t, { preset: reason }),
  });
  await showView(
    ctx,
    confirmView(ctx, app, text, { kind: "deskReason", op: refusal ? "ry" : "cy", id: app.id, reason }),
  );
});

onRoute(officerDeskButtons, "deskAssign", async (ctx, route) => {
  if (route.officerId !== undefined && !ctx.deps.catalog.officerById.has(route.officerId)) return refuse(ctx);
  const target = await deskTarget(ctx, route.id, "assign");
  if (!target) return;
  await act(ctx, target.actor, target.app, { action: "assign", ownerId: route.officerId });
});

/** A Take, Done, Reject or Call button of a message sent before the desk's lifecycle: opens the request. */
onRoute(officerDeskButtons, "officerAction", async (ctx, route) => {
  const actor = await ctx.app.actorOf(ctx.from.id);
  const app = actor.kind === "citizen" ? undefined : await visible(ctx, actor, route.id);
  if (!app) return refuse(ctx);
  await ctx.answerCallbackQuery();
  await showItem(ctx, actor, app);
});

// ---------------------------------------------------------------------------------------------------------
// The desk's forms: a reason in free text, a note, a filing, an appointment, a cover's dates

/** Reads "01.12.2026" or "01.12" (this year) as a local day "2026-12-01", or undefined. */
export function parseDay(text: string, thisYear: number): string | undefined {
  const m = /^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : thisYear];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Reads "04.12 10:00" (or with the year) as an instant in the calendar's zone, or undefined. */
export function parseDayTime(text: string, thisYear: number, timeZone: string): number | undefined {
  const m = /^(\S+)\s+(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const day = parseDay(m[1]!, thisYear);
  const [hours, minutes] = [Number(m[2]), Number(m[3])];
  if (!day || hours > 23 || minutes > 59) return undefined;
  return new TZDate(
    Number(day.slice(0, 4)),
    Number(day.slice(5, 7)) - 1,
    Number(day.slice(8, 10)),
    hours,
    minutes,
    timeZone,
  ).getTime();
}

/**
 * One conversation for the desk's small forms (args: mode, request id or "", locale, extra: the
 * officer ids "officer:substitute" of a cover), written with forms/steps.ts like every form. Every read
 * of state or time goes through conversation.external; texts come from i18n with the locale fixed at entry.
 */
export function createDeskForm(deps: BotDeps, appFor: (log: Log) => App) {
  const { i18n, calendar, catalog } = deps;
  return async function deskForm(
    conversation: FormConversation,
    ctx: Context,
    mode: DeskFormMode,
    id: string,
    locale: Locale,
    extra: string,
  ): Promise<void> {
    const t: Translate = (key, vars) => i18n.t(locale, key, vars);
    const userId = ctx.from?.id;
    if (userId === undefined) return;
    const back = () =>
      navigationRow(
        t,
        new InlineKeyboard().text(
          t(id ? "officer-open" : "staff-covers"),
          encodeRoute(id ? { kind: "queueItem", id } : { kind: "covers" }),
        ),
      );
    const steps = formSteps(conversation, ctx, t);
    const log = () => deps.logger.child({ updateId: steps.current().update.update_id });
    const now = () => conversation.external(() => deps.clock.now());
    const today = async () => calendar.localDayOf(new Date(await now()));
    const cancelButton = () => new InlineKeyboard().text(t("form-cancel-button"), encodeRoute({ kind: "formCancel" }));
    const ask = (key: string, vars?: Record<string, string | number>, keyboard = new InlineKeyboard()) =>
      ctx.reply(t(key, vars), {
        reply_markup: keyboard.row().text(t("form-cancel-button"), encodeRoute({ kind: "formCancel" })),
      });
    /** A free text of at most `max` characters. */
    const limited = (max: number) => (text: string) => {
      const value = text.trim();
      return value && Array.from(value).length <= max
        ? { ok: true as const, value }
        : { ok: false as const, errorKey: "desk-text-too-long", vars: { max } };
    };

    /** Runs one change through the use case; a store outage gets its own answer. */
    async function change(request: DeskRequest): Promise<void> {
      const result = await conversation.external(async () => {
        try {
          const app = appFor(log());
          return await app.changeStatus(await app.actorOf(userId!), id, request);
        } catch (error) {
          log().error({ err: error }, "desk change could not be stored");
          return {
            ok: false as const,
            reason: isServiceUnavailable(error) ? ("unavailable" as const) : ("failed" as const),
          };
        }
      });
      let text: string;
      if (result.ok)
        text = ["refuse", "close"].includes(request.action)
          ? t("desk-done", { minutes: UNDO_WINDOW_MS / 60_000 })
          : t("desk-saved");
      else if (result.reason === "unavailable") text = t("form-store-unavailable");
      else if (result.reason === "failed") text = t("error-generic");
      else text = t(result.reason === "not_allowed_for_actor" ? "not-allowed" : "action-not-possible");
      await ctx.reply(text, { reply_markup: back() });
    }

    if (mode === "cover") {
      const [officerId = "", substituteId = ""] = extra.split(":");
      await ask("cover-ask-dates");
      const year = Number((await today()).slice(0, 4));
      const range = (await steps.text({
        hintKey: "cover-ask-dates",
        validate: (text) => {
          const parts = text.split(/[\s–—-]+/).filter(Boolean);
          const [from, to] =
            parts.length === 2 ? [parseDay(parts[0]!, year), parseDay(parts[1]!, year)] : [undefined, undefined];
          return from && to && from <= to
            ? { ok: true, value: { from, to } }
            : { ok: false, errorKey: "cover-bad-dates" };
        },
      }))!;
      const result = await conversation.external(() =>
        appFor(log()).setCover(userId, { officerId, substituteId, ...range }),
      );
      const name = (officer: string) => escapeHtml(catalog.officerById.get(officer)?.name ?? officer);
      const vars = {
        officer: name(officerId),
        substitute: name(substituteId),
        from: formatDay(range.from),
        to: formatDay(range.to),
      };
      await ctx.reply(result.ok ? t("cover-set", vars) : t(`cover-problem-${result.reason}`), { reply_markup: back() });
      return;
    }
    const app = await conversation.external(() => deps.stores.preApplications.get(id));
    if (!app) return;
    if (mode === "reason-refuse" || mode === "reason-close") {
      await ask("desk-ask-reason", { max: MAX_REASON_CHARS });
      const text = (await steps.text({
        hintKey: "desk-ask-reason",
        hintVars: { max: MAX_REASON_CHARS },
        validate: limited(MAX_REASON_CHARS),
      }))!;
      const key = mode === "reason-refuse" ? "desk-confirm-refuse" : "desk-confirm-close";
      // Confirm buttons carry an id (the citizen's form uses it as the submission's idempotency key): here
      // it only ties the press to this form, and a press after the form ended finds no submission.
      const confirmId = await conversation.external(() => newPreApplicationId(deps.random));
      const asked = await ctx.reply(t(key, { ref: app.ref, reason: escapeHtml(text) }), {
        reply_markup: new InlineKeyboard()
          .text(t("confirm-yes"), encodeRoute({ kind: "formConfirm", submissionId: confirmId }))
          .text(t("form-cancel-button"), encodeRoute({ kind: "formCancel" })),
      });
      await steps.button(["formConfirm"], { on: asked, allowed: (route) => route.submissionId === confirmId });
      await change({ action: mode === "reason-refuse" ? "refuse" : "close", reason: { preset: "other", text } });
      return;
    }
    if (mode === "note") {
      await ask("desk-ask-note", { max: MAX_NOTE_CHARS });
      const text = (await steps.text({
        hintKey: "desk-ask-note",
        hintVars: { max: MAX_NOTE_CHARS },
        validate: limited(MAX_NOTE_CHARS),
      }))!;
      await change({ action: "note", text });
      return;
    }
    if (mode === "appoint") {
      await ask("desk-ask-appointment");
      const [year, at] = [Number((await today()).slice(0, 4)), await now()];
      const when = (await steps.text({
        hintKey: "desk-ask-appointment",
        validate: (text) => {
          const instant = parseDayTime(text, year, calendar.timeZone);
          return instant !== undefined && instant > at
            ? { ok: true, value: instant }
            : { ok: false, errorKey: "desk-bad-appointment" };
        },
      }))!;
      await ask("desk-ask-place");
      const place = (await steps.text({ hintKey: "desk-ask-place", validate: limited(MAX_PLACE_CHARS) }))!;
      await change({ action: "appoint", appointment: { at: when, place } });
      return;
    }
    // The filing: channel (the one the citizen chose first), day, registration number.
    const service = catalog.serviceById.get(app.serviceId);
    if (!service) return;
    const channels = [...service.channels].sort((a, b) => Number(b === app.channel) - Number(a === app.channel));
    let channel: Channel = channels[0]!;
    if (channels.length > 1) {
      const keyboard = new InlineKeyboard();
      for (const c of channels)
        keyboard.text(describeChannel(t, c), encodeRoute({ kind: "formChannel", channel: c })).row();
      const asked = await ask("desk-ask-filed-channel", undefined, keyboard);
      channel = (
        await steps.button(["formChannel"], { on: asked, allowed: (route) => channels.includes(route.channel) })
      ).channel;
    }
    const days = new InlineKeyboard();
    for (const day of FILED_DAYS) days.text(t(`desk-${day}`), encodeRoute({ kind: "formFiledDay", day }));
    await ask("desk-ask-filed-day", undefined, days);
    const [at, local] = [await now(), await today()];
    /** An earlier day counts from the start of its office hours: the earliest a filing made that day is admitted. */
    const filedOn = (day: string | undefined) =>
      day === local ? at : day && day < local ? calendar.officeStartOf(day).getTime() : undefined;
    let filedAt: number | undefined;
    while (filedAt === undefined) {
      const update = await steps.next();
      const data = update.callbackQuery?.data;
      const route = data === undefined ? undefined : decodeRoute(data);
      if (route?.kind === "formFiledDay") {
        await update.answerCallbackQuery();
        filedAt = route.day === "today" ? at : filedOn(calendar.localDayOf(new Date(at - 86_400_000)));
        continue;
      }
      const text = update.message?.text;
      filedAt = text && !text.startsWith("/") ? filedOn(parseDay(text, Number(local.slice(0, 4)))) : undefined;
      if (filedAt === undefined) await steps.hint(update, text ? "desk-bad-date" : "desk-ask-filed-day");
    }
    await ctx.reply(t("desk-ask-reg"), {
      reply_markup: cancelButton().text(t("form-skip-button"), encodeRoute({ kind: "formSkip" })),
    });
    const regNumber = await steps.text({
      hintKey: "desk-ask-reg",
      validate: (text) =>
        isValidRegNumber(text.trim()) ? { ok: true, value: text.trim() } : { ok: false, errorKey: "desk-bad-reg" },
      skip: true,
    });
    await change({ action: "file", channel, filedAt, ...(regNumber ? { regNumber } : {}) });
  };
}
