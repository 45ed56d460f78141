/**
 * Several webhook instances on one Redis (store/update-gate.ts): takes the user's lock across instances,
 * skips an update some instance already handled to the end (Telegram redelivers an update whose answer
 * was late), and marks the update handled when done. Keyed like `sequentialize` in bot.ts, which orders
 * the same user's updates inside this process first, so one process never waits on Redis for itself.
 *
 * In polling mode only the marks are kept: Telegram lets one process poll (a second getUpdates gets 409
 * Conflict), so no other instance can hold a user's update and `sequentialize` alone orders them; the
 * lock would cost two Redis calls per update for nothing. The marks stay because a restart needs them:
 * @grammyjs/runner confirms a batch only with its next getUpdates, so the last batch a stopped (or
 * killed) process fetched is delivered again to the next one, and what it had handled is skipped.
 *
 * When Redis fails, or the lock is not free after the bounded wait (its holder is stuck), the update is
 * handled anyway: a user is never left unanswered because of the lock, and what must happen once
 * (storing a form) is protected by its own idempotency key.
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext, BotDeps } from "../context.js";
import { ChatLockTimeoutError, type ChatLock } from "../../store/update-gate.js";

/** The key of a user's updates: the same as sequentialize's in bot.ts. */
export const userKey = (ctx: { from?: { id: number } | undefined }) => ctx.from?.id.toString();

export function acrossInstances(
  deps: BotDeps,
  { polling = false }: { polling?: boolean } = {},
): MiddlewareFn<BotContext> {
  const gate = deps.stores.updates;
  if (!gate) return (_ctx, next) => next();
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    const key = polling ? undefined : userKey(ctx);
    let lock: ChatLock | undefined;
    let redisAway = false;
    if (key !== undefined) {
      try {
        lock = await gate.lockChat(key, (error) =>
          ctx.log.warn({ err: error.message }, "lost the chat lock while handling an update"),
        );
      } catch (error) {
        // Redis away (not a lock held too long): spare the update two more failing calls.
        redisAway = !(error instanceof ChatLockTimeoutError);
        ctx.log.warn({ err: (error as Error).message }, "chat lock not taken; handling the update anyway");
      }
    }
    if (redisAway) return next();
    try {
      if (await gate.wasHandled(updateId).catch(() => false)) {
        ctx.log.info({}, "update already handled by an instance; skipped");
        return;
      }
      try {
        await next();
      } finally {
        // Also after an error: the user got the apology, and a redelivery would repeat what was sent.
        await gate
          .markHandled(updateId)
          .catch((error: unknown) => ctx.log.warn({ err: (error as Error).message }, "update not marked handled"));
      }
    } finally {
      await lock?.release().catch(() => {});
    }
  };
}
