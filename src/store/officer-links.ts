/**
 * Which Telegram users act as which catalog officer. A user acts for at most one officer; an officer may
 * have several users (a deputy during leave, a colleague sharing the desk), each linked on purpose through
 * their own one-time invite, and every one of them is notified. One Telegram account already spans all of a
 * person's devices, so "several users" is about people, not devices.
 *
 * Redis keys: `P ol:…`, described in docs/REDIS-KEYS.md.
 * Changes are compare-and-set Lua scripts over declared keys, retried when another change got in between.
 */
import type { Redis } from "ioredis";
import { KEY_PREFIX } from "./keys.js";

export interface OfficerLink {
  userId: number;
  officerId: string;
}

export interface OfficerLinkStore {
  /** Links the user to the officer, moving them away from any officer they acted for before. */
  link(userId: number, officerId: string): Promise<void>;
  /** Unlinks every user of the officer; returns their ids, ascending, so they can be told. */
  unlink(officerId: string): Promise<number[]>;
  /** Unlinks one user; returns the officer they acted for, if any. */
  unlinkUser(userId: number): Promise<string | undefined>;
  officerOf(userId: number): Promise<string | undefined>;
  /** The users (= private chat ids) to notify for the officer, ascending. */
  usersOf(officerId: string): Promise<number[]>;
  /** Every link, by officer id then user id. */
  all(): Promise<OfficerLink[]>;
}

function checkLink(userId: number, officerId?: string): void {
  if (!Number.isSafeInteger(userId)) throw new RangeError(`bad Telegram user id ${userId}`);
  if (officerId !== undefined && officerId.trim() === "") throw new RangeError("empty officer id");
}

const ascending = (a: number, b: number): number => a - b;

function compareLinks(a: OfficerLink, b: OfficerLink): number {
  return a.officerId < b.officerId ? -1 : a.officerId > b.officerId ? 1 : a.userId - b.userId;
}

// ---------------------------------------------------------------------------------------------------------
// Redis

/**
 * Moves a user to another officer, or off every officer when ARGV[2] is "".
 * KEYS: user key, previous officer's set, new officer's set (or the previous one again), officers set.
 * ARGV: user id, new officer id or "", the previous officer id read by the caller ("" for none).
 */
const MOVE_USER_LUA = `
local userKey = KEYS[1]
local previousOfficerSet = KEYS[2]
local newOfficerSet = KEYS[3]
local officersKey = KEYS[4]
local userId = ARGV[1]
local newOfficerId = ARGV[2]
local expectedOfficerId = ARGV[3]

local current = redis.call('GET', userKey) or ''
if current ~= expectedOfficerId then return 0 end
if current ~= '' and current ~= newOfficerId then
  redis.call('SREM', previousOfficerSet, userId)
  if redis.call('SCARD', previousOfficerSet) == 0 then redis.call('SREM', officersKey, current) end
end
if newOfficerId == '' then
  redis.call('DEL', userKey)
else
  redis.call('SET', userKey, newOfficerId)
  redis.call('SADD', newOfficerSet, userId)
  redis.call('SADD', officersKey, newOfficerId)
end
return 1`;

/**
 * Unlinks every user of an officer, if the set still holds exactly the users the caller read.
 * KEYS: officer set, officers set, then one user key per user. ARGV: officer id, then the user ids.
 */
const UNLINK_OFFICER_LUA = `
local officerSet = KEYS[1]
local officersKey = KEYS[2]
local firstUserKey = 3
local officerId = ARGV[1]
local firstUserId = 2

if redis.call('SCARD', officerSet) ~= #ARGV - 1 then return 0 end
for i = firstUserId, #ARGV do
  if redis.call('SISMEMBER', officerSet, ARGV[i]) == 0 then return 0 end
end
for i = firstUserKey, #KEYS do
  if redis.call('GET', KEYS[i]) == officerId then redis.call('DEL', KEYS[i]) end
end
redis.call('DEL', officerSet)
redis.call('SREM', officersKey, officerId)
return 1`;

const MAX_ATTEMPTS = 10;

/** The Redis officer link store. */
export function createRedisOfficerLinkStore(redis: Redis, options: { prefix?: string } = {}): OfficerLinkStore {
  const p = `${options.prefix ?? KEY_PREFIX}ol:`;
  const key = {
    user: (userId: number) => `${p}user:${userId}`,
    officer: (officerId: string) => `${p}officer:${officerId}`,
    officers: `${p}officers`,
  };

  /** Compare-and-set loop shared by link and unlinkUser; returns the officer the user acted for before. */
  const moveUser = async (userId: number, officerId: string): Promise<string | undefined> => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const previous = (await redis.get(key.user(userId))) ?? "";
      const previousSet = key.officer(previous);
      const nextSet = officerId === "" ? previousSet : key.officer(officerId);
      const keys = [key.user(userId), previousSet, nextSet, key.officers];
      if ((await redis.eval(MOVE_USER_LUA, keys.length, ...keys, userId, officerId, previous)) === 1) {
        return previous === "" ? undefined : previous;
      }
    }
    throw new Error(`officer link of user ${userId} kept changing, gave up after ${MAX_ATTEMPTS} attempts`);
  };

  const usersOf = async (officerId: string): Promise<number[]> =>
    (await redis.smembers(key.officer(officerId))).map(Number).sort(ascending);

  return {
    async link(userId, officerId) {
      checkLink(userId, officerId);
      await moveUser(userId, officerId);
    },

    async unlink(officerId) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const users = await usersOf(officerId);
        if (users.length === 0) return [];
        const keys = [key.officer(officerId), key.officers, ...users.map(key.user)];
        if ((await redis.eval(UNLINK_OFFICER_LUA, keys.length, ...keys, officerId, ...users)) === 1) return users;
      }
      throw new Error(`links of officer ${officerId} kept changing, gave up after ${MAX_ATTEMPTS} attempts`);
    },

    async unlinkUser(userId) {
      checkLink(userId);
      return moveUser(userId, "");
    },

    async officerOf(userId) {
      return (await redis.get(key.user(userId))) ?? undefined;
    },

    usersOf,

    async all() {
      const officerIds = await redis.smembers(key.officers);
      const users = await Promise.all(officerIds.map(usersOf));
      return officerIds
        .flatMap((officerId, i) => (users[i] ?? []).map((userId) => ({ userId, officerId })))
        .sort(compareLinks);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Memory

/** The in-memory officer link store. */
export function createMemoryOfficerLinkStore(): OfficerLinkStore {
  const officerByUser = new Map<number, string>();

  const usersOf = async (officerId: string): Promise<number[]> =>
    [...officerByUser]
      .filter(([, o]) => o === officerId)
      .map(([u]) => u)
      .sort(ascending);

  return {
    async link(userId, officerId) {
      checkLink(userId, officerId);
      officerByUser.set(userId, officerId);
    },

    async unlink(officerId) {
      const users = await usersOf(officerId);
      users.forEach((u) => officerByUser.delete(u));
      return users;
    },

    async unlinkUser(userId) {
      checkLink(userId);
      const previous = officerByUser.get(userId);
      officerByUser.delete(userId);
      return previous;
    },

    async officerOf(userId) {
      return officerByUser.get(userId);
    },

    usersOf,

    async all() {
      return [...officerByUser].map(([userId, officerId]) => ({ userId, officerId })).sort(compareLinks);
    },
  };
}
