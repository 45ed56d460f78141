/**
 * The production Redis client. Commands fail fast while Redis is away or silent (users hear
 * "temporarily unavailable" instead of waiting), and the connection keeps retrying in the background,
 * so the bot recovers by itself when Redis is back.
 */
import { Redis, type RedisOptions } from "ioredis";

/** Where Redis is: one node, or the master that a set of sentinels names (config.ts fills it from the environment). */
export interface RedisConfig {
  url: string;
  sentinels: { nodes: { host: string; port: number }[]; name: string; password?: string | undefined } | undefined;
}

/** A command unanswered this long fails, so a frozen or partitioned Redis never hangs an update. */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/**
 * ioredis options for a single node (REDIS_URL) or, with REDIS_SENTINELS, for the master the sentinels
 * name: ioredis asks a sentinel for the master's address and asks again after a failover. REDIS_URL then
 * still gives the master's user, password, database and TLS; its host and port are not used.
 */
export function redisOptions(config: RedisConfig): RedisOptions {
  const common: RedisOptions = {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  };
  const url = new URL(config.url);
  const credentials: RedisOptions = {
    username: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    db: Number(url.pathname.slice(1) || 0),
    tls: url.protocol === "rediss:" ? {} : undefined,
  };
  if (!config.sentinels)
    return { ...common, ...credentials, host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || 6379) };
  return {
    ...common,
    ...credentials,
    sentinels: config.sentinels.nodes,
    name: config.sentinels.name,
    sentinelPassword: config.sentinels.password,
    // Sentinels are asked again at this pace while none answers, like the node itself.
    sentinelRetryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  };
}

/** Connects to Redis the way `npm start` does; connection errors go to `onError`, not to the process. */
export function createRedisClient(config: RedisConfig | string, onError: (error: Error) => void): Redis {
  const redis = new Redis(redisOptions(typeof config === "string" ? { url: config, sentinels: undefined } : config));
  redis.on("error", onError);
  return redis;
}
