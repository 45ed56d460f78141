/**
 * A Redis that cannot keep the bot's data. Measured on main before these checks: with `allkeys-lru` and a
 * full memory 1,972 of 2,000 pre-applications and the whole reminder queue were evicted, a restart without
 * AOF lost every key, and /healthz said 200 in both cases. Each case runs a redis-server of its own
 * started with the settings in question.
 */
import { spawn } from "node:child_process";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { createMetrics } from "../../src/metrics-registry.js";
import { createMonitoringServer, createWebhookServer } from "../../src/server/http-server.js";
import { createRedisHealth, judgeSettings, readRedisSettings } from "../../src/store/redis-health.js";
import { createRedisStores } from "../../src/store/stores.js";
import { HttpBotApi } from "../../src/telegram/http-bot-api.js";
import { makeUser } from "../../src/telegram/updates.js";
import { createHarness } from "../support/bot-harness.js";
import { fillForm } from "../support/flows.js";
import {
  createDedicatedRedis,
  productionRedisClient,
  type DedicatedRedis,
  type DedicatedRedisOptions,
} from "../support/redis-control.js";

const TOKEN = "123456789:AAH-test-token-for-the-local-bot-api-0000";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A started redis-server of the test's own and a production-configured client on it. */
async function redisWith(options: DedicatedRedisOptions): Promise<{ server: DedicatedRedis; redis: Redis }> {
  const server = await createDedicatedRedis(options);
  await server.start();
  cleanups.push(() => server.dispose());
  const redis = productionRedisClient(server.url);
  cleanups.push(() => redis.disconnect());
  await new Promise<void>((resolve) => (redis.status === "ready" ? resolve() : redis.once("ready", () => resolve())));
  return { server, redis };
}

/** GET /healthz of a webhook server whose durability check is `health`. */
async function healthz(
  redis: Redis,
  health: ReturnType<typeof createRedisHealth>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const server = createWebhookServer({
    bot: createHarness().bot,
    webhookPath: "/telegram",
    secretToken: "secret",
    ping: async () => (await redis.ping()) === "PONG",
    durability: () => health.check(),
    logger: createLogger("silent"),
  });
  const { port } = await server.listen(0, "127.0.0.1");
  try {
    const reply = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
  } finally {
    await server.close();
  }
}

describe("Redis settings", () => {
  it("reads AOF and the eviction policy of a well-set Redis and finds nothing to say", async () => {
    const { redis } = await redisWith({ args: ["--maxmemory-policy", "noeviction"] });
    const settings = await readRedisSettings(redis);
    expect(settings).toEqual({ persistence: "aof", maxmemoryPolicy: "noeviction" });
    expect(judgeSettings(settings)).toEqual({ refuse: [], warn: [] });
  });

  it("warns when Redis keeps nothing on disk", async () => {
    const { redis } = await redisWith({ durable: false });
    const settings = await readRedisSettings(redis);
    expect(settings.persistence).toBe("none");
    const { refuse, warn } = judgeSettings(settings);
    expect(refuse).toEqual([]);
    expect(warn.join("\n")).toMatch(/keeps nothing on disk.*appendonly yes/);
  });

  it("counts RDB save rules as persistence", async () => {
    const { redis } = await redisWith({ durable: false, args: ["--save", "900 1"] });
    expect((await readRedisSettings(redis)).persistence).toBe("rdb");
  });

  it("warns on volatile-* eviction", async () => {
    const { redis } = await redisWith({ args: ["--maxmemory-policy", "volatile-lru"] });
    const { refuse, warn } = judgeSettings(await readRedisSettings(redis));
    expect(refuse).toEqual([]);
    expect(warn.join("\n")).toMatch(/volatile-lru.*TTL/);
  });

  it("reports unknown, not an error, where CONFIG is disabled (managed Redis)", async () => {
    const { redis } = await redisWith({ args: ["--rename-command", "CONFIG", ""] });
    const settings = await readRedisSettings(redis);
    expect(settings).toEqual({ persistence: "unknown", maxmemoryPolicy: "unknown" });
    expect(judgeSettings(settings).refuse).toEqual([]);
    expect(judgeSettings(settings).warn).toHaveLength(2);
  });

  it("npm start refuses an allkeys-lru Redis with a clear message", async () => {
    const { server } = await redisWith({ args: ["--maxmemory-policy", "allkeys-lru"] });
    const bots = new HttpBotApi();
    const apiRoot = await bots.listen();
    cleanups.push(() => bots.close());
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: "warn",
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: apiRoot,
        REDIS_URL: server.url,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    cleanups.push(() => void child.kill("SIGKILL"));
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(output).toContain("Redis maxmemory-policy is allkeys-lru");
    expect(output).toContain("Set maxmemory-policy noeviction");
    // Refused before the bot touched Telegram.
    expect(bots.api.callsOf("getUpdates")).toEqual([]);
  });
});

