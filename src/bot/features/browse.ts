/** Browsing the catalog: the categories, the services of a category, the service card. */
import { encodeRoute, type BackTarget } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { answerStaleButton, onRoute, RouteHandlers } from "../router.js";
import { showView } from "../show.js";
import { cardView, serviceDeepLink } from "../views/card.js";
import { categoriesView, categoryView } from "../views/menu.js";
import type { View } from "../views/view.js";

/** The card of a service in the user's language, or undefined for an id the catalog does not have. */
export function serviceCard(ctx: BotContext, serviceId: number, back?: BackTarget): View | undefined {
  const service = ctx.deps.catalog.serviceById.get(serviceId);
  if (!service) return undefined;
  const { config, department, catalog } = ctx.deps;
  const dataNotes = ctx.from !== undefined && config.adminIds.includes(ctx.from.id);
  // The route names the service and the way back; administrators' cards carry the data notes too.
  const key = `${encodeRoute({ kind: "service", serviceId, back })}${dataNotes ? " notes" : ""}`;
  return ctx.screens.view(ctx.locale, key, (t) =>
    cardView(t, catalog, ctx.locale, service, {
      back,
      phoneAreaCode: config.phoneAreaCode,
      department,
      dataNotes,
      deepLink: serviceDeepLink(ctx.me.username, service.id),
    }),
  );
}

export const browseButtons = new RouteHandlers();

onRoute(browseButtons, "categories", async (ctx) => {
  await ctx.answerCallbackQuery();
  const key = encodeRoute({ kind: "categories" });
  await showView(
    ctx,
    ctx.screens.view(ctx.locale, key, (t) => categoriesView(t, ctx.deps.catalog, ctx.locale))!,
  );
});

onRoute(browseButtons, "category", async (ctx, route) => {
  const view = ctx.screens.view(ctx.locale, encodeRoute(route), (t) =>
    categoryView(t, ctx.deps.catalog, ctx.locale, route.categoryId),
  );
  if (!view) return answerStaleButton(ctx);
  await ctx.answerCallbackQuery();
  await showView(ctx, view);
});

onRoute(browseButtons, "service", async (ctx, route) => {
  const back = route.back;
  const backIsGone =
    (back?.to === "category" && !ctx.deps.catalog.categoryById.has(back.categoryId)) ||
    (back?.to === "guide" && !ctx.deps.guide.nodeById.has(back.nodeId));
  const view = serviceCard(ctx, route.serviceId, backIsGone ? undefined : route.back);
  if (!view) return answerStaleButton(ctx);
  await ctx.answerCallbackQuery();
  await showView(ctx, view);
});
