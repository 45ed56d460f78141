/**
 * What lets several webhook instances share one bot: a chat's updates are handled one at a time across
 * instances (a per-chat mutex in Redis), and an update already handled to the end is not handled again
 * when Telegram redelivers it to another instance (a mark per update id).
 *
 * The lock is the usual single-node Redis lock: SET NX PX with a random owner, refreshed while held,
 * released by a compare-and-delete script, so an instance never releases or extends a lock it no longer
 * owns. Written by hand rather than with redis-semaphore (tried first): its refresh timer lets a Redis
 * error escape as an unhandled rejection, which ends a Node 20 process, so a Redis blip while a lock is
 * held would kill the instance. grammY runner's `sequentialize` keeps ordering the updates inside one
 * process (bot.ts); this adds the same between processes, which sequentialize cannot see.
 *
 * Redis keys: `P lock:chat:<key>` and `P upd:<updateId>`, described in docs/REDIS-KEYS.md.
 *
 * The mark is written when handling ends, not when it starts: an instance killed mid-update leaves no
 * mark, its lock lapses after chatLockMs, and Telegram's redelivery is handled again on another
 * instance (at least once). What must not happen twice inside an update (storing a form) carries its own
 * idempotency key (PreApplicationStore.create).
 *
 * An update costs two round trips for all this: one script takes the lock and reads the update's mark,
 * one writes the mark and releases the lock (before, four: SET NX, EXISTS, SET, the release script).
 * Both keys of a script are on the one Redis the bot uses (a Redis Cluster would need them in one slot).
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import { luaScript } from "./lua.js";
import { KEY_PREFIX } from "./keys.js";

export interface ChatLock {
  /** Releases the lock; given the id of the update handled under it, marks that update handled too. */
  release(handledUpdateId?: number): Promise<void>;
}

/** A chat's lock taken for an update, and whether that update was handled to the end before. */
export interface EnteredChat {
  lock: ChatLock;
  alreadyHandled: boolean;
}

export interface UpdateGate {
  /**
   * Waits (at most chatLockWaitMs) for the chat's lock to handle an update, and reads the update's mark
   * in the same round trip; rejects when the wait is over or Redis fails.
   */
  enterChat(chatKey: string, updateId: number, onLost: (error: Error) => void): Promise<EnteredChat>;
  /** Whether an update with this id was handled to the end (by any instance). */
  wasHandled(updateId: number): Promise<boolean>;
  /** Marks an update as handled to the end. */
  markHandled(updateId: number): Promise<void>;
}

export interface UpdateGateOptions {
  prefix?: string;
  /** A lock not refreshed for this long lapses: how long a dead instance blocks its chats. */
  chatLockMs?: number;
  /** How long an update waits for its chat's lock before it is handled anyway. */
  chatLockWaitMs?: number;
  /** How long a handled update id is remembered; Telegram keeps an update for at most 24 hours. */
  handledTtlMs?: number;
}

export const DEFAULT_CHAT_LOCK_MS = 15_000;
export const DEFAULT_CHAT_LOCK_WAIT_MS = 20_000;
export const DEFAULT_HANDLED_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Takes the lock if it is free and then tells whether the update was handled: 1 or 0; -1 when the lock
 * is taken. KEYS = lock, the update's mark; ARGV = owner, ms.
 */
const ENTER_LUA = `
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return -1 end
return redis.call('EXISTS', KEYS[2])`;

/** The lock is still ours: extend it. KEYS = lock; ARGV = owner, ms. */
const REFRESH_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])`;

/**
 * Marks the update handled when told to, then deletes the lock if it is still ours. KEYS = lock, the
 * update's mark; ARGV = owner, "1" to mark (else "0"), the mark's ms.
 */
const RELEASE_LUA = `
if ARGV[2] == '1' then redis.call('SET', KEYS[2], '1', 'PX', ARGV[3]) end
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`;

/** Polling interval while a chat's lock is taken: a person's next tap is never faster than this. */
const RETRY_MS = 25;

/** Thrown when a chat's lock stays taken for the whole wait. */
export class ChatLockTimeoutError extends Error {
  constructor(waitedMs: number) {
    super(`chat lock still taken after ${waitedMs} ms`);
    this.name = "ChatLockTimeoutError";
  }
}

/** The update gate on Redis. */
export function createRedisUpdateGate(redis: Redis, options: UpdateGateOptions = {}): UpdateGate {
  const prefix = options.prefix ?? KEY_PREFIX;
  const lockTimeout = options.chatLockMs ?? DEFAULT_CHAT_LOCK_MS;
  // Longer than a lock can be held by a dead instance, so a crash never makes a chat skip its order.
  const acquireTimeout = options.chatLockWaitMs ?? DEFAULT_CHAT_LOCK_WAIT_MS;
  const handledTtlMs = options.handledTtlMs ?? DEFAULT_HANDLED_TTL_MS;
  const handledKey = (updateId: number) => `${prefix}upd:${updateId}`;
  const enter = luaScript(redis, ENTER_LUA);
  const refresh = luaScript(redis, REFRESH_LUA);
  const release = luaScript(redis, RELEASE_LUA);
  return {
    async enterChat(chatKey, updateId, onLost) {
      const key = `${prefix}lock:chat:${chatKey}`;
      const mark = handledKey(updateId);
      const owner = randomUUID();
      const deadline = Date.now() + acquireTimeout;
      let entered: unknown;
      while ((entered = await enter([key, mark], [owner, lockTimeout])) === -1) {
        if (Date.now() >= deadline) throw new ChatLockTimeoutError(acquireTimeout);
        await sleep(RETRY_MS);
      }
      let held = true;
      const refresher = setInterval(
        () => {
          refresh([key], [owner, lockTimeout]).then(
            (extended) => {
              if (extended === 1 || !held) return;
              held = false;
              clearInterval(refresher);
              onLost(new Error("the chat lock lapsed and was taken by another instance"));
            },
            // Redis away for a moment: the lock may still be ours; the next refresh tells.
            (error: unknown) => onLost(error as Error),
          );
        },
        Math.max(1, Math.round(lockTimeout / 3)),
      );
      refresher.unref();
      return {
        alreadyHandled: entered === 1,
        lock: {
          async release(handledUpdateId) {
            held = false;
            clearInterval(refresher);
            const marks = handledUpdateId !== undefined;
            await release([key, handledKey(handledUpdateId ?? updateId)], [owner, marks ? "1" : "0", handledTtlMs]);
          },
        },
      };
    },
    async wasHandled(updateId) {
      return (await redis.exists(handledKey(updateId))) === 1;
    },
    async markHandled(updateId) {
      await redis.set(handledKey(updateId), "1", "PX", handledTtlMs);
    },
  };
}
