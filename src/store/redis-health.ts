/**
 * Whether Redis keeps the bot's data: a Redis that evicts any key when memory is full (`allkeys-*`), that
 * keeps nothing on disk, or that was flushed or restarted empty deletes pre-applications and the reminder
 * queue without an error anywhere. Checked at start-up (main.ts refuses `allkeys-*`), on every /healthz,
 * on every /metrics scrape, and every 15 s by `watch`, which logs an error when the keyspace vanishes.
 *
 * The settings are read with CONFIG GET; a managed Redis that disables CONFIG gets "unknown", not an error.
 *
 * A vanished keyspace is told by a marker key (P keyspace, see docs/REDIS-KEYS.md) written at the first
 * start on an empty Redis, with a random value each instance remembers. The data are reported lost when
 * - at start-up the marker is missing but keys that only a used deployment has (the permanent indexes
 *   below) exist: part of the data went (eviction, a partial restore), or this is the first start of a
 *   version with the marker on old data; or
 * - while running, the marker disappears (FLUSHALL, a restart without persistence, eviction) or holds
 *   another value (it was lost and written again by an instance started on the empty Redis).
 * "Lost" stays until an operator has checked the data, set the marker (`SET kyz:keyspace <anything>`)
 * and restarted the instances; an instance that started on a lost keyspace adopts the marker once it is
 * set. An empty Redis at the very first start cannot be told from one that lost everything while no
 * instance ran: only a running instance sees the loss.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { KEY_PREFIX } from "./keys.js";

/** How Redis keeps data across a restart: an append-only file, RDB snapshots, both, nothing, or unreadable. */
export type Persistence = "aof" | "rdb" | "aof+rdb" | "none" | "unknown";

export interface RedisSettings {
  persistence: Persistence;
  /** maxmemory-policy, e.g. "noeviction"; "unknown" when CONFIG is not allowed. */
  maxmemoryPolicy: string;
}

export type KeyspaceState = "ok" | "lost";

/** What /healthz and /metrics report; `ok` is false when data are being or have been lost. */
export interface DurabilityReport {
  ok: boolean;
  persistence: Persistence;
  maxmemoryPolicy: string;
  keyspace: KeyspaceState;
  /** One sentence per problem, for /healthz and the log. */
  problems: string[];
}

/** Reads persistence and eviction settings; "unknown" where CONFIG GET is refused (managed Redis). */
export async function readRedisSettings(redis: Redis): Promise<RedisSettings> {
  const get = async (name: string): Promise<string | undefined> => {
    try {
      const reply = (await redis.call("CONFIG", "GET", name)) as string[];
      return reply[1];
    } catch (error) {
      // Disabled or renamed CONFIG ("unknown command"), or an ACL without it ("NOPERM"): a managed Redis.
      if (/unknown command|NOPERM|not allowed|no permissions/i.test((error as Error).message)) return undefined;
      throw error;
    }
  };
  const [appendonly, save, policy] = await Promise.all([get("appendonly"), get("save"), get("maxmemory-policy")]);
  const aof = appendonly === "yes";
  const rdb = save !== undefined && save.trim() !== "";
  const persistence: Persistence =
    appendonly === undefined && save === undefined
      ? "unknown"
      : aof && rdb
        ? "aof+rdb"
        : aof
          ? "aof"
          : rdb
            ? "rdb"
            : "none";
  return { persistence, maxmemoryPolicy: policy ?? "unknown" };
}

/** Problems of the settings: `refuse` ones make start-up stop, `warn` ones are logged and reported. */
export function judgeSettings(settings: RedisSettings): { refuse: string[]; warn: string[] } {
  const refuse: string[] = [];
  const warn: string[] = [];
  const policy = settings.maxmemoryPolicy;
  if (policy.startsWith("allkeys-")) {
    refuse.push(
      `Redis maxmemory-policy is ${policy}: when its memory is full Redis deletes any key, pre-applications and the reminder queue included. Set maxmemory-policy noeviction (writes then fail loudly instead).`,
    );
  } else if (policy.startsWith("volatile-")) {
    warn.push(
      `Redis maxmemory-policy is ${policy}: when its memory is full Redis deletes keys with a TTL before it is due (sessions, open forms, closed pre-applications). noeviction is safer.`,
    );
  } else if (policy === "unknown") {
    warn.push(
      "Redis maxmemory-policy cannot be read (CONFIG is disabled, as on managed Redis): make sure it is noeviction.",
    );
  }
  if (settings.persistence === "none") {
    warn.push(
      "Redis keeps nothing on disk (appendonly no, no save rules): a Redis restart deletes every pre-application. Set appendonly yes.",
    );
  } else if (settings.persistence === "unknown") {
    warn.push(
      "Redis persistence cannot be read (CONFIG is disabled, as on managed Redis): make sure AOF or snapshots are on.",
    );
  }
  return { refuse, warn };
}

