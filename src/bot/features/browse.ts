/** Browsing the catalog: the categories, the services of a category, the service card. */
import { Composer } from "grammy";
import type { BackTarget } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { answerStaleButton, onRoute } from "../router.js";
import { showView } from "../show.js";
import { cardView, serviceDeepLink } from "../views/card.js";
import { categoriesView, categoryView } from "../views/menu.js";
import type { View } from "../views/view.js";
import type { Translate } from "../views/format.js";
import { cachedScreen } from "../views/screen-cache.js";

/** The card of a service in the user's language, or undefined for an id the catalog does not have. */
export function serviceCard(ctx: BotContext, serviceId: number, back?: BackTarget): View | undefined {
  const service = ctx.deps.catalog.serviceById.get(serviceId);
  if (!service) return undefined;
  const { config, department, catalog, i18n } = ctx.deps;
  const dataNotes = ctx.from !== undefined && config.adminIds.includes(ctx.from.id);
  const build = (t: Translate) =>
    cardView(t, catalog, ctx.locale, service, { back, phoneAreaCode: config.phoneAreaCode, department, dataNotes, deepLink: serviceDeepLink(ctx.me.username, service.id) });
  // Built once per language, back target and reader (admins see the data notes); a back target whose
  // category or guide step is unknown (from an old or forged button) is built afresh, never kept.
  const backKnown = !back || back.to === "results" || (back.to === "category" ? catalog.categoryById.has(back.categoryId) : ctx.deps.guide.nodeById.has(back.nodeId));
  if (!backKnown) return build(ctx.t.bind(ctx));
  return cachedScreen(i18n, ctx.locale, `card:${service.id}:${JSON.stringify(back ?? null)}:${dataNotes}:${ctx.me.username}`, build);
}

export const browse = new Composer<BotContext>();

onRoute(browse, "categories", async (ctx) => {
  await ctx.answerCallbackQuery();
  const { catalog, i18n } = ctx.deps;
  await showView(ctx, cachedScreen(i18n, ctx.locale, "categories", (t) => categoriesView(t, catalog, ctx.locale)));
});

onRoute(browse, "category", async (ctx, route) => {
  const { catalog, i18n } = ctx.deps;
  if (!catalog.categoryById.has(route.categoryId)) return answerStaleButton(ctx);
  const view = cachedScreen(i18n, ctx.locale, `category:${route.categoryId}`, (t) => categoryView(t, catalog, ctx.locale, route.categoryId)!);
  await ctx.answerCallbackQuery();
  await showView(ctx, view);
});

onRoute(browse, "service", async (ctx, route) => {
  const back = route.back;
  const backIsGone =
    (back?.to === "category" && !ctx.deps.catalog.categoryById.has(back.categoryId)) ||
    (back?.to === "guide" && !ctx.deps.guide.nodeById.has(back.nodeId));
  const view = serviceCard(ctx, route.serviceId, backIsGone ? undefined : route.back);
  if (!view) return answerStaleButton(ctx);
  await ctx.answerCallbackQuery();
  await showView(ctx, view);
});
