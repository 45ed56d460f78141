/**
 * The details of a service card (documents; who can apply / result), opened on the card's own message,
 * and /sources N: a service's data-quality flags and sources, for administrators only.
 */
import { SOURCE_MAX_AGE_MONTHS, staleSources } from "../../domain/details.js";
import { answerStaleButton, CommandHandlers, onCommand, onRoute, RouteHandlers } from "../router.js";
import { showView } from "../show.js";
import { detailsView, sourcesReport } from "../views/details.js";
import { isAdmin } from "./admin.js";

export const detailsCommands = new CommandHandlers();
export const detailsButtons = new RouteHandlers();

onRoute(detailsButtons, "details", async (ctx, route) => {
  const service = ctx.deps.catalog.serviceById.get(route.serviceId);
  if (!service) return answerStaleButton(ctx);
  const back = route.back;
  const backIsGone =
    (back?.to === "category" && !ctx.deps.catalog.categoryById.has(back.categoryId)) ||
    (back?.to === "guide" && !ctx.deps.guide.nodeById.has(back.nodeId));
  await ctx.answerCallbackQuery();
  await showView(
    ctx,
    detailsView(
      ctx.t.bind(ctx),
      ctx.deps.catalog,
      ctx.locale,
      service,
      route.section,
      route.page,
      backIsGone || !back ? {} : { back },
    ),
  );
});

onCommand(detailsCommands, "sources", async (ctx) => {
  if (!isAdmin(ctx)) return ctx.reply(ctx.t("admins-only"));
  const service = /^\d{1,4}$/.test(ctx.match.trim())
    ? ctx.deps.catalog.serviceById.get(Number(ctx.match.trim()))
    : undefined;
  if (!service) return ctx.reply(ctx.t("sources-usage", { max: ctx.deps.catalog.services.length }));
  const details = ctx.deps.catalog.details;
  const stale = new Set(
    details ? staleSources(details, new Date(ctx.deps.clock.now()), SOURCE_MAX_AGE_MONTHS).map((s) => s.source.id) : [],
  );
  for (const text of sourcesReport(ctx.t.bind(ctx), ctx.deps.catalog, service, stale)) await ctx.reply(text);
});
