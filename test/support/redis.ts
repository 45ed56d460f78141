/**
 * A connection to the test run's private Redis. Vitest runs test files in parallel worker processes;
 * each worker gets a database of its own (files inside one worker run one after another), flushed
 * before every test.
 */
import { Redis } from "ioredis";
import { afterAll, beforeEach, inject } from "vitest";

/** The URL of this worker's own database on the test run's private Redis. */
export function testRedisUrl(): string {
  const db = 1 + (Number(process.env.VITEST_POOL_ID ?? "0") % 63);
  return `${inject("redisUrl")}/${db}`;
}

/** Opens a client on this worker's database, flushed before every test of the calling file. */
export function useTestRedis(): { redis: Redis; url: string } {
  const url = testRedisUrl();
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  beforeEach(async () => {
    await redis.flushdb();
  });
  afterAll(async () => {
    await redis.quit();
  });
  return { redis, url };
}
