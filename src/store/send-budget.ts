/**
 * The bot's global send budget, shared by every instance: Telegram allows a bot about 30 messages a
 * second in all, whatever the number of processes sending them, and a 429 with `retry_after` applies to
 * the whole bot, not to one chat. So the budget is a token bucket in Redis that every reminder worker
 * draws from before each message, and a pause-until time that a 429 on any instance sets for all.
 *
 * A token bucket of `ratePerSecond` with `burst` tokens lets at most burst + ratePerSecond messages
 * through in any one-second window: with the defaults (25/s, burst 3) at most 28, under Telegram's 30.
 * Written by hand (a dozen lines of Lua) because the bucket and the 429 pause must be checked in one
 * atomic step on the server; rate-limiter-flexible, the usual library, "uses fixed window to limit
 * requests" (its README, npm, read 2026-12-01), which lets up to twice the rate through across a window
 * boundary, and has no bot-wide pause.
 *
 * Time: callers pass `now` from their clock; the reminder worker's clock is anchored to the Redis
 * server's (see the worker), and the bucket never moves its clock back, so a caller whose clock is
 * behind refills nothing and one ahead refills at most `burst`: a skewed clock cannot raise the rate.
 *
 * Redis keys: `P {send}:…` (one hash tag, so a cluster keeps both on one node), described in
 * docs/REDIS-KEYS.md.
 */
import type { Redis } from "ioredis";
import { KEY_PREFIX } from "./keys.js";
import { luaScript } from "./lua.js";

export interface SendBudget {
  /** Takes one message from the budget at `now`: 0 when granted, else how many ms to wait before asking again. Throws when the budget cannot be read (then nobody may send). */
  take(now: number): Promise<number>;
  /** Pauses every send of the bot, on every instance, until `now + ms` (a 429's retry_after). */
  pauseAll(now: number, ms: number): Promise<void>;
}

export interface SendBudgetOptions {
  /** Messages per second, all instances together, once the burst is used. */
  ratePerSecond?: number;
  /** Messages that may go at once after a quiet spell. */
  burst?: number;
}

export const DEFAULT_SEND_RATE = 25;
export const DEFAULT_SEND_BURST = 3;

function validate(options: SendBudgetOptions): { ratePerSecond: number; burst: number } {
  const { ratePerSecond = DEFAULT_SEND_RATE, burst = DEFAULT_SEND_BURST } = options;
  if (!(ratePerSecond > 0)) throw new RangeError("ratePerSecond must be positive");
  if (!Number.isSafeInteger(burst) || burst < 1) throw new RangeError("burst must be a positive integer");
  return { ratePerSecond, burst };
}

const TAKE_LUA = `
local bucketKey = KEYS[1]
local pausedUntilKey = KEYS[2]
local now = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2]) / 1000
local burst = tonumber(ARGV[3])
local idleTtlMs = ARGV[4]

local pausedUntil = tonumber(redis.call('GET', pausedUntilKey) or '0')
if pausedUntil > now then return pausedUntil - now end
local state = redis.call('HMGET', bucketKey, 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
if now > at then
  tokens = math.min(burst, tokens + (now - at) * perMs)
  at = now
end
-- The epsilon absorbs floating-point residue (0.99 tokens at 10/s is 1 ms of wait, not 2).
if tokens < 1 then return math.max(1, math.ceil((1 - tokens) / perMs - 1e-6)) end
redis.call('HSET', bucketKey, 'tokens', tostring(tokens - 1), 'at', tostring(at))
redis.call('PEXPIRE', bucketKey, idleTtlMs)
return 0`;

const PAUSE_LUA = `
local pausedUntilKey = KEYS[1]
local untilAt = tonumber(ARGV[1])
local ttlMs = ARGV[2]

local current = tonumber(redis.call('GET', pausedUntilKey) or '0')
if untilAt > current then redis.call('SET', pausedUntilKey, tostring(untilAt), 'PX', ttlMs) end
return 1`;

/** The budget in Redis, shared by every instance on that Redis. */
export function createRedisSendBudget(redis: Redis, options: SendBudgetOptions & { prefix?: string } = {}): SendBudget {
  const { ratePerSecond, burst } = validate(options);
  const prefix = options.prefix ?? KEY_PREFIX;
  const bucketKey = `${prefix}{send}:budget`;
  const pausedUntilKey = `${prefix}{send}:paused-until`;
  const take = luaScript(redis, TAKE_LUA);
  const pause = luaScript(redis, PAUSE_LUA);
  // An idle bucket is full again after burst / rate seconds; keeping it a minute longer costs nothing.
  const idleTtlMs = Math.ceil((burst / ratePerSecond) * 1000) + 60_000;
  return {
    async take(now) {
      return Number(await take([bucketKey, pausedUntilKey], [Math.floor(now), ratePerSecond, burst, idleTtlMs]));
    },
    async pauseAll(now, ms) {
      const pauseMs = Math.max(1, Math.ceil(ms));
      // The key outlives the pause by a second, in case the server's clock runs a little slow of ours.
      await pause([pausedUntilKey], [Math.floor(now) + pauseMs, pauseMs + 1_000]);
    },
  };
}

/** The same budget in process memory, for the terminal demo (one process, so nothing to share). */
export function createMemorySendBudget(options: SendBudgetOptions = {}): SendBudget {
  const { ratePerSecond, burst } = validate(options);
  const perMs = ratePerSecond / 1000;
  let tokens = burst;
  let at = -Infinity;
  let pausedUntil = 0;
  return {
    async take(now) {
      if (pausedUntil > now) return pausedUntil - now;
      if (now > at) {
        tokens = Math.min(burst, tokens + (now - at) * perMs);
        at = now;
      }
      if (tokens < 1) return Math.max(1, Math.ceil((1 - tokens) / perMs - 1e-6));
      tokens -= 1;
      return 0;
    },
    async pauseAll(now, ms) {
      pausedUntil = Math.max(pausedUntil, now + Math.max(1, Math.ceil(ms)));
    },
  };
}
