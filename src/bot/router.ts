/**
 * Decodes a button's callback data once per update and lets features claim routes by kind. Data
 * that does not decode (forged, or from an older version of the bot) never reaches a feature.
 */
import { Composer, type Filter } from "grammy";
import { decodeRoute, type Route } from "./callback-data.js";
import type { BotContext } from "./context.js";
import { showView } from "./show.js";
import { mainMenuFor } from "./views/menu.js";

type RouteOf<K extends Route["kind"]> = Extract<Route, { kind: K }>;
export type ButtonContext = Filter<BotContext, "callback_query:data">;
type RouteHandler<K extends Route["kind"]> = (ctx: ButtonContext, route: RouteOf<K>) => Promise<unknown>;

const decoded = new WeakMap<BotContext, Route>();

/** Answers a button that is stale or forged: a short notice, then the current main menu. */
export async function answerStaleButton(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t("stale-button") });
  await showView(ctx, mainMenuFor(ctx));
}

/** Registers a handler for buttons of one route kind. */
export function onRoute<K extends Route["kind"]>(
  composer: Composer<BotContext>,
  kind: K,
  handler: RouteHandler<K>,
): void {
  composer.on("callback_query:data", async (ctx, next) => {
    const route = decoded.get(ctx);
    if (route?.kind !== kind) return next();
    await handler(ctx, route as RouteOf<K>);
  });
}

/** Runs before the features: decodes the route or answers the button as stale. */
export const routeDecoder = new Composer<BotContext>();
routeDecoder.on("callback_query:data", async (ctx, next) => {
  const route = decodeRoute(ctx.callbackQuery.data);
  if (!route) return answerStaleButton(ctx);
  decoded.set(ctx, route);
  await next();
});

/** Runs after the features: a button no feature handled (e.g. a retired route) is answered as stale. */
export const unhandledButtons = new Composer<BotContext>();
unhandledButtons.on("callback_query", answerStaleButton);
