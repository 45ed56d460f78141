/**
 * The reminder queue: reminders wait in a sorted set by due time, a worker claims a batch atomically and
 * holds it under a lease, then acknowledges, retries or fails each one. A worker that dies mid-batch
 * loses nothing: its leases expire and the next claim hands the reminders to someone else.
 *
 * Redis key schema (P = the prefix, "kyz:" by default):
 *   P rem:due                  ZSET   id -> time it becomes claimable (ms): first due time, retry or postponement
 *   P rem:leased               ZSET   id -> lease expiry (ms) of reminders a worker is delivering right now
 *   P rem:owner                HASH   id -> workerId holding the lease
 *   P rem:data                 HASH   id -> the reminder as scheduled (JSON), present while it is pending
 *   P rem:attempts             HASH   id -> failed send attempts so far (absent means 0)
 *   P rem:preapp:<preappId>    SET    ids of the pre-application's pending reminders, for cancelFor
 *   P rem:done:<id>            STRING "1" with a TTL: delivered or failed, so a second schedule() is a no-op
 *   P rem:failures             LIST   newest first, capped: {"reminder","reason","attempts","failedAt"} JSON
 *   P rem:failures:count       STRING permanent failures ever recorded
 * A pending reminder is in exactly one of rem:due and rem:leased. The scripts build the rem:preapp: and
 * rem:done: key names themselves, so this store needs a single Redis node (not Redis Cluster) and an
 * ioredis client without its own `keyPrefix`.
 *
 * The in-memory store implements the same contract for the terminal demo and keeps its tombstones for
 * the life of the process.
 */
import type { Redis } from "ioredis";
import { luaScript } from "./lua.js";
import { z } from "zod";
import { REMINDER_KINDS } from "../domain/reminder-plan.js";

export { REMINDER_KINDS, type ReminderKind } from "../domain/reminder-plan.js";

/** The largest payload accepted, as encoded JSON; reminders are pointers to data, not the data itself. */
export const MAX_PAYLOAD_CHARS = 1024;

/** A reminder as the planner hands it over; schedule() validates every one against this. */
export const reminderSchema = z.strictObject({
  /** Deterministic (e.g. `${preappId}:${kind}:${seq}`), which is what makes schedule() idempotent. */
  id: z.string().min(1).max(200),
  dueAt: z.number().int().nonnegative(),
  chatId: z.number().int(),
  preappId: z.string().min(1).max(100),
  kind: z.enum(REMINDER_KINDS),
  payload: z
    .json()
    .refine((value) => JSON.stringify(value).length <= MAX_PAYLOAD_CHARS, `payload over ${MAX_PAYLOAD_CHARS} chars`)
    .optional(),
});
export type Reminder = z.infer<typeof reminderSchema>;

/** A reminder handed to a worker, with the number of send attempts that already failed. */
export type ClaimedReminder = Reminder & { attempts: number };

/** A reminder that will never be delivered, kept for the admins' /stats. */
export interface ReminderFailure {
  reminder: Reminder;
  reason: string;
  /** Send attempts made, the final one included. */
  attempts: number;
  failedAt: number;
}

