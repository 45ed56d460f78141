import { describe, expect, it } from "vitest";
import {
  createMemoryOfficerLinkStore,
  createRedisOfficerLinkStore,
  type OfficerLinkStore,
} from "../../src/store/officer-links.js";
import { useTestRedis } from "../support/redis.js";

/** The behaviour every OfficerLinkStore must have; run once per implementation. */
function officerLinkStoreContract(name: string, makeStore: () => OfficerLinkStore): void {
  describe(`${name} OfficerLinkStore contract`, () => {
    it("links users to officers and answers both ways", async () => {
      const store = makeStore();
      await store.link(300, "ospanova");
      await store.link(100, "ospanova");
      await store.link(200, "girts");
      expect(await store.officerOf(300)).toBe("ospanova");
      expect(await store.officerOf(200)).toBe("girts");
      expect(await store.officerOf(999)).toBeUndefined();
      expect(await store.usersOf("ospanova")).toEqual([100, 300]);
      expect(await store.usersOf("nobody")).toEqual([]);
      expect(await store.all()).toEqual([
        { userId: 200, officerId: "girts" },
        { userId: 100, officerId: "ospanova" },
        { userId: 300, officerId: "ospanova" },
      ]);
    });

    it("moves a user who is linked again to another officer, and linking twice changes nothing", async () => {
      const store = makeStore();
      await store.link(100, "ospanova");
      await store.link(100, "ospanova");
      expect(await store.usersOf("ospanova")).toEqual([100]);
      await store.link(100, "girts");
      expect(await store.officerOf(100)).toBe("girts");
      expect(await store.usersOf("ospanova")).toEqual([]);
      expect(await store.all()).toEqual([{ userId: 100, officerId: "girts" }]);
    });

    it("unlink removes every user of the officer and returns them; other officers keep theirs", async () => {
      const store = makeStore();
      await store.link(100, "ospanova");
      await store.link(300, "ospanova");
      await store.link(200, "girts");
      expect(await store.unlink("ospanova")).toEqual([100, 300]);
      expect(await store.officerOf(100)).toBeUndefined();
      expect(await store.officerOf(300)).toBeUndefined();
      expect(await store.usersOf("ospanova")).toEqual([]);
      expect(await store.all()).toEqual([{ userId: 200, officerId: "girts" }]);
      expect(await store.unlink("ospanova")).toEqual([]);
    });

    it("unlinkUser removes one user and says which officer they acted for", async () => {
      const store = makeStore();
      await store.link(100, "ospanova");
      await store.link(300, "ospanova");
      expect(await store.unlinkUser(100)).toBe("ospanova");
      expect(await store.unlinkUser(100)).toBeUndefined();
      expect(await store.usersOf("ospanova")).toEqual([300]);
      expect(await store.all()).toEqual([{ userId: 300, officerId: "ospanova" }]);
    });

    it("keeps both directions consistent under concurrent links of one user", async () => {
      const store = makeStore();
      const officers = ["ospanova", "girts", "magzumova", "shotpayeva"];
      await Promise.all(officers.flatMap((o) => [store.link(100, o), store.link(200, o)]));
      const all = await store.all();
      expect(all.map((l) => l.userId).sort()).toEqual([100, 200]);
      for (const link of all) {
        expect(await store.officerOf(link.userId)).toBe(link.officerId);
        expect(await store.usersOf(link.officerId)).toContain(link.userId);
      }
    });

    it("refuses nonsense ids", async () => {
      const store = makeStore();
      await expect(store.link(1.5, "ospanova")).rejects.toBeInstanceOf(RangeError);
      await expect(store.link(100, " ")).rejects.toBeInstanceOf(RangeError);
    });

    it("handles Telegram ids beyond 32 bits", async () => {
      const store = makeStore();
      await store.link(7_123_456_789, "ospanova");
      expect(await store.usersOf("ospanova")).toEqual([7_123_456_789]);
    });
  });
}

const { redis } = useTestRedis();

officerLinkStoreContract("memory", () => createMemoryOfficerLinkStore());
officerLinkStoreContract("redis", () => createRedisOfficerLinkStore(redis));

describe("Redis officer link store specifics", () => {
  it("writes under its prefix and leaves no empty officer behind after unlinking", async () => {
    const store = createRedisOfficerLinkStore(redis, { prefix: "t:" });
    await store.link(100, "ospanova");
    await store.link(200, "girts");
    expect((await redis.keys("*")).sort()).toEqual([
      "t:ol:officer:girts",
      "t:ol:officer:ospanova",
      "t:ol:officers",
      "t:ol:user:100",
      "t:ol:user:200",
    ]);
    await store.link(100, "girts");
    await store.unlinkUser(200);
    expect((await redis.keys("*")).sort()).toEqual(["t:ol:officer:girts", "t:ol:officers", "t:ol:user:100"]);
    expect(await redis.smembers("t:ol:officers")).toEqual(["girts"]);
    await store.unlink("girts");
    expect(await redis.keys("*")).toEqual([]);
  });
});
