/**
 * The bot's context class: every update's context carries the dependencies, the search index, the
 * screens built so far (views/screen-cache.ts), a child logger with the update id and the use cases
 * bound to that logger. The dependencies, the index and the screens are the same for every update,
 * so they live on the class, not on each context; the logger and the use cases are built on first use,
 * since most updates (browsing, searching) never log or run a use case, and building them (a pino
 * child, an object of bound use cases) was a sizeable part of an update's cost.
 * Given to grammY as the bot's ContextConstructor, so they are there from the first middleware on,
 * the error handler included.
 */
import { Context } from "grammy";
import type { Logger } from "pino";
import type { App, Log } from "../app/index.js";
import type { ServiceSearch } from "../domain/search.js";
import type { BotContext, BotDeps } from "./context.js";
import { ScreenCache } from "./views/screen-cache.js";

export type BotContextConstructor = new (...args: ConstructorParameters<typeof Context>) => BotContext;

export function botContextClass(
  deps: BotDeps,
  search: ServiceSearch,
  appFor: (log: Log) => App,
): BotContextConstructor {
  const screens = new ScreenCache((locale) => (key, vars) => deps.i18n.t(locale, key, vars));
  class DepsContext extends Context {
    #log: Logger | undefined;
    #app: App | undefined;

    get deps(): BotDeps {
      return deps;
    }

    get search(): ServiceSearch {
      return search;
    }

    get screens(): ScreenCache {
      return screens;
    }

    get log(): Logger {
      return (this.#log ??= deps.logger.child({ updateId: this.update.update_id }));
    }

    get app(): App {
      return (this.#app ??= appFor(this.log));
    }
  }
  // The session, i18n and conversation properties are added by their plugins, as on any grammY context.
  return DepsContext as unknown as BotContextConstructor;
}