export interface ReminderStore {
  /** Adds reminders not seen before; ids already pending, leased, delivered or failed are left alone. Returns how many were added. */
  schedule(reminders: readonly Reminder[]): Promise<number>;
  /** Removes every pending reminder of a pre-application, leased ones included; returns how many. */
  cancelFor(preappId: string): Promise<number>;
  /** Atomically leases up to `limit` reminders due at `now`, in due order, after returning expired leases to the queue. */
  claimDue(now: number, limit: number, leaseMs: number, workerId: string): Promise<ClaimedReminder[]>;
  /** Removes a delivered reminder for good; false when the worker no longer holds its lease. */
  ack(id: string, workerId: string): Promise<boolean>;
  /** Puts a leased reminder whose send failed back in the queue for `at`, counting one failed attempt; false without the lease. */
  retryLater(id: string, workerId: string, at: number): Promise<boolean>;
  /** Puts a reminder back in the queue for `at` without counting an attempt (rate limit, office hours, lease running out). */
  postpone(id: string, workerId: string, at: number): Promise<boolean>;
  /** Drops a leased reminder for good and records why in the capped failure list; false without the lease. */
  failPermanently(id: string, workerId: string, reason: string, now: number): Promise<boolean>;
  /** The latest permanent failures, newest first. */
  recentFailures(limit: number): Promise<ReminderFailure[]>;
  /** Permanent failures ever recorded, beyond the capped list. */
  failureCount(): Promise<number>;
  /** Reminders not yet delivered or failed, leased ones included. */
  pendingCount(): Promise<number>;
  /** Reminders a claim at `now` could take: due ones plus those whose lease has expired. */
  dueCount(now: number): Promise<number>;
}

export interface ReminderStoreOptions {
  /** How many failures recentFailures() can show; older ones only count in failureCount(). */
  failureCap?: number;
}

export interface RedisReminderStoreOptions extends ReminderStoreOptions {
  prefix?: string;
  /** How long a delivered or failed id is remembered so that scheduling it again does nothing. */
  doneRetentionMs?: number;
}

const DEFAULT_FAILURE_CAP = 100;
const DEFAULT_DONE_RETENTION_MS = 60 * 24 * 60 * 60 * 1000;
/** Reminders per schedule script call, so a huge plan does not block Redis in one go. */
const SCHEDULE_CHUNK = 250;

const failureSchema = z.object({
  reminder: reminderSchema,
  reason: z.string(),
  attempts: z.number().int().nonnegative(),
  failedAt: z.number(),
});

function validateClaimArgs(limit: number, leaseMs: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`claim limit must be a positive integer, got ${limit}`);
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 1) throw new RangeError(`leaseMs must be a positive integer, got ${leaseMs}`);
}

function validateCap(cap: number): number {
  if (!Number.isSafeInteger(cap) || cap < 1) throw new RangeError(`failureCap must be a positive integer, got ${cap}`);
  return cap;
}

// ---------------------------------------------------------------------------------------------------
// Redis

const SCHEDULE_LUA = `
local added = 0
for i = 3, #ARGV, 4 do
  local id = ARGV[i]
  if redis.call('HEXISTS', KEYS[2], id) == 0 and redis.call('EXISTS', ARGV[2] .. id) == 0 then
    redis.call('HSET', KEYS[2], id, ARGV[i + 3])
    redis.call('ZADD', KEYS[1], ARGV[i + 1], id)
    redis.call('SADD', ARGV[1] .. ARGV[i + 2], id)
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
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
for i = 1, #expired, 2 do
  redis.call('ZREM', KEYS[2], expired[i])
  redis.call('HDEL', KEYS[3], expired[i])
  redis.call('ZADD', KEYS[1], expired[i + 1], expired[i])
end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local claimed = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local json = redis.call('HGET', KEYS[4], id)
  if json then
    redis.call('ZADD', KEYS[2], ARGV[3], id)
    redis.call('HSET', KEYS[3], id, ARGV[4])
    claimed[#claimed + 1] = json
    claimed[#claimed + 1] = redis.call('HGET', KEYS[5], id) or '0'
  end
end
return claimed`;

const RELEASE_LUA = `
if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if ARGV[4] == '1' then redis.call('HINCRBY', KEYS[4], ARGV[1], 1) end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1`;

/** Shared by ack and fail: checks the lease, forgets the reminder, leaves a tombstone. Sets json and attempts. */
const FINISH_LUA = `
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
local json = redis.call('HGET', KEYS[3], ARGV[1])
local attempts = tonumber(redis.call('HGET', KEYS[4], ARGV[1]) or '0')
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
if json then redis.call('SREM', ARGV[3] .. cjson.decode(json).preappId, ARGV[1]) end
redis.call('SET', ARGV[4] .. ARGV[1], '1', 'PX', ARGV[5])`;

