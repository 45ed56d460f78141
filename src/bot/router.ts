/**
 * Routes a button press to the one handler of its route kind. Features declare their handlers in
 * tables (onRoute); bot.ts builds one router from all the tables. A press decodes its callback data
 * once and runs one handler, instead of passing every feature's filters in turn. Data that does not
 * decode (forged, or from an older version of the bot), or a route no feature handles (retired),
 * never reaches a feature: the button is answered as stale.
 */
import { Composer, type Filter } from "grammy";
import { decodeRoute, type Route, type RouteKind } from "./callback-data.js";
import type { BotContext } from "./context.js";
import { showView } from "./show.js";
import { mainMenuFor } from "./views/menu.js";

type RouteOf<K extends RouteKind> = Extract<Route, { kind: K }>;
export type ButtonContext = Filter<BotContext, "callback_query:data">;
type RouteHandler<K extends RouteKind> = (ctx: ButtonContext, route: RouteOf<K>) => Promise<unknown>;
/** A handler as the router calls it: only ever with a route of the kind it was registered for. */
type AnyRouteHandler = (ctx: ButtonContext, route: Route) => Promise<unknown>;

/** One feature's button handlers, by route kind. */
export class RouteHandlers {
  readonly byKind = new Map<RouteKind, AnyRouteHandler>();
}

/** Answers a button that is stale or forged: a short notice, then the current main menu. */
export async function answerStaleButton(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t("stale-button") });
  await showView(ctx, mainMenuFor(ctx));
}

/** Registers the handler of one route kind in a feature's table. */
export function onRoute<K extends RouteKind>(table: RouteHandlers, kind: K, handler: RouteHandler<K>): void {
  if (table.byKind.has(kind)) throw new Error(`two handlers for the button route "${kind}"`);
  table.byKind.set(kind, handler as unknown as AnyRouteHandler);
}

/** The button router over the features' tables; a route kind may have one handler in the whole bot. */
export function routeButtons(...tables: RouteHandlers[]): Composer<BotContext> {
  const handlers = new Map<RouteKind, AnyRouteHandler>();
  for (const table of tables)
    for (const [kind, handler] of table.byKind) {
      if (handlers.has(kind)) throw new Error(`two handlers for the button route "${kind}"`);
      handlers.set(kind, handler);
    }
  const router = new Composer<BotContext>();
  router.on("callback_query:data", async (ctx) => {
    const route = decodeRoute(ctx.callbackQuery.data);
    const handler = route && handlers.get(route.kind);
    if (!route || !handler) return answerStaleButton(ctx);
    await handler(ctx, route);
  });
  return router;
}

/** Runs after the features: a button without callback data (a game's) is answered as stale. */
export const unhandledButtons = new Composer<BotContext>();
unhandledButtons.on("callback_query", answerStaleButton);
