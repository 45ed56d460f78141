/**
 * The Redis the benchmarks run on: REDIS_URL when set, else a private `redis-server` on a free loopback
 * port, started here and stopped at the end (test/support/redis-control.ts, as for the tests). Every
 * key the benchmarks write starts with BENCH_PREFIX and is deleted afterwards; nothing is flushed.
 */
import { Redis } from "ioredis";
import { createDedicatedRedis, requireRedisServer } from "../test/support/redis-control.js";

/** Every key written by the benchmarks starts with this. */
export const BENCH_PREFIX = "bench:";

export interface BenchRedis {
  url: string;
  /** The server's version, from INFO. */
  version: string;
  /** True when the benchmark started this server itself (then it may, e.g., reset its statistics). */
  isPrivate: boolean;
  /** A client for the benchmarks that run in this process. */
  client: Redis;
  /** Deletes the benchmark's keys, closes the client and stops a private server. */
  close(): Promise<void>;
}

/** Deletes every key starting with `prefix`, by SCAN and UNLINK, so a shared Redis keeps everything else. */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}

/** A numeric field of an INFO section, e.g. infoField(redis, "memory", "used_memory"). */
export async function infoField(redis: Redis, section: string, field: string): Promise<number> {
  const info = await redis.info(section);
  const line = info.split("\r\n").find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.slice(field.length + 1)) : Number.NaN;
}

/** Redis's CPU time so far (user + system, ms), to see how much of a run it took. */
export async function redisCpuMs(redis: Redis): Promise<number> {
  return ((await infoField(redis, "cpu", "used_cpu_user")) + (await infoField(redis, "cpu", "used_cpu_sys"))) * 1000;
}

/** Commands Redis has executed so far, all clients together (INFO commandstats). */
export async function redisCommandCount(redis: Redis): Promise<number> {
  const info = await redis.info("commandstats");
  let calls = 0;
  for (const match of info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) calls += Number(match[1]);
  return calls;
}

/** Connects to REDIS_URL or starts a private server, and clears leftovers of an earlier, interrupted run. */
export async function openBenchRedis(): Promise<BenchRedis> {
  const external = process.env.REDIS_URL?.trim();
  let url: string;
  let stopServer = async (): Promise<void> => undefined;
  if (external) {
    url = external;
  } else {
    requireRedisServer();
    const server = await createDedicatedRedis({ durable: false });
    await server.start();
    url = server.url;
    stopServer = () => server.dispose();
  }
  let client: Redis;
  try {
    client = new Redis(url, { maxRetriesPerRequest: 1 });
    await client.ping();
  } catch (error) {
    await stopServer();
    throw error;
  }
  const version = (await client.info("server")).match(/redis_version:(\S+)/)?.[1] ?? "unknown";
  await deleteByPrefix(client, BENCH_PREFIX);
  return {
    url,
    version,
    isPrivate: !external,
    client,
    async close() {
      try {
        await deleteByPrefix(client, BENCH_PREFIX);
        await client.quit();
      } finally {
        await stopServer();
      }
    },
  };
}
