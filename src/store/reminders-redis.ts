/**
 * The reminder queue on Redis: reminders wait in a sorted set by due time; every state change is one Lua
 * script, so concurrent workers cannot interleave.
 *
 * Redis keys: `P rem:…`, described in docs/REDIS-KEYS.md.
 * A pending reminder is in exactly one of rem:due and rem:leased. The scripts build the rem:preapp: and
 * rem:done: key names themselves, so this store needs a single Redis node (not Redis Cluster) and an
 * ioredis client without its own `keyPrefix`.
 */
import type { Redis } from "ioredis";
import { KEY_PREFIX } from "./keys.js";
import { luaScript } from "./lua.js";
import {
  DEFAULT_FAILURE_CAP,
  failureSchema,
  jobSchema,
  validateCap,
  validateClaimArgs,
  type ClaimedJob,
  type ReminderStore,
  type ReminderStoreOptions,
} from "./reminder-queue.js";

export interface RedisReminderStoreOptions extends ReminderStoreOptions {
  prefix?: string;
  /** How long a delivered or failed id is remembered so that scheduling it again does nothing. */
  doneRetentionMs?: number;
}

const DEFAULT_DONE_RETENTION_MS = 60 * 24 * 60 * 60 * 1000;
/** Reminders per schedule script call, so a huge plan does not block Redis in one go. */
const SCHEDULE_CHUNK = 250;

const SCHEDULE_LUA = `
local dueKey = KEYS[1]
local dataKey = KEYS[2]
local preappKeyBase = ARGV[1]
local doneKeyBase = ARGV[2]
local firstReminder = 3 -- then (id, dueAt, preappId or '', json) per job

local added = 0
for i = firstReminder, #ARGV, 4 do
  local id, dueAt, preappId, json = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  if redis.call('HEXISTS', dataKey, id) == 0 and redis.call('EXISTS', doneKeyBase .. id) == 0 then
    redis.call('HSET', dataKey, id, json)
    redis.call('ZADD', dueKey, dueAt, id)
    if preappId ~= '' then redis.call('SADD', preappKeyBase .. preappId, id) end
    added = added + 1
  end
end
return added`;

/**
 * Returns up to `limit` expired leases to the due set (scored by their expiry, the moment they became
 * claimable again), then moves up to `limit` due reminders to the leased set. Both reads are
 * ZRANGEBYSCORE ... LIMIT, so a claim costs O(log n + limit) whatever the queue's size.
 */
const CLAIM_LUA = `
local dueKey = KEYS[1]
local leasedKey = KEYS[2]
local ownerKey = KEYS[3]
local dataKey = KEYS[4]
local attemptsKey = KEYS[5]
local now = ARGV[1]
local limit = ARGV[2]
local leaseExpiry = ARGV[3]
local workerId = ARGV[4]

local expired = redis.call('ZRANGEBYSCORE', leasedKey, '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit)
for i = 1, #expired, 2 do
  redis.call('ZREM', leasedKey, expired[i])
  redis.call('HDEL', ownerKey, expired[i])
  redis.call('ZADD', dueKey, expired[i + 1], expired[i])
end
local ids = redis.call('ZRANGEBYSCORE', dueKey, '-inf', now, 'LIMIT', 0, limit)
local claimed = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', dueKey, id)
  local json = redis.call('HGET', dataKey, id)
  if json then
    redis.call('ZADD', leasedKey, leaseExpiry, id)
    redis.call('HSET', ownerKey, id, workerId)
    claimed[#claimed + 1] = json
    claimed[#claimed + 1] = redis.call('HGET', attemptsKey, id) or '0'
  end
end
return claimed`;

/** Puts a leased reminder back in the due set for `at`, counting a failed attempt when asked. */
const RELEASE_LUA = `
local dueKey = KEYS[1]
local leasedKey = KEYS[2]
local ownerKey = KEYS[3]
local attemptsKey = KEYS[4]
local id = ARGV[1]
local workerId = ARGV[2]
local at = ARGV[3]
local countAttempt = ARGV[4] == '1'

if redis.call('HGET', ownerKey, id) ~= workerId then return 0 end
redis.call('ZREM', leasedKey, id)
redis.call('HDEL', ownerKey, id)
if countAttempt then redis.call('HINCRBY', attemptsKey, id, 1) end
redis.call('ZADD', dueKey, at, id)
return 1`;