/** Keys only a deployment that has been used has; none of them expires. */
const DATA_KEYS = ["pa:services", "ol:officers", "rem:failures:count"] as const;

export interface RedisHealthOptions {
  prefix?: string;
  /** Told once each time the keyspace turns lost, with the reason. */
  onLost?: (reason: string) => void;
}

export interface RedisHealth {
  /**
   * Checks the marker at start-up: writes it on an empty Redis, reports "lost" if data remain without it.
   * Called again (e.g. on every reconnection), it only checks.
   */
  start(): Promise<KeyspaceState>;
  /** The settings and the marker now. Throws when Redis does not answer. */
  check(): Promise<DurabilityReport>;
  /** Checks every `intervalMs` (errors, e.g. Redis down, are left to /healthz's ping); returns a stop function. */
  watch(intervalMs?: number): () => void;
}

/** The durability checks of one bot instance on one Redis. */
export function createRedisHealth(redis: Redis, options: RedisHealthOptions = {}): RedisHealth {
  const prefix = options.prefix ?? KEY_PREFIX;
  const markerKey = `${prefix}keyspace`;
  /** The marker value this instance saw at start-up (undefined before start() or after starting lost). */
  let expected: string | undefined;
  /** start() found data without the marker: lost until an operator sets the marker again. */
  let startedLost = false;
  let lostReason: string | undefined;

  const markLost = (reason: string) => {
    if (lostReason === undefined) options.onLost?.(reason);
    lostReason ??= reason;
  };

  async function checkKeyspace(): Promise<KeyspaceState> {
    if (expected === undefined && !startedLost) return health.start();
    const marker = await redis.get(markerKey);
    if (startedLost) {
      if (marker === null) return "lost";
      // The operator has checked the data and set the marker: adopt it.
      startedLost = false;
      lostReason = undefined;
      expected = marker;
      return "ok";
    }
    if (marker === null)
      markLost(
        "the keyspace marker vanished while the bot ran: Redis lost its data (FLUSHALL, a restart without persistence, or eviction)",
      );
    else if (marker !== expected)
      markLost(
        "the keyspace marker was replaced while the bot ran: Redis lost its data and another instance started on the empty Redis",
      );
    return lostReason === undefined ? "ok" : "lost";
  }

  const health: RedisHealth = {
    async start() {
      // Once started, only checks: starting again on a Redis that came back empty would write a new marker
      // over the loss.
      if (expected !== undefined || startedLost) return checkKeyspace();
      const marker = await redis.get(markerKey);
      if (marker !== null) {
        expected = marker;
        return "ok";
      }
      if ((await redis.exists(...DATA_KEYS.map((k) => `${prefix}${k}`))) > 0) {
        startedLost = true;
        markLost(
          `the keyspace marker ${markerKey} is missing but data are there: keys were lost (eviction, a partial restore), or this is the first start of a version with the marker (see docs/REDIS-KEYS.md)`,
        );
        return "lost";
      }
      // An empty Redis: the first start. Several instances may race; the first marker wins.
      const token = `${new Date().toISOString()} ${randomBytes(6).toString("hex")}`;
      if ((await redis.set(markerKey, token, "NX")) === "OK") {
        expected = token;
        return "ok";
      }
      const winner = await redis.get(markerKey);
      if (winner === null) {
        startedLost = true;
        markLost("the keyspace marker vanished during start-up");
        return "lost";
      }
      expected = winner;
      return "ok";
    },
    async check() {
      const [settings, keyspace] = await Promise.all([readRedisSettings(redis), checkKeyspace()]);
      const { refuse, warn } = judgeSettings(settings);
      const problems = [
        ...(keyspace === "lost" ? [lostReason ?? "the keyspace marker is missing"] : []),
        ...refuse,
        ...warn,
      ];
      return { ok: keyspace === "ok" && refuse.length === 0, ...settings, keyspace, problems };
    },
    watch(intervalMs = 15_000) {
      const timer = setInterval(() => void checkKeyspace().catch(() => {}), intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
  return health;
}
