/**
 * The sessions and form storage of both store bundles behave alike: what the bot writes it reads
 * back, deletes, and keys per user. (Each aggregate has its own contract suite beside this file.)
 */
import { describe, expect, it } from "vitest";
import { createMemoryStores, createRedisStores, type Stores } from "../../src/store/stores.js";
import { useTestRedis } from "../support/redis.js";

const { redis } = useTestRedis();

describe.each([
  ["memory", () => createMemoryStores()],
  ["redis", () => createRedisStores(redis, { prefix: "c:", sessionTtlSeconds: 100 })],
] as [string, () => Stores][])("%s stores", (kind, make) => {
  it("keep, return and delete a session per user", async () => {
    const stores = make();
    await stores.sessions.write("1", { __language_code: "kk" });
    await stores.sessions.write("2", { __language_code: "en", languageAsked: true });
    expect(await stores.sessions.read("1")).toEqual({ __language_code: "kk" });
    expect(await stores.sessions.read("2")).toEqual({ __language_code: "en", languageAsked: true });
    await stores.sessions.delete("1");
    expect(await stores.sessions.read("1")).toBeUndefined();
    expect(await stores.sessions.read("3")).toBeUndefined();
  });

  it("answer ping", async () => {
    expect(await make().ping()).toBe(true);
    expect(make().kind).toBe(kind);
  });
});

describe("redis stores", () => {
  it("put sessions and forms under the prefix, with a TTL", async () => {
    const stores = createRedisStores(redis, { prefix: "c:", sessionTtlSeconds: 100, formTtlSeconds: 200 });
    await stores.sessions.write("7", { __language_code: "ru" });
    await stores.forms!.write("7", { version: [1, "x"], state: {} } as never);
    expect(await redis.ttl("c:session:7")).toBeGreaterThan(90);
    expect(await redis.ttl("c:conv:7")).toBeGreaterThan(190);
    expect((await redis.keys("*")).sort()).toEqual(["c:conv:7", "c:session:7"]);
  });

  it("report a Redis that does not answer", async () => {
    const { Redis } = await import("ioredis");
    const dead = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    expect(await createRedisStores(dead).ping()).toBe(false);
    dead.disconnect();
  });
});
