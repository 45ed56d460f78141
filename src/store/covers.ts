/**
 * Covers: which officer stands in for which, over which days. At most one cover per officer (setting a
 * new one replaces it); an ended cover is harmless and is replaced or removed by an admin.
 *
 * Redis keys: `P desk:covers`, described in docs/REDIS-KEYS.md. Small (one field per officer), read
 * whole on every routing decision.
 */
import type { Redis } from "ioredis";
import { coverSchema, type Cover } from "../domain/desk.js";
import { KEY_PREFIX } from "./keys.js";

export interface CoverStore {
  /** Sets the officer's cover, replacing any earlier one. */
  set(cover: Cover): Promise<void>;
  /** Removes the officer's cover; returns it, if there was one. */
  remove(officerId: string): Promise<Cover | undefined>;
  /** Every cover, by officer id. */
  all(): Promise<Cover[]>;
}

const byOfficer = (a: Cover, b: Cover) => (a.officerId < b.officerId ? -1 : a.officerId > b.officerId ? 1 : 0);

/** The Redis cover store. */
export function createRedisCoverStore(redis: Redis, options: { prefix?: string } = {}): CoverStore {
  const key = `${options.prefix ?? KEY_PREFIX}desk:covers`;
  return {
    async set(cover) {
      const valid = coverSchema.parse(cover);
      await redis.hset(key, valid.officerId, JSON.stringify(valid));
    },
    async remove(officerId) {
      // HGET then HDEL: two admins removing one cover at once both see it, which is harmless.
      const raw = await redis.hget(key, officerId);
      await redis.hdel(key, officerId);
      return raw === null ? undefined : coverSchema.parse(JSON.parse(raw));
    },
    async all() {
      return Object.values(await redis.hgetall(key))
        .map((raw) => coverSchema.parse(JSON.parse(raw)))
        .sort(byOfficer);
    },
  };
}

/** The in-memory cover store. */
export function createMemoryCoverStore(): CoverStore {
  const covers = new Map<string, Cover>();
  return {
    async set(cover) {
      const valid = coverSchema.parse(cover);
      covers.set(valid.officerId, structuredClone(valid));
    },
    async remove(officerId) {
      const cover = covers.get(officerId);
      covers.delete(officerId);
      return cover;
    },
    async all() {
      return [...covers.values()].map((c) => structuredClone(c)).sort(byOfficer);
    },
  };
}