describe("a keyspace that vanished", () => {
  it("FLUSHALL while running: /healthz turns 503 with the reason, the metric shows it, an error is logged", async () => {
    const { redis } = await redisWith({});
    const lost: string[] = [];
    const health = createRedisHealth(redis, { onLost: (reason) => lost.push(reason) });
    expect(await health.start()).toBe("ok");
    expect((await healthz(redis, health)).status).toBe(200);

    await redis.flushall();

    const reply = await healthz(redis, health);
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ status: "degraded", redis: "up", keyspace: "lost" });
    expect(String(reply.body.problems)).toMatch(/keyspace marker vanished/);
    expect(lost).toHaveLength(1);

    const metrics = createMetrics();
    metrics.registerDurability(() => health.check());
    const monitoring = createMonitoringServer({
      registry: metrics.registry,
      ping: async () => true,
      logger: createLogger("silent"),
    });
    const { port } = await monitoring.listen(0);
    cleanups.push(() => monitoring.close());
    const scraped = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(scraped).toMatch(/^kyzmet_redis_keyspace_lost 1$/m);
    expect(scraped).toMatch(/^kyzmet_redis_durable 0$/m);
    expect(scraped).toMatch(/^kyzmet_redis_persistence\{mode="aof"\} 1$/m);
    // Checked again: still lost (a new marker from another instance would not hide it either), logged once.
    await redis.set("kyz:keyspace", "written by an instance started on the empty Redis");
    expect((await healthz(redis, health)).status).toBe(503);
    expect(lost).toHaveLength(1);
  });

  it("a restart without persistence: the running instance reports the loss", async () => {
    const { server, redis } = await redisWith({ durable: false });
    const health = createRedisHealth(redis);
    expect(await health.start()).toBe("ok");
    await server.crash();
    await server.start();
    await new Promise<void>((resolve) => (redis.status === "ready" ? resolve() : redis.once("ready", () => resolve())));
    // main.ts checks again on every reconnection: that must not write a new marker over the loss.
    expect(await health.start()).toBe("lost");
    const reply = await healthz(redis, health);
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ keyspace: "lost", persistence: "none" });
  });

  it("a restart with AOF loses nothing and stays healthy", async () => {
    const { server, redis } = await redisWith({});
    const health = createRedisHealth(redis);
    expect(await health.start()).toBe("ok");
    await server.crash();
    await server.start();
    await new Promise<void>((resolve) => (redis.status === "ready" ? resolve() : redis.once("ready", () => resolve())));
    expect((await healthz(redis, health)).status).toBe(200);
  });

  it("start-up on data without the marker reports the loss until an operator sets the marker", async () => {
    const { redis } = await redisWith({});
    const h = createHarness({ stores: createRedisStores(redis) });
    await fillForm(h, makeUser(7_700_001, "ru"), 7);
    expect(await redis.exists("kyz:pa:services")).toBe(1);
    await redis.del("kyz:keyspace");

    const lost: string[] = [];
    const health = createRedisHealth(redis, { onLost: (reason) => lost.push(reason) });
    expect(await health.start()).toBe("lost");
    expect(lost.join()).toMatch(/marker kyz:keyspace is missing but data are there/);
    expect((await healthz(redis, health)).status).toBe(503);

    await redis.set("kyz:keyspace", "checked by the operator");
    expect((await healthz(redis, health)).status).toBe(200);
  });

  it("an empty Redis is a first start: the marker is written once, whichever instance comes first", async () => {
    const { redis } = await redisWith({});
    const [a, b] = [createRedisHealth(redis), createRedisHealth(redis)];
    expect(await Promise.all([a.start(), b.start()])).toEqual(["ok", "ok"]);
    expect((await a.check()).ok).toBe(true);
    expect((await b.check()).ok).toBe(true);
  });
});
