/**
 * The per-user rate limit across instances: two bots on one real Redis share the counters, so a user
 * cannot double their allowance by landing on both; with Redis away the limit lets updates through.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMemoryStores, createRedisStores } from "../../src/store/stores.js";
import { makeUser, textUpdate } from "../../src/telegram/updates.js";
import { createHarness, type Harness } from "../support/bot-harness.js";
import { useTestRedis } from "../support/redis.js";

const { redis } = useTestRedis();
const greetings = (h: Harness) =>
  h.api.callsOf("sendMessage").filter((c) => String(c.payload.text).startsWith("Hello")).length;
const slowDowns = (h: Harness) =>
  h.api.callsOf("sendMessage").filter((c) => String(c.payload.text).includes("too quickly")).length;

describe("rate limit across instances", () => {
  it("holds the per-user limit over two bot instances on one Redis", async () => {
    const config = { rateLimit: { limit: 3, windowMs: 60_000 } };
    const a = createHarness({ stores: createRedisStores(redis, { prefix: "rl1:" }), config });
    const b = createHarness({ stores: createRedisStores(redis, { prefix: "rl1:" }), config });
    const user = makeUser(5_101, "en");
    for (let i = 0; i < 3; i++) {
      await a.send(textUpdate(user, "/start"));
      await b.send(textUpdate(user, "/start"));
    }
    expect(greetings(a) + greetings(b)).toBe(3);
    expect(slowDowns(a) + slowDowns(b)).toBe(1);
    // Another user has an allowance of their own.
    const before = greetings(b);
    await b.send(textUpdate(makeUser(5_102, "en"), "/start"));
    expect(greetings(b)).toBe(before + 1);
    expect(await redis.keys("rl1:rl:*")).toHaveLength(2);
    for (const key of await redis.keys("rl1:rl:*")) expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it("names a counter by a keyed hash, so a copy of the database alone cannot give back the user id", async () => {
    // Telegram ids are about 10^10: an unkeyed hash of one is reversed by trying them all.
    const config = { rateLimit: { limit: 3, windowMs: 60_000 } };
    const user = makeUser(5_103, "en");
    const keysWith = async (prefix: string, hashKey: string) => {
      const h = createHarness({ stores: createRedisStores(redis, { prefix, hashKey }), config });
      await h.send(textUpdate(user, "/start"));
      return redis.keys(`${prefix}rl:*`);
    };
    const [a] = await keysWith("rl2:", "secret one");
    const [b] = await keysWith("rl3:", "secret two");
    const unkeyed = createHash("sha256").update(String(user.id)).digest("hex");
    expect(a?.slice("rl2:rl:".length)).toMatch(/^[0-9a-f]{32}$/);
    expect(unkeyed).not.toContain(a?.slice("rl2:rl:".length));
    expect(a?.slice("rl2:rl:".length)).not.toBe(b?.slice("rl3:rl:".length));
  });

  it("lets updates through when the shared counters do not answer", async () => {
    const stores = {
      ...createMemoryStores(),
      hits: { hit: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6379")) },
    };
    const h = createHarness({ stores, config: { rateLimit: { limit: 1, windowMs: 60_000 } } });
    const user = makeUser(5_103, "en");
    for (let i = 0; i < 3; i++) await h.send(textUpdate(user, "/start"));
    expect(greetings(h)).toBe(3);
    expect(slowDowns(h)).toBe(0);
  });
});
