import { describe, expect, it } from "vitest";
import { startBackgroundJobs } from "../../src/bot/background.js";
import { createPreApplication, transition } from "../../src/domain/preapplication.js";
import { createRedisStores } from "../../src/store/stores.js";
import { createHarness, testCatalog } from "../support/bot-harness.js";
import { useTestRedis } from "../support/redis.js";

const { redis } = useTestRedis();
const DAY = 86_400_000;

describe("background jobs", () => {
  it("sweep closed pre-applications past their retention at start, and stop cleanly", async () => {
    const stores = createRedisStores(redis, { prefix: "b:", retentionMs: 10 * DAY });
    const now = Date.now();
    const h = createHarness({ stores, clock: { now: () => now } });
    const service = testCatalog().serviceById.get(9)!;
    const created = createPreApplication({
      id: "0123456789abcdefghjk",
      ref: "KZ-9-0001-ABCDE",
      service,
      channel: "portal",
      citizen: { userId: 42, chatId: 42, locale: "ru" },
      form: { applicantName: "Айгерим Сапарова", phone: "+77011234567" },
      responseDue: { at: now - 20 * DAY, certain: true },
      ownerId: undefined,
      consentTextVersion: "test",
      now: now - 30 * DAY,
    });
    if (!created.ok) throw new Error("fixture");
    await stores.preApplications.create(created.app);
    const closed = transition(created.app, { action: "cancel" }, { kind: "citizen", userId: 42 }, now - 11 * DAY);
    if (!closed.ok) throw new Error("fixture");
    await stores.preApplications.applyTransition(created.app, closed.app);
    expect(await redis.zcard("b:pa:expiry")).toBe(1);

    const jobs = await startBackgroundJobs(h.deps, h.bot.api);
    const deadline = Date.now() + 5_000;
    while ((await redis.zcard("b:pa:expiry")) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await jobs.stop();
    expect(await redis.zcard("b:pa:expiry")).toBe(0);
    expect(await redis.keys("b:pa:citizen:*")).toEqual([]);
  });
});
