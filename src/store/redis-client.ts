/**
 * The production Redis client. Commands fail fast while Redis is away or silent (users hear
 * "temporarily unavailable" instead of waiting), and the connection keeps retrying in the background,
 * so the bot recovers by itself when Redis is back.
 */
import { Redis } from "ioredis";

/** A command unanswered this long fails, so a frozen or partitioned Redis never hangs an update. */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/** Connects to Redis the way `npm start` does; connection errors go to `onError`, not to the process. */
export function createRedisClient(url: string, onError: (error: Error) => void): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
  redis.on("error", onError);
  return redis;
}
