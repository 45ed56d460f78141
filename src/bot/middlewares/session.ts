/**
 * The per-user session (language), keyed by user id so a user's language follows them into every
 * chat. Its storage degrades instead of failing while Redis is away (store/resilient-storage.ts).
 * When polling, the session also carries the mark of the user's last handled update (across-instances.ts).
 */
import { session } from "grammy";
import { FeatureComposer } from "../composer.js";
import { resilientStorage } from "../../store/resilient-storage.js";
import type { BotContext, BotDeps, SessionData } from "../context.js";
import { handledInSession } from "./across-instances.js";

export function userSession(deps: BotDeps, { polling = false }: { polling?: boolean } = {}) {
  const userSession = session<SessionData, BotContext>({
    initial: () => ({}),
    getSessionKey: (ctx) => ctx.from?.id.toString(),
    storage: resilientStorage(deps.stores.sessions, {
      onError: (error) => deps.logger.warn({ err: (error as Error).message }, "session storage unavailable"),
    }),
  });
  return polling && deps.stores.updates
    ? new FeatureComposer<BotContext>(userSession, handledInSession(deps))
    : userSession;
}
