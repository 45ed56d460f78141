/**
 * Limits incoming updates per user (@grammyjs/ratelimiter). With several webhook instances on Redis the
 * counters are shared there, so the limit holds across every instance; if Redis does not answer, the
 * update goes through (fail open): a user is never refused because of an outage, and the session and
 * forms have their own fallbacks.
 *
 * When polling, the counters stay in this process: Telegram lets one process poll, so it sees every
 * update and its own count is exact, without a Redis round trip per update. A restart forgets the counts
 * of the current window (a few seconds), which lets a user through once more at worst.
 */
import { limit } from "@grammyjs/ratelimiter";
import type { BotContext, BotDeps } from "../context.js";

export function rateLimit(deps: BotDeps, { polling = false }: { polling?: boolean } = {}) {
  const { windowMs, limit: max } = deps.config.rateLimit;
  const hits = polling ? undefined : deps.stores.hits;
  return limit<BotContext, { incr(key: string): Promise<number>; pexpire(key: string, ms: number): Promise<number> }>({
    timeFrame: windowMs,
    limit: max,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    keyPrefix: "",
    storageClient: hits
      ? {
          incr: (key) =>
            hits.hit(key, windowMs).catch((error: unknown) => {
              deps.logger.warn(
                { err: (error as Error).message },
                "rate limit storage unavailable; letting the update through",
              );
              return 0;
            }),
          // The counter got its expiry together with its first hit (store/rate-limit.ts).
          pexpire: async () => 1,
        }
      : "MEMORY_STORE",
    onLimitExceeded: async (ctx) => {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("rate-limited") });
      else if (ctx.chat?.type === "private") await ctx.reply(ctx.t("rate-limited"));
    },
  });
}
