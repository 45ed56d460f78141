import { describe, expect, it } from "vitest";
import {
  createMemoryInviteStore,
  createRedisInviteStore,
  INVITE_VALIDITY_MS,
  KEEP_AFTER_MS,
  type InviteStore,
} from "../../src/store/invites.js";
import { useTestRedis } from "../support/redis.js";

const T = Date.UTC(2026, 1, 10, 6, 0);
const ADMIN = 5005;

/** The behaviour every InviteStore must have; run once per implementation. */
function inviteStoreContract(name: string, makeStore: () => InviteStore): void {
  describe(`${name} InviteStore contract`, () => {
    it("creates URL-safe tokens of 16-40 characters that fit Telegram's 64-character start parameter", async () => {
      const store = makeStore();
      const tokens = await Promise.all(Array.from({ length: 20 }, () => store.create("ospanova", ADMIN, T)));
      for (const token of tokens) {
        expect(token).toMatch(/^[A-Za-z0-9_-]{16,40}$/);
        expect(`inv_${token}`.length).toBeLessThanOrEqual(64);
      }
      expect(new Set(tokens).size).toBe(tokens.length);
    });

    it("redeems a valid token once, then says it was used", async () => {
      const store = makeStore();
      const token = await store.create("ospanova", ADMIN, T);
      expect(await store.redeem(token, T + 1000)).toEqual({ ok: true, officerId: "ospanova", createdBy: ADMIN });
      expect(await store.redeem(token, T + 2000)).toEqual({ ok: false, reason: "used" });
    });

    it("is valid until 72 hours after creation, expired from then on", async () => {
      const store = makeStore();
      const early = await store.create("girts", ADMIN, T);
      const late = await store.create("girts", ADMIN, T);
      expect(await store.redeem(early, T + INVITE_VALIDITY_MS - 1)).toMatchObject({ ok: true, officerId: "girts" });
      expect(await store.redeem(late, T + INVITE_VALIDITY_MS)).toEqual({ ok: false, reason: "expired" });
      expect(await store.redeem(late, T + INVITE_VALIDITY_MS + KEEP_AFTER_MS - 1)).toEqual({
        ok: false,
        reason: "expired",
      });
    });

    it("does not know tokens it never made, nor garbage", async () => {
      const store = makeStore();
      const token = await store.create("ospanova", ADMIN, T);
      const flipped = (token[0] === "A" ? "B" : "A") + token.slice(1);
      for (const unknown of [
        flipped,
        "AAAAAAAAAAAAAAAAAAAAAAAA",
        "",
        "short",
        "x".repeat(41),
        "has space in it here",
        "../../etc/passwd__",
      ]) {
        expect(await store.redeem(unknown, T), unknown).toEqual({ ok: false, reason: "unknown" });
      }
      expect(await store.redeem(token, T)).toMatchObject({ ok: true });
    });

    it("lets exactly one of concurrent redemptions of a token succeed", async () => {
      const store = makeStore();
      const token = await store.create("shotpayeva", ADMIN, T);
      const results = await Promise.all(Array.from({ length: 10 }, () => store.redeem(token, T + 1)));
      expect(results.filter((r) => r.ok)).toEqual([{ ok: true, officerId: "shotpayeva", createdBy: ADMIN }]);
      expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 9 }, () => ({ ok: false, reason: "used" })));
    });

    it("refuses an invite without an officer", async () => {
      await expect(makeStore().create(" ", ADMIN, T)).rejects.toBeInstanceOf(RangeError);
    });
  });
}

const { redis } = useTestRedis();

inviteStoreContract("memory", () => createMemoryInviteStore());
inviteStoreContract("redis", () => createRedisInviteStore(redis));

describe("Redis invite store specifics", () => {
  it("stores only a hash of the token, under the prefix, with a TTL covering validity and the memory window", async () => {
    const store = createRedisInviteStore(redis, { prefix: "t:" });
    const token = await store.create("ospanova", ADMIN, T);
    const keys = await redis.keys("*");
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^t:inv:[0-9a-f]{64}$/);
    expect(keys[0]).not.toContain(token);
    expect(await redis.get(keys[0]!)).not.toContain(token);
    const ttl = await redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(INVITE_VALIDITY_MS + KEEP_AFTER_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(INVITE_VALIDITY_MS + KEEP_AFTER_MS);
  });

  it("keeps the used marker for the memory window only, without the officer or the admin", async () => {
    const store = createRedisInviteStore(redis);
    const token = await store.create("ospanova", ADMIN, T);
    await store.redeem(token, T);
    const [key] = await redis.keys("kyz:inv:*");
    expect(await redis.get(key!)).toBe(JSON.stringify({ usedAt: T }));
    const ttl = await redis.pttl(key!);
    expect(ttl).toBeGreaterThan(KEEP_AFTER_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(KEEP_AFTER_MS);
  });
});

describe("memory invite store specifics", () => {
  it("forgets invites once the memory window after expiry or use has passed", async () => {
    const store = createMemoryInviteStore();
    const unused = await store.create("ospanova", ADMIN, T);
    const used = await store.create("ospanova", ADMIN, T);
    await store.redeem(used, T);
    expect(await store.redeem(used, T + KEEP_AFTER_MS - 1)).toEqual({ ok: false, reason: "used" });
    expect(await store.redeem(used, T + KEEP_AFTER_MS)).toEqual({ ok: false, reason: "unknown" });
    expect(await store.redeem(unused, T + INVITE_VALIDITY_MS + KEEP_AFTER_MS)).toEqual({
      ok: false,
      reason: "unknown",
    });
  });
});
