/**
 * The bundle of stores the bot runs on: Redis in production, memory in the terminal demo when no
 * Redis is reachable. Both variants of each store pass one contract test suite (test/store/).
 */
import { MemorySessionStorage, type StorageAdapter } from "grammy";
import { RedisAdapter } from "@grammyjs/storage-redis";
import type { Redis } from "ioredis";
import type { SessionData } from "../bot/context.js";

export interface Stores {
  kind: "redis" | "memory";
  /** Per-user sessions (language). Keys are Telegram user ids. */
  sessions: StorageAdapter<SessionData>;
  /** Whether the backing store answers right now. */
  ping(): Promise<boolean>;
}

export interface RedisStoreOptions {
  /** Prefix of every key this bot writes, so one Redis can host several deployments. */
  prefix: string;
  /** Sessions of users who stay away this long are dropped. */
  sessionTtlSeconds: number;
}

/** Key prefix of sessions, under the deployment prefix. */
export const SESSION_PREFIX = "session:";

/** Stores on Redis. */
export function createRedisStores(redis: Redis, options: RedisStoreOptions): Stores {
  const adapter = new RedisAdapter<SessionData>({ instance: redis, ttl: options.sessionTtlSeconds });
  const prefixed: StorageAdapter<SessionData> = {
    read: (key) => adapter.read(`${options.prefix}${SESSION_PREFIX}${key}`),
    write: (key, value) => adapter.write(`${options.prefix}${SESSION_PREFIX}${key}`, value),
    delete: (key) => adapter.delete(`${options.prefix}${SESSION_PREFIX}${key}`),
  };
  return {
    kind: "redis",
    sessions: prefixed,
    async ping() {
      try {
        return (await redis.ping()) === "PONG";
      } catch {
        return false;
      }
    },
  };
}

/** Stores in process memory: everything is lost on exit. */
export function createMemoryStores(): Stores {
  return {
    kind: "memory",
    sessions: new MemorySessionStorage<SessionData>(),
    ping: async () => true,
  };
}
