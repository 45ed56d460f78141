import { describe, expect, it } from "vitest";
import type { Cover } from "../../src/domain/desk.js";
import { createMemoryCoverStore, createRedisCoverStore, type CoverStore } from "../../src/store/covers.js";
import { useTestRedis } from "../support/redis.js";

const { redis } = useTestRedis();

const cover = (officerId: string, substituteId: string, from = "2026-12-01", to = "2026-12-05"): Cover => ({
  officerId,
  substituteId,
  from,
  to,
  setBy: 9,
  setAt: 1,
});

function coverStoreContract(name: string, make: () => CoverStore): void {
  describe(`${name} CoverStore contract`, () => {
    it("keeps one cover per officer: setting again replaces it; remove returns what it removed", async () => {
      const store = make();
      expect(await store.all()).toEqual([]);
      await store.set(cover("ospanova", "girts"));
      await store.set(cover("abilmazhinova", "shotpayeva"));
      await store.set(cover("ospanova", "magzumova", "2026-12-02", "2026-12-03"));
      expect(await store.all()).toEqual([
        cover("abilmazhinova", "shotpayeva"),
        cover("ospanova", "magzumova", "2026-12-02", "2026-12-03"),
      ]);
      expect(await store.remove("ospanova")).toEqual(cover("ospanova", "magzumova", "2026-12-02", "2026-12-03"));
      expect(await store.remove("ospanova")).toBeUndefined();
      expect(await store.all()).toEqual([cover("abilmazhinova", "shotpayeva")]);
    });

    it("refuses a malformed cover and hands out copies", async () => {
      const store = make();
      await expect(store.set({ ...cover("ospanova", "girts"), from: "1 December" })).rejects.toThrow();
      await store.set(cover("ospanova", "girts"));
      const [read] = await store.all();
      read!.substituteId = "changed";
      expect((await store.all())[0]!.substituteId).toBe("girts");
    });
  });
}

coverStoreContract("memory", createMemoryCoverStore);
coverStoreContract("redis", () => createRedisCoverStore(redis, { prefix: "cov:" }));