const ACK_LUA = `${FINISH_LUA}
return 1`;

/** The failure entry is built by concatenation so the stored reminder JSON is kept byte for byte. */
const FAIL_LUA = `${FINISH_LUA}
if json then
  redis.call('LPUSH', KEYS[5], '{"reminder":' .. json .. ',"reason":' .. cjson.encode(ARGV[6]) ..
    ',"attempts":' .. (attempts + 1) .. ',"failedAt":' .. ARGV[7] .. '}')
  redis.call('LTRIM', KEYS[5], 0, ARGV[8])
end
redis.call('INCR', KEYS[6])
return 1`;

const CANCEL_LUA = `
local ids = redis.call('SMEMBERS', KEYS[1])
local removed = 0
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
  redis.call('HDEL', KEYS[6], id)
  removed = removed + redis.call('HDEL', KEYS[5], id)
end
redis.call('DEL', KEYS[1])
return removed`;

function parseClaimReply(reply: unknown): ClaimedReminder[] {
  const flat = reply as string[];
  const claimed: ClaimedReminder[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const reminder = reminderSchema.parse(JSON.parse(flat[i] as string));
    claimed.push({ ...reminder, attempts: Number(flat[i + 1]) });
  }
  return claimed;
}

/** The Redis reminder store; every state change is one Lua script, so concurrent workers cannot interleave. */
export function createRedisReminderStore(redis: Redis, options: RedisReminderStoreOptions = {}): ReminderStore {
  const prefix = options.prefix ?? "kyz:";
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
  const finishKeys = [key.leased, key.owner, key.data, key.attempts];

  const release = async (id: string, workerId: string, at: number, countAttempt: boolean): Promise<boolean> =>
    (await releaseScript([key.due, key.leased, key.owner, key.attempts], [id, workerId, at, countAttempt ? "1" : "0"])) === 1;

  return {
    async schedule(reminders) {
      const valid = reminders.map((r) => reminderSchema.parse(r));
      let added = 0;
      for (let start = 0; start < valid.length; start += SCHEDULE_CHUNK) {
        const args = valid
          .slice(start, start + SCHEDULE_CHUNK)
          .flatMap((r) => [r.id, r.dueAt, r.preappId, JSON.stringify(r)]);
        added += Number(await scheduleScript([key.due, key.data], [key.preappBase, key.doneBase, ...args]));
      }
      return added;
    },
    async cancelFor(preappId) {
      const keys = [`${key.preappBase}${preappId}`, key.due, key.leased, key.owner, key.data, key.attempts];
      return Number(await cancelScript(keys, []));
    },
    async claimDue(now, limit, leaseMs, workerId) {
      validateClaimArgs(limit, leaseMs);
      const keys = [key.due, key.leased, key.owner, key.data, key.attempts];
      return parseClaimReply(await claimScript(keys, [now, limit, now + leaseMs, workerId]));
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
    async failureCount() {
      return Number((await redis.get(key.failureCount)) ?? 0);
    },
    async pendingCount() {
      const [due, leased] = await Promise.all([redis.zcard(key.due), redis.zcard(key.leased)]);
      return due + leased;
    },
    async dueCount(now) {
      const [due, expired] = await Promise.all([redis.zcount(key.due, "-inf", now), redis.zcount(key.leased, "-inf", now)]);
      return due + expired;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// In memory

interface Lease {
  expiresAt: number;
  workerId: string;
}

function byScoreThenId(a: [string, number], b: [string, number]): number {
  return a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/** The same contract held in process memory, for the terminal demo and for running without Redis. */
export function createMemoryReminderStore(options: ReminderStoreOptions = {}): ReminderStore {
  const failureCap = validateCap(options.failureCap ?? DEFAULT_FAILURE_CAP);
  const due = new Map<string, number>();
  const leases = new Map<string, Lease>();
  const data = new Map<string, Reminder>();
  const attempts = new Map<string, number>();
  const byPreapp = new Map<string, Set<string>>();
  const done = new Set<string>();
  const failures: ReminderFailure[] = [];
  let failureTotal = 0;

  const holds = (id: string, workerId: string): boolean => leases.get(id)?.workerId === workerId;

  const forget = (id: string): Reminder | undefined => {
    const reminder = data.get(id);
    due.delete(id);
    leases.delete(id);
    data.delete(id);
    attempts.delete(id);
    if (reminder) {
      const ids = byPreapp.get(reminder.preappId);
      ids?.delete(id);
      if (ids?.size === 0) byPreapp.delete(reminder.preappId);
    }
    return reminder;
  };

  const release = async (id: string, workerId: string, at: number, countAttempt: boolean): Promise<boolean> => {
    if (!holds(id, workerId)) return false;
    leases.delete(id);
    if (countAttempt) attempts.set(id, (attempts.get(id) ?? 0) + 1);
    due.set(id, at);
    return true;
  };

  return {
    async schedule(reminders) {
      const valid = reminders.map((r) => reminderSchema.parse(r));
      let added = 0;
      for (const reminder of valid) {
        if (data.has(reminder.id) || done.has(reminder.id)) continue;
        data.set(reminder.id, structuredClone(reminder));
        due.set(reminder.id, reminder.dueAt);
        const ids = byPreapp.get(reminder.preappId) ?? new Set<string>();
        byPreapp.set(reminder.preappId, ids.add(reminder.id));
        added += 1;
      }
      return added;
    },
    async cancelFor(preappId) {
      const ids = [...(byPreapp.get(preappId) ?? [])];
      for (const id of ids) forget(id);
      return ids.length;
    },
    async claimDue(now, limit, leaseMs, workerId) {
      validateClaimArgs(limit, leaseMs);
      const expired = [...leases]
        .map(([id, lease]): [string, number] => [id, lease.expiresAt])
        .filter(([, expiresAt]) => expiresAt <= now)
        .sort(byScoreThenId)
        .slice(0, limit);
      for (const [id, expiresAt] of expired) {
        leases.delete(id);
        due.set(id, expiresAt);
      }
      const ready = [...due].filter(([, at]) => at <= now).sort(byScoreThenId).slice(0, limit);
      return ready.map(([id]) => {
        due.delete(id);
        leases.set(id, { expiresAt: now + leaseMs, workerId });
        return { ...structuredClone(data.get(id) as Reminder), attempts: attempts.get(id) ?? 0 };
      });
    },
    async ack(id, workerId) {
      if (!holds(id, workerId)) return false;
      forget(id);
      done.add(id);
      return true;
    },
    retryLater: (id, workerId, at) => release(id, workerId, at, true),
    postpone: (id, workerId, at) => release(id, workerId, at, false),
    async failPermanently(id, workerId, reason, now) {
      if (!holds(id, workerId)) return false;
      const attemptsMade = (attempts.get(id) ?? 0) + 1;
      const reminder = forget(id);
      done.add(id);
      if (reminder) failures.unshift({ reminder, reason, attempts: attemptsMade, failedAt: now });
      failures.length = Math.min(failures.length, failureCap);
      failureTotal += 1;
      return true;
    },
    async recentFailures(limit) {
      return structuredClone(failures.slice(0, Math.max(0, limit)));
    },
    async failureCount() {
      return failureTotal;
    },
    async pendingCount() {
      return due.size + leases.size;
    },
    async dueCount(now) {
      let count = 0;
      for (const at of due.values()) if (at <= now) count += 1;
      for (const lease of leases.values()) if (lease.expiresAt <= now) count += 1;
      return count;
    },
  };
}
