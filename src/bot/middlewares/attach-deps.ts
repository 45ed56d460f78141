/**
 * First of all: puts the dependencies, a child logger carrying the update id, the search index and
 * the use cases (bound to that logger) on the context, so every later middleware and the error
 * handler can use them.
 */
import type { MiddlewareFn } from "grammy";
import type { App, Log } from "../../app/index.js";
import type { ServiceSearch } from "../../domain/search.js";
import type { BotContext, BotDeps } from "../context.js";

export function attachDeps(deps: BotDeps, search: ServiceSearch, appFor: (log: Log) => App): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    ctx.deps = deps;
    ctx.search = search;
    ctx.log = deps.logger.child({ updateId: ctx.update.update_id });
    ctx.app = appFor(ctx.log);
    await next();
  };
}
