/**
 * The update gate in polling mode (middlewares/across-instances.ts): Telegram lets one process poll, so
 * the bot takes no chat lock across instances, but it still skips an update it handled before a restart
 * (the runner's last batch is delivered again to the next process).
 */
import { describe, expect, it } from "vitest";
import { createRedisStores } from "../../src/store/stores.js";
import { makeUser, textUpdate } from "../../src/telegram/updates.js";
import { createHarness } from "../support/bot-harness.js";
import { useTestRedis } from "../support/redis.js";

const { redis } = useTestRedis();

describe("update gate when polling", () => {
  it("takes no chat lock: a lock held elsewhere does not hold the update up", async () => {
    const stores = createRedisStores(redis, { prefix: "pg1:", chatLockWaitMs: 60_000 });
    const h = createHarness({ stores, polling: true });
    const user = makeUser(5_201, "en");
    await redis.set(`pg1:lock:chat:${user.id}`, "someone-else", "PX", 60_000);
    const calls = await h.send(textUpdate(user, "/start"));
    expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(1);
    // Neither taken nor released by the bot.
    expect(await redis.get(`pg1:lock:chat:${user.id}`)).toBe("someone-else");
  });

  it("skips an update handled before a restart when it is delivered again", async () => {
    const user = makeUser(5_202, "en");
    const update = textUpdate(user, "/start");
    const before = createHarness({ stores: createRedisStores(redis, { prefix: "pg2:" }), polling: true });
    expect((await before.send(update)).filter((c) => c.method === "sendMessage")).toHaveLength(1);
    const after = createHarness({ stores: createRedisStores(redis, { prefix: "pg2:" }), polling: true });
    expect(await after.send(update)).toHaveLength(0);
  });
});