/** Shared by ack and fail: checks the lease, forgets the reminder, leaves a tombstone. Sets json and attempts. */
const FINISH_LUA = `
local leasedKey = KEYS[1]
local ownerKey = KEYS[2]
local dataKey = KEYS[3]
local attemptsKey = KEYS[4]
local id = ARGV[1]
local workerId = ARGV[2]
local preappKeyBase = ARGV[3]
local doneKeyBase = ARGV[4]
local doneRetentionMs = ARGV[5]

if redis.call('HGET', ownerKey, id) ~= workerId then return 0 end
local json = redis.call('HGET', dataKey, id)
local attempts = tonumber(redis.call('HGET', attemptsKey, id) or '0')
redis.call('ZREM', leasedKey, id)
redis.call('HDEL', ownerKey, id)
redis.call('HDEL', dataKey, id)
redis.call('HDEL', attemptsKey, id)
if json then
  local preappId = cjson.decode(json).preappId
  if preappId then redis.call('SREM', preappKeyBase .. preappId, id) end
end
redis.call('SET', doneKeyBase .. id, '1', 'PX', doneRetentionMs)`;

const ACK_LUA = `${FINISH_LUA}
return 1`;

/** A pending job delivered by its scheduler at once, before any worker leased it: forget it, leave a tombstone. */
const COMPLETE_UNCLAIMED_LUA = `
local dueKey = KEYS[1]
local leasedKey = KEYS[2]
local dataKey = KEYS[3]
local attemptsKey = KEYS[4]
local id = ARGV[1]
local preappKeyBase = ARGV[2]
local doneKeyBase = ARGV[3]
local doneRetentionMs = ARGV[4]

if redis.call('ZSCORE', leasedKey, id) then return 0 end
local json = redis.call('HGET', dataKey, id)
if not json then return 0 end
redis.call('ZREM', dueKey, id)
redis.call('HDEL', dataKey, id)
redis.call('HDEL', attemptsKey, id)
local preappId = cjson.decode(json).preappId
if preappId then redis.call('SREM', preappKeyBase .. preappId, id) end
redis.call('SET', doneKeyBase .. id, '1', 'PX', doneRetentionMs)
return 1`;

/** FINISH_LUA's keys and arguments, then these. The entry is concatenated so the reminder JSON is kept byte for byte. */
const FAIL_LUA = `${FINISH_LUA}
local failuresKey = KEYS[5]
local failureCountKey = KEYS[6]
local reason = ARGV[6]
local failedAt = ARGV[7]
local lastFailureIndex = ARGV[8]

if json then
  redis.call('LPUSH', failuresKey, '{"reminder":' .. json .. ',"reason":' .. cjson.encode(reason) ..
    ',"attempts":' .. (attempts + 1) .. ',"failedAt":' .. failedAt .. '}')
  redis.call('LTRIM', failuresKey, 0, lastFailureIndex)
end
redis.call('INCR', failureCountKey)
return 1`;

/** Removes the failure entries of one chat. KEYS[1] = failures list; ARGV[1] = chat id. */
const FORGET_FAILURES_LUA = `
local failuresKey = KEYS[1]
local chatId = tonumber(ARGV[1])
local removed = 0
for _, entry in ipairs(redis.call('LRANGE', failuresKey, 0, -1)) do
  if cjson.decode(entry).reminder.chatId == chatId then
    removed = removed + redis.call('LREM', failuresKey, 0, entry)
  end
end
return removed`;

const CANCEL_LUA = `
local preappKey = KEYS[1]
local dueKey = KEYS[2]
local leasedKey = KEYS[3]
local ownerKey = KEYS[4]
local dataKey = KEYS[5]
local attemptsKey = KEYS[6]

local ids = redis.call('SMEMBERS', preappKey)
local removed = {}
for _, id in ipairs(ids) do
  local json = redis.call('HGET', dataKey, id)
  redis.call('ZREM', dueKey, id)
  redis.call('ZREM', leasedKey, id)
  redis.call('HDEL', ownerKey, id)
  redis.call('HDEL', attemptsKey, id)
  redis.call('HDEL', dataKey, id)
  if json then table.insert(removed, json) end
end
redis.call('DEL', preappKey)
return removed`;

/**
 * Reads a claim's reply. A job this version cannot read (a kind added by a newer version, during a
 * rolling upgrade) is not an error of the whole claim: it is handed back, as it was, for an instance that
 * reads it, instead of failing every claim of this instance and holding the others' jobs for a lease.
 */
function parseClaimReply(reply: unknown): { claimed: ClaimedJob[]; unreadable: { id: string }[] } {
  const flat = reply as string[];
  const claimed: ClaimedJob[] = [];
  const unreadable: { id: string }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const raw = JSON.parse(flat[i] as string) as { id?: unknown };
    const job = jobSchema.safeParse(raw);
    if (job.success) claimed.push({ ...job.data, attempts: Number(flat[i + 1]) });
    else if (typeof raw.id === "string") unreadable.push({ id: raw.id });
    else throw job.error;
  }
  return { claimed, unreadable };
}

