/**
 * The per-user session (language), keyed by user id so a user's language follows them into every
 * chat. Its storage degrades instead of failing while Redis is away (store/resilient-storage.ts).
 */
import { session } from "grammy";
import { resilientStorage } from "../../store/resilient-storage.js";
import type { BotContext, BotDeps, SessionData } from "../context.js";

export function userSession(deps: BotDeps) {
  return session<SessionData, BotContext>({
    initial: () => ({}),
    getSessionKey: (ctx) => ctx.from?.id.toString(),
    storage: resilientStorage(deps.stores.sessions, {
      onError: (error) => deps.logger.warn({ err: (error as Error).message }, "session storage unavailable"),
    }),
  });
}
