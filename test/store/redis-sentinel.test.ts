/**
 * Redis Sentinel: the options built from REDIS_SENTINELS, and a real failover. A master, a replica and
 * one sentinel (redis-server --sentinel, the same binary) run on free loopback ports; the master is
 * killed, the sentinel promotes the replica, and the production client follows it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createRedisClient, redisOptions } from "../../src/store/redis-client.js";
import { createRedisStores } from "../../src/store/stores.js";
import { createDedicatedRedis, freePort, pollUntil } from "../support/redis-control.js";

describe("Redis options from the configuration", () => {
  it("is one node from REDIS_URL, with its credentials, database and TLS", () => {
    const options = redisOptions(loadConfig({ REDIS_URL: "rediss://bot:p%40ss@redis.internal:6380/3" }).redis);
    expect(options).toMatchObject({
      host: "redis.internal",
      port: 6380,
      username: "bot",
      password: "p@ss",
      db: 3,
      tls: {},
    });
    expect(options.sentinels).toBeUndefined();
  });

  it("asks the sentinels for the master with REDIS_SENTINELS; REDIS_URL gives only credentials and database", () => {
    const config = loadConfig({
      REDIS_URL: "redis://:masterpass@ignored:1/2",
      REDIS_SENTINELS: "10.0.0.5:26379,10.0.0.6:26379",
      REDIS_SENTINEL_NAME: "kyzmet",
      REDIS_SENTINEL_PASSWORD: "sentinelpass",
    });
    const options = redisOptions(config.redis);
    expect(options).toMatchObject({
      sentinels: [
        { host: "10.0.0.5", port: 26379 },
        { host: "10.0.0.6", port: 26379 },
      ],
      name: "kyzmet",
      sentinelPassword: "sentinelpass",
      password: "masterpass",
      db: 2,
      tls: undefined,
    });
    expect(options.host).toBeUndefined();
    // The fail-fast behaviour of the single-node client is kept.
    expect(options).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  });
});

describe("a real failover", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Starts `redis-server <conf> --sentinel` monitoring the master as "kyzmet", quorum 1. */
  async function startSentinel(masterPort: number): Promise<number> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "kyzmet-sentinel-"));
    const conf = join(dir, "sentinel.conf");
    writeFileSync(
      conf,
      [
        `port ${port}`,
        "bind 127.0.0.1",
        `dir ${dir}`,
        `sentinel monitor kyzmet 127.0.0.1 ${masterPort} 1`,
        "sentinel down-after-milliseconds kyzmet 500",
        "sentinel failover-timeout kyzmet 3000",
        "",
      ].join("\n"),
    );
    const child: ChildProcess = spawn("redis-server", [conf, "--sentinel"], { stdio: "ignore" });
    cleanups.push(() => {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    });
    return port;
  }

  it("the bot's client follows the promoted replica and keeps the data", async () => {
    const master = await createDedicatedRedis();
    await master.start();
    cleanups.push(() => master.dispose());
    const replica = await createDedicatedRedis();
    await replica.start();
    cleanups.push(() => replica.dispose());
    const replicaClient = new Redis(replica.url);
    replicaClient.on("error", () => {});
    cleanups.push(() => replicaClient.disconnect());
    await replicaClient.replicaof("127.0.0.1", master.port);
    await pollUntil(
      async () => (await replicaClient.info("replication")).includes("master_link_status:up"),
      "the replica to sync",
    );

    // Started once the replica is attached, so its first look at the master finds the replica.
    const sentinelPort = await startSentinel(master.port);
    const sentinel = new Redis(sentinelPort, "127.0.0.1");
    sentinel.on("error", () => {}); // refused until the sentinel listens; it retries
    cleanups.push(() => sentinel.disconnect());
    await pollUntil(
      async () => ((await sentinel.call("SENTINEL", "REPLICAS", "kyzmet").catch(() => [])) as unknown[]).length === 1,
      "the sentinel to know the replica",
    );

    const redis = createRedisClient(
      loadConfig({
        REDIS_URL: "redis://ignored:1",
        REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`,
        REDIS_SENTINEL_NAME: "kyzmet",
      }).redis,
      () => {},
    );
    cleanups.push(() => redis.disconnect());
    await pollUntil(() => redis.status === "ready", "the client to reach the master through the sentinel");

    const stores = createRedisStores(redis);
    await stores.invites.create("abilmazhinova", 1, Date.now());
    await pollUntil(
      async () => (await replicaClient.keys("kyz:inv:*")).length === 1,
      "the invite to reach the replica",
    );

    await master.crash();
    // The sentinel sees the master down, promotes the replica, and ioredis reconnects to it.
    await pollUntil(
      async () => {
        try {
          await redis.set("kyz:after-failover", "1");
          return true;
        } catch {
          return false;
        }
      },
      "a write to succeed after the failover",
      20_000,
    );
    expect((await replicaClient.info("replication")).includes("role:master")).toBe(true);
    expect(await replicaClient.get("kyz:after-failover")).toBe("1");
    expect(await redis.keys("kyz:inv:*")).toHaveLength(1);
  }, 40_000);
});
