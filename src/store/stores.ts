/**
 * The bundle of stores the bot runs on: Redis in production, memory in the terminal demo when no
 * Redis is reachable. Both variants of each store pass one contract test suite (test/store/).
 *
 * Every Redis key, with its type and lifetime, is described in docs/REDIS-KEYS.md.
 */
import { MemorySessionStorage, type StorageAdapter } from "grammy";
import type { ConversationData, VersionedStateStorage } from "@grammyjs/conversations";
import { RedisAdapter } from "@grammyjs/storage-redis";
import type { Redis } from "ioredis";
import { createMemoryCoverStore, createRedisCoverStore, type CoverStore } from "./covers.js";
import { createMemoryInviteStore, createRedisInviteStore, type InviteStore } from "./invites.js";
import { createMemoryPreApplicationStore } from "./memory-preapplications.js";
import { createMemoryOfficerLinkStore, createRedisOfficerLinkStore, type OfficerLinkStore } from "./officer-links.js";
import { KEY_PREFIX } from "./keys.js";
import { createRedisPreApplicationStore, type PreApplicationStore } from "./preapplications.js";
import { createRedisHitCounter, type HitCounter } from "./rate-limit.js";
import { createMemoryReminderStore, createRedisReminderStore, type ReminderStore } from "./reminders.js";
import type { SessionData, SessionStorage } from "./sessions.js";
import { createRedisUpdateGate, type UpdateGate, type UpdateGateOptions } from "./update-gate.js";
import { createMemorySendBudget, createRedisSendBudget, type SendBudget } from "./send-budget.js";

export type FormStorage = VersionedStateStorage<string, ConversationData>;

export interface Stores {
  kind: "redis" | "memory";
  /** Per-user sessions (language). Keys are Telegram user ids. */
  sessions: SessionStorage;
  /** Open forms, so a citizen continues a form after a restart; undefined keeps them in memory. */
  forms: FormStorage | undefined;
  preApplications: PreApplicationStore;
  invites: InviteStore;
  officerLinks: OfficerLinkStore;
  reminders: ReminderStore;
  covers: CoverStore;
  /** Shared rate-limit counters; undefined keeps them in this process (one instance only). */
  hits: HitCounter | undefined;
  /** Per-chat locks and handled-update marks shared by instances; undefined with one process only. */
  updates: UpdateGate | undefined;
  /** The bot's send budget, shared by every instance on the same Redis. */
  sendBudget: SendBudget;
  /** Whether the backing store answers right now. */
  ping(): Promise<boolean>;
}

export interface StoreOptions {
  /** Prefix of every key this bot writes, so one Redis can host several deployments. */
  prefix: string;
  /** Sessions of users who stay away this long are dropped. */
  sessionTtlSeconds: number;
  /** An unfinished form is kept this long; longer than any wait inside a form. */
  formTtlSeconds: number;
  /** How long a closed pre-application (and its personal data) is kept. */
  retentionMs: number;
  /** A dead instance's chat lock lapses after this long (update-gate.ts). */
  chatLockMs?: number;
  /** How long an update waits for its chat's lock before it is handled anyway. */
  chatLockWaitMs?: number;
  /** The secret of the keyed hashes naming citizens' creation logs and rate-limit counters (keys.ts); the bot token in production. */
  hashKey?: string;
}

export const DEFAULT_STORE_OPTIONS: StoreOptions = {
  prefix: KEY_PREFIX,
  sessionTtlSeconds: 180 * 86_400,
  formTtlSeconds: 7 * 86_400,
  retentionMs: 90 * 86_400_000,
};

/** Prefixes the keys of a storage adapter. */
function prefixed<T>(inner: StorageAdapter<T>, prefix: string): StorageAdapter<T> {
  return {
    read: (key) => inner.read(`${prefix}${key}`),
    write: (key, value) => inner.write(`${prefix}${key}`, value),
    delete: (key) => inner.delete(`${prefix}${key}`),
  };
}

function gateOptions(o: StoreOptions): UpdateGateOptions {
  return {
    prefix: o.prefix,
    ...(o.chatLockMs !== undefined ? { chatLockMs: o.chatLockMs } : {}),
    ...(o.chatLockWaitMs !== undefined ? { chatLockWaitMs: o.chatLockWaitMs } : {}),
  };
}

/** Stores on Redis. */
export function createRedisStores(redis: Redis, options: Partial<StoreOptions> = {}): Stores {
  const o = { ...DEFAULT_STORE_OPTIONS, ...options };
  return {
    kind: "redis",
    sessions: prefixed(
      new RedisAdapter<SessionData>({ instance: redis, ttl: o.sessionTtlSeconds }),
      `${o.prefix}session:`,
    ),
    forms: prefixed(new RedisAdapter({ instance: redis, ttl: o.formTtlSeconds }), `${o.prefix}conv:`) as FormStorage,
    preApplications: createRedisPreApplicationStore(redis, {
      prefix: o.prefix,
      retentionMs: o.retentionMs,
      ...(o.hashKey !== undefined ? { hashKey: o.hashKey } : {}),
    }),
    invites: createRedisInviteStore(redis, { prefix: o.prefix }),
    officerLinks: createRedisOfficerLinkStore(redis, { prefix: o.prefix }),
    reminders: createRedisReminderStore(redis, { prefix: o.prefix }),
    covers: createRedisCoverStore(redis, { prefix: o.prefix }),
    hits: createRedisHitCounter(redis, {
      prefix: o.prefix,
      ...(o.hashKey !== undefined ? { hashKey: o.hashKey } : {}),
    }),
    updates: createRedisUpdateGate(redis, gateOptions(o)),
    sendBudget: createRedisSendBudget(redis, { prefix: o.prefix }),
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
export function createMemoryStores(options: Partial<Pick<StoreOptions, "retentionMs">> = {}): Stores {
  return {
    kind: "memory",
    sessions: new MemorySessionStorage<SessionData>(),
    forms: undefined,
    preApplications: createMemoryPreApplicationStore({
      retentionMs: options.retentionMs ?? DEFAULT_STORE_OPTIONS.retentionMs,
    }),
    invites: createMemoryInviteStore(),
    officerLinks: createMemoryOfficerLinkStore(),
    reminders: createMemoryReminderStore(),
    covers: createMemoryCoverStore(),
    hits: undefined,
    updates: undefined,
    sendBudget: createMemorySendBudget(),
    ping: async () => true,
  };
}