/** The Redis reminder store; every state change is one Lua script, so concurrent workers cannot interleave. */
export function createRedisReminderStore(redis: Redis, options: RedisReminderStoreOptions = {}): ReminderStore {
  const prefix = options.prefix ?? KEY_PREFIX;
  const failureCap = validateCap(options.failureCap ?? DEFAULT_FAILURE_CAP);
  const doneRetentionMs = options.doneRetentionMs ?? DEFAULT_DONE_RETENTION_MS;
  const key = {
    due: `${prefix}rem:due`,
    leased: `${prefix}rem:leased`,
    owner: `${prefix}rem:owner`,
    data: `${prefix}rem:data`,
    attempts: `${prefix}rem:attempts`,
    preappBase: `${prefix}rem:preapp:`,
    doneBase: `${prefix}rem:done:`,
    failures: `${prefix}rem:failures`,
    failureCount: `${prefix}rem:failures:count`,
  };
  const scheduleScript = luaScript(redis, SCHEDULE_LUA);
  const claimScript = luaScript(redis, CLAIM_LUA);
  const releaseScript = luaScript(redis, RELEASE_LUA);
  const ackScript = luaScript(redis, ACK_LUA);
  const failScript = luaScript(redis, FAIL_LUA);
  const cancelScript = luaScript(redis, CANCEL_LUA);
  const forgetFailuresScript = luaScript(redis, FORGET_FAILURES_LUA);
  const completeUnclaimedScript = luaScript(redis, COMPLETE_UNCLAIMED_LUA);
  const finishKeys = [key.leased, key.owner, key.data, key.attempts];

  const release = async (id: string, workerId: string, at: number, countAttempt: boolean): Promise<boolean> =>
    (await releaseScript(
      [key.due, key.leased, key.owner, key.attempts],
      [id, workerId, at, countAttempt ? "1" : "0"],
    )) === 1;

  return {
    async schedule(reminders) {
      const valid = reminders.map((r) => jobSchema.parse(r));
      let added = 0;
      for (let start = 0; start < valid.length; start += SCHEDULE_CHUNK) {
        const args = valid
          .slice(start, start + SCHEDULE_CHUNK)
          .flatMap((r) => [r.id, r.dueAt, r.preappId ?? "", JSON.stringify(r)]);
        added += Number(await scheduleScript([key.due, key.data], [key.preappBase, key.doneBase, ...args]));
      }
      return added;
    },
    async cancelFor(preappId) {
      const keys = [`${key.preappBase}${preappId}`, key.due, key.leased, key.owner, key.data, key.attempts];
      // A job of a kind this version cannot read is removed all the same, just not returned.
      return ((await cancelScript(keys, [])) as string[]).flatMap((json) => {
        const job = jobSchema.safeParse(JSON.parse(json));
        return job.success ? [job.data] : [];
      });
    },
    async claimDue(now, limit, leaseMs, workerId) {
      validateClaimArgs(limit, leaseMs);
      const keys = [key.due, key.leased, key.owner, key.data, key.attempts];
      const { claimed, unreadable } = parseClaimReply(await claimScript(keys, [now, limit, now + leaseMs, workerId]));
      // Handed back a lease later, not at its own time: at the head of the queue it would fill every claim of
      // this instance again and keep its readable jobs waiting.
      for (const job of unreadable) await release(job.id, workerId, now + leaseMs, false);
      return claimed;
    },
    async completeUnclaimed(id) {
      const keys = [key.due, key.leased, key.data, key.attempts];
      return (await completeUnclaimedScript(keys, [id, key.preappBase, key.doneBase, doneRetentionMs])) === 1;
    },
    async ack(id, workerId) {
      return (await ackScript(finishKeys, [id, workerId, key.preappBase, key.doneBase, doneRetentionMs])) === 1;
    },
    retryLater: (id, workerId, at) => release(id, workerId, at, true),
    postpone: (id, workerId, at) => release(id, workerId, at, false),
    async failPermanently(id, workerId, reason, now) {
      const keys = [...finishKeys, key.failures, key.failureCount];
      const args = [id, workerId, key.preappBase, key.doneBase, doneRetentionMs, reason, now, failureCap - 1];
      return (await failScript(keys, args)) === 1;
    },
    async recentFailures(limit) {
      if (limit < 1) return [];
      const entries = await redis.lrange(key.failures, 0, Math.min(limit, failureCap) - 1);
      return entries.map((entry) => failureSchema.parse(JSON.parse(entry)));
    },
    async forgetFailuresOf(chatId) {
      return Number(await forgetFailuresScript([key.failures], [chatId]));
    },
    async failureCount() {
      return Number((await redis.get(key.failureCount)) ?? 0);
    },
    async pendingCount() {
      const [due, leased] = await Promise.all([redis.zcard(key.due), redis.zcard(key.leased)]);
      return due + leased;
    },
    async dueCount(now) {
      const [due, expired] = await Promise.all([
        redis.zcount(key.due, "-inf", now),
        redis.zcount(key.leased, "-inf", now),
      ]);
      return due + expired;
    },
    async serverTime() {
      const [seconds, microseconds] = await redis.time();
      // Rounded down: a worker's "now" must never run ahead of the server, or it could send early.
      return Number(seconds) * 1000 + Math.floor(Number(microseconds) / 1000);
    },
  };
}
