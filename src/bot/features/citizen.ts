/**
 * The citizen's side of pre-applications: starting the form from a card, /cancel, /my with each
 * pre-application and its cancellation, and deleting all of one's data.
 */
import { InlineKeyboard } from "grammy";
import type { BotContext } from "../context.js";
import { encodeRoute } from "../callback-data.js";
import { answerStaleButton, CommandHandlers, onCommand, onRoute, RouteHandlers } from "../router.js";
import { replyView, showView } from "../show.js";
import { mainMenuFor, navigationRow } from "../views/menu.js";
import { citizenItemView, citizenListView } from "../views/preapplication.js";
import { PREAPPLY_FORM } from "./preapply-form.js";
import { handlerOn } from "../../domain/desk.js";
import type { PreApplication } from "../../domain/preapplication.js";

export const citizenCommands = new CommandHandlers();
export const citizenButtons = new RouteHandlers();

onRoute(citizenButtons, "preapply", async (ctx, route) => {
  if (!ctx.deps.catalog.serviceById.has(route.serviceId)) return answerStaleButton(ctx);
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter(PREAPPLY_FORM, route.serviceId, ctx.locale);
});

async function myListView(ctx: BotContext) {
  const apps = await ctx.deps.stores.preApplications.listByCitizen(ctx.from!.id);
  return citizenListView(ctx.t.bind(ctx), ctx.deps.catalog, ctx.locale, apps);
}

onCommand(citizenCommands, "my", async (ctx) => replyView(ctx, await myListView(ctx)));

onRoute(citizenButtons, "myApplications", async (ctx) => {
  await ctx.answerCallbackQuery();
  await showView(ctx, await myListView(ctx));
});

/** The citizen's own pre-application, or undefined when the id is not theirs (never says whose it is). */
async function ownApplication(ctx: BotContext, id: string) {
  const app = await ctx.deps.stores.preApplications.get(id);
  return app && app.citizenId === ctx.from?.id ? app : undefined;
}

/** The citizen's view of their request, with the officer who handles it today to call. */
async function itemView(ctx: BotContext, app: PreApplication) {
  const now = ctx.deps.clock.now();
  const handler =
    app.ownerId === undefined
      ? undefined
      : handlerOn(await ctx.deps.stores.covers.all(), app.ownerId, ctx.deps.calendar.localDayOf(new Date(now)));
  return citizenItemView(
    ctx.t.bind(ctx),
    { catalog: ctx.deps.catalog, locale: ctx.locale, timeZone: ctx.deps.calendar.timeZone, now },
    app,
    handler,
  );
}

onRoute(citizenButtons, "myItem", async (ctx, route) => {
  const app = await ownApplication(ctx, route.id);
  if (!app) return answerStaleButton(ctx);
  await ctx.answerCallbackQuery();
  await showView(ctx, await itemView(ctx, app));
});

onRoute(citizenButtons, "myCancel", async (ctx, route) => {
  const app = await ownApplication(ctx, route.id);
  if (!app) return answerStaleButton(ctx);
  const t = ctx.t.bind(ctx);
  if (!route.confirmed) {
    await ctx.answerCallbackQuery();
    const keyboard = new InlineKeyboard().text(
      t("confirm-yes"),
      encodeRoute({ kind: "myCancel", id: app.id, confirmed: true }),
    );
    return showView(ctx, {
      text: t("my-cancel-confirm", { ref: app.ref }),
      keyboard: navigationRow(t, keyboard, encodeRoute({ kind: "myItem", id: app.id })),
    });
  }
  const result = await ctx.app.changeStatus({ kind: "citizen", userId: ctx.from.id }, app.id, { action: "cancel" });
  await ctx.answerCallbackQuery({ text: t(result.ok ? "my-cancelled" : "action-not-possible") });
  const fresh = (await ownApplication(ctx, app.id)) ?? app;
  await showView(ctx, await itemView(ctx, fresh));
});

function deleteConfirmView(ctx: BotContext) {
  const t = ctx.t.bind(ctx);
  const keyboard = new InlineKeyboard().text(
    t("delete-data-yes"),
    encodeRoute({ kind: "deleteData", confirmed: true }),
  );
  return { text: t("delete-data-confirm"), keyboard: navigationRow(t, keyboard) };
}

onCommand(citizenCommands, "deletedata", (ctx) => replyView(ctx, deleteConfirmView(ctx)));

onRoute(citizenButtons, "deleteData", async (ctx, route) => {
  await ctx.answerCallbackQuery();
  if (!route.confirmed) return showView(ctx, deleteConfirmView(ctx));
  await ctx.conversation.exitAll();
  const count = await ctx.app.deleteCitizenData(ctx.from.id);
  const text = ctx.t("delete-data-done", { count });
  // The use case deleted the stored session; null tells grammY not to write this update's copy back.
  ctx.session = null as never;
  await showView(ctx, { text, keyboard: mainMenuFor(ctx).keyboard });
});
