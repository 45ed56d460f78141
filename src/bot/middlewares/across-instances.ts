/**
 * Several webhook instances on one Redis (store/update-gate.ts): takes the user's lock across instances,
 * skips an update some instance already handled to the end (Telegram redelivers an update whose answer
 * was late), and marks the update handled when done. Keyed like `sequentialize` in bot.ts, which orders
 * the same user's updates inside this process first, so one process never waits on Redis for itself.
 *
 * In polling mode there is no lock: Telegram lets one process poll (a second getUpdates gets 409
 * Conflict), so no other instance can hold a user's update and `sequentialize` alone orders them. The
 * marks are still needed, because a restart delivers updates again: @grammyjs/runner confirms a batch
 * only with its next getUpdates, so the last batch a stopped (or killed) process fetched is delivered
 * again to the next one. When polling, the mark lives in the user's session (`handledInSession`), which
 * is read and written on every update anyway, instead of a key of its own (EXISTS before, SET after: two
 * Redis round trips per update). Why that is as safe:
 *  - Telegram numbers updates in increasing order, the runner hands them over in that order, and
 *    `sequentialize` handles one user's updates one after another; so when the user's update N was
 *    handled to the end, every earlier update of theirs was too, and "id ≤ the session's last handled id"
 *    means "handled before".
 *  - grammY writes the session only when the update's handling returns (not when it throws, not when the
 *    process dies in the middle), and the mark is set at that end: an update is marked exactly when the
 *    Redis mark would have been written, at the same time as the rest of the session, so an update whose
 *    process died is handled again (at least once, as before). What must happen once inside an update
 *    (storing a form) carries its own idempotency key (`pa:sub:<id>`, PreApplicationStore.create).
 *    One difference: an update whose handling threw (the user got the apology) is not marked, so a
 *    restart right after it handles it again rather than skipping it.
 *  - After a week without any update Telegram may pick the next id at random, lower than a stored one.
 *    A redelivery is never older than Telegram keeps an update (24 hours), and ids are sequential while
 *    updates keep coming, so a mark is trusted only for that long.
 * An update without a user (none of the kinds the bot asks for today) has no session: it keeps the
 * Redis mark.
 *
 * When Redis fails, or the lock is not free after the bounded wait (its holder is stuck), the update is
 * handled anyway: a user is never left unanswered because of the lock.
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext, BotDeps } from "../context.js";
import { ChatLockTimeoutError, type EnteredChat } from "../../store/update-gate.js";

/** The key of a user's updates: the same as sequentialize's in bot.ts. */
export const userKey = (ctx: { from?: { id: number } | undefined }) => ctx.from?.id.toString();

/** Telegram keeps an undelivered update this long: no redelivery is older. */
const TELEGRAM_KEEPS_UPDATES_MS = 24 * 60 * 60 * 1000;

export function acrossInstances(
  deps: BotDeps,
  { polling = false }: { polling?: boolean } = {},
): MiddlewareFn<BotContext> {
  const gate = deps.stores.updates;
  if (!gate) return (_ctx, next) => next();
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    const key = userKey(ctx);
    // Polling: the session carries the mark (handledInSession).
    if (polling && key !== undefined) return next();
    let entered: EnteredChat | undefined;
    let redisAway = false;
    if (!polling && key !== undefined) {
      try {
        entered = await gate.enterChat(key, updateId, (error) =>
          ctx.log.warn({ err: error.message }, "lost the chat lock while handling an update"),
        );
      } catch (error) {
        // Redis away (not a lock held too long): spare the update two more failing calls.
        redisAway = !(error instanceof ChatLockTimeoutError);
        ctx.log.warn({ err: (error as Error).message }, "chat lock not taken; handling the update anyway");
      }
    }
    if (redisAway) return next();
    const lock = entered?.lock;
    const alreadyHandled = entered ? entered.alreadyHandled : await gate.wasHandled(updateId).catch(() => false);
    if (alreadyHandled) {
      ctx.log.info({}, "update already handled by an instance; skipped");
      await lock?.release().catch(() => {});
      return;
    }
    try {
      await next();
    } finally {
      // Also after an error: the user got the apology, and a redelivery would repeat what was sent. With
      // the lock, the mark rides with its release (one round trip).
      await (lock ? lock.release(updateId) : gate.markHandled(updateId)).catch((error: unknown) =>
        ctx.log.warn({ err: (error as Error).message }, "update not marked handled"),
      );
    }
  };
}

/**
 * Polling: skips an update the user's session says was handled to the end before a restart, and marks
 * each update handled in the session when its handling returns (see above). Right after the session.
 */
export function handledInSession(deps: BotDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (userKey(ctx) === undefined) return next();
    const updateId = ctx.update.update_id;
    const mark = ctx.session.handledUpdate;
    if (mark && updateId <= mark.id && deps.clock.now() - mark.at < TELEGRAM_KEEPS_UPDATES_MS) {
      ctx.log.info({}, "update handled before a restart; skipped");
      return;
    }
    await next();
    // No session any more: the user erased their data, and the update with it.
    const session = ctx.session as BotContext["session"] | null | undefined;
    if (session) session.handledUpdate = { id: updateId, at: deps.clock.now() };
  };
}
