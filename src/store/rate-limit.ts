/**
 * Per-user hit counters for the incoming-update rate limit (@grammyjs/ratelimiter), on Redis so the
 * limit holds across every instance of the bot.
 *
 * Redis keys: `P rl:<hash>`, described in docs/REDIS-KEYS.md; <hash> is a keyed hash of the user id
 * (keys.ts), so no key names a user, not even to someone holding a copy of the database.
 */
import type { Redis } from "ioredis";
import { DEFAULT_HASH_KEY, keyedHash } from "./keys.js";
import { luaScript } from "./lua.js";

export interface HitCounter {
  /** Counts one hit for `key` and returns the hits in its current window of `windowMs`. */
  hit(key: string, windowMs: number): Promise<number>;
}

/**
 * INCR and, on the window's first hit, PEXPIRE in one step: done as two commands (as the plugin's own
 * Redis store does), a failure between them would leave a counter without expiry and the user limited
 * for good.
 * KEYS[1] = counter; ARGV[1] = window in ms.
 */
const HIT_LUA = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return hits`;

export function createRedisHitCounter(redis: Redis, options: { prefix: string; hashKey?: string }): HitCounter {
  const hashKey = options.hashKey ?? DEFAULT_HASH_KEY;
  // By SHA1, so an update does not send the script's text each time.
  const hit = luaScript(redis, HIT_LUA);
  return {
    async hit(key, windowMs) {
      return Number(await hit([`${options.prefix}rl:${keyedHash(hashKey, key)}`], [windowMs]));
    },
  };
}
