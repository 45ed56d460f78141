/**
 * Routes a button press to the one handler of its route kind, and a command to the one handler of its
 * name. Features declare their handlers in tables (onRoute, onCommand); bot.ts builds one router from
 * all the tables of each sort. A press decodes its callback data once and runs one handler, a command
 * is read once and runs one handler, instead of each passing every feature's filters in turn. Data that
 * does not decode (forged, or from an older version of the bot), or a route no feature handles
 * (retired), never reaches a feature: the button is answered as stale. A command no feature handles
 * goes on to the fallback, which names it back.
 */
import { type ChatTypeContext, type CommandContext, type Filter } from "grammy";
import { FeatureComposer } from "./composer.js";
import { decodeRoute, type Route, type RouteKind } from "./callback-data.js";
import type { ADMIN_COMMANDS, COMMANDS, OFFICER_COMMANDS } from "./commands.js";
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
export function routeButtons(...tables: RouteHandlers[]): FeatureComposer<BotContext> {
  const handlers = new Map<RouteKind, AnyRouteHandler>();
  for (const table of tables)
    for (const [kind, handler] of table.byKind) {
      if (handlers.has(kind)) throw new Error(`two handlers for the button route "${kind}"`);
      handlers.set(kind, handler);
    }
  const router = new FeatureComposer<BotContext>();
  router.on("callback_query:data", async (ctx) => {
    const route = decodeRoute(ctx.callbackQuery.data);
    const handler = route && handlers.get(route.kind);
    if (!route || !handler) return answerStaleButton(ctx);
    await handler(ctx, route);
  });
  return router;
}

/** Runs after the features: a button without callback data (a game's) is answered as stale. */
export const unhandledButtons = new FeatureComposer<BotContext>();
unhandledButtons.on("callback_query", answerStaleButton);

/** Every command the bot answers: those of the menus (commands.ts), and /deletedata, which the privacy text names. */
export type CommandName =
  (typeof COMMANDS)[number] | (typeof OFFICER_COMMANDS)[number] | (typeof ADMIN_COMMANDS)[number] | "deletedata";
/** A command in a private chat, `ctx.match` its arguments: what grammY's chatType("private").command() gives. */
export type PrivateCommandContext = CommandContext<ChatTypeContext<BotContext, "private">>;
type CommandHandler = (ctx: PrivateCommandContext) => unknown;

/** One feature's command handlers, by command name. */
export class CommandHandlers {
  readonly byName = new Map<CommandName, CommandHandler>();
}

/** Registers the handler of one command (private chats only) in a feature's table. */
export function onCommand(table: CommandHandlers, name: CommandName, handler: CommandHandler): void {
  if (table.byName.has(name)) throw new Error(`two handlers for the command /${name}`);
  table.byName.set(name, handler);
}

/**
 * The command a private message starts with, read as grammY's command filter reads it: a bot_command
 * entity at offset 0; `/name@bot` only when it names this bot (any case); the arguments are the rest
 * of the text, leading spaces trimmed.
 */
function commandOf(ctx: BotContext): { name: string; args: string } | undefined {
  const message = ctx.message;
  if (ctx.chat?.type !== "private" || message?.text === undefined || message.entities === undefined) return undefined;
  const entity = message.entities.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!entity) return undefined;
  const command = message.text.substring(1, entity.length);
  const args = message.text.substring(command.length + 1).trimStart();
  const at = command.indexOf("@");
  if (at < 0) return { name: command, args };
  if (command.substring(at + 1).toLowerCase() !== ctx.me.username.toLowerCase()) return undefined;
  return { name: command.substring(0, at), args };
}

/** The command router over the features' tables; a command may have one handler in the whole bot. */
export function routeCommands(...tables: CommandHandlers[]): FeatureComposer<BotContext> {
  const handlers = new Map<string, CommandHandler>();
  for (const table of tables)
    for (const [name, handler] of table.byName) {
      if (handlers.has(name)) throw new Error(`two handlers for the command /${name}`);
      handlers.set(name, handler);
    }
  const router = new FeatureComposer<BotContext>();
  router.on("message:entities:bot_command", async (ctx, next) => {
    const command = commandOf(ctx);
    const handler = command && handlers.get(command.name);
    if (!command || !handler) return next();
    ctx.match = command.args;
    await handler(ctx as PrivateCommandContext);
  });
  return router;
}
