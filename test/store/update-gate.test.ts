/**
 * The update gate of several webhook instances (src/store/update-gate.ts) on a real Redis: a chat's lock
 * and an update's mark, each way through in one round trip.
 */
import { describe, expect, it } from "vitest";
import { ChatLockTimeoutError, createRedisUpdateGate } from "../../src/store/update-gate.js";
import { useTestRedis } from "../support/redis.js";

const { redis } = useTestRedis();
const noLoss = () => undefined;

/** Counts the commands this client sends to Redis while `body` runs (ioredis' sendCommand). */
async function roundTrips(body: () => Promise<unknown>): Promise<number> {
  let sent = 0;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((...args: Parameters<typeof send>) => {
    sent += 1;
    return send(...args);
  }) as typeof redis.sendCommand;
  try {
    await body();
  } finally {
    redis.sendCommand = send;
  }
  return sent;
}

describe("the update gate", () => {
  it("takes a chat's lock and reads the update's mark in one round trip, marks and releases in one", async () => {
    const gate = createRedisUpdateGate(redis, { prefix: "ug1:" });
    // Redis learns each script the first time it is sent (NOSCRIPT, then EVAL): counted after that.
    await (await gate.enterChat("warm-up", 1000, noLoss)).lock.release(1000);
    let entered: Awaited<ReturnType<typeof gate.enterChat>> | undefined;
    // Before, SET NX and EXISTS on the way in, SET and the release script on the way out: four.
    expect(
      await roundTrips(async () => {
        entered = await gate.enterChat("7", 1001, noLoss);
      }),
    ).toBe(1);
    expect(entered!.alreadyHandled).toBe(false);
    expect(await redis.exists("ug1:lock:chat:7")).toBe(1);
    expect(await roundTrips(() => entered!.lock.release(1001))).toBe(1);
    expect(await redis.exists("ug1:lock:chat:7")).toBe(0);
    expect(await redis.pttl("ug1:upd:1001")).toBeGreaterThan(23 * 3_600_000);
    expect(await gate.wasHandled(1001)).toBe(true);
  });

  it("tells a redelivered update it was handled, and a release without an update id marks nothing", async () => {
    const gate = createRedisUpdateGate(redis, { prefix: "ug2:" });
    const first = await gate.enterChat("8", 2001, noLoss);
    await first.lock.release(2001);
    const again = await gate.enterChat("8", 2001, noLoss);
    expect(again.alreadyHandled).toBe(true);
    await again.lock.release();
    const other = await gate.enterChat("8", 2002, noLoss);
    expect(other.alreadyHandled).toBe(false);
    await other.lock.release();
    expect(await gate.wasHandled(2002)).toBe(false);
    expect(await redis.exists("ug2:lock:chat:8")).toBe(0);
  });

  it("makes the next update of the chat wait for the lock, and gives up after the wait", async () => {
    const gate = createRedisUpdateGate(redis, { prefix: "ug3:", chatLockWaitMs: 200 });
    const first = await gate.enterChat("9", 3001, noLoss);
    let secondIn = false;
    const second = gate.enterChat("9", 3002, noLoss).then((entered) => {
      secondIn = true;
      return entered;
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(secondIn).toBe(false);
    await first.lock.release(3001);
    const entered = await second;
    expect(entered.alreadyHandled).toBe(false);
    await expect(gate.enterChat("9", 3003, noLoss)).rejects.toBeInstanceOf(ChatLockTimeoutError);
    await entered.lock.release(3002);
  });

  it("never releases a lock that lapsed and another instance took, but still marks the update", async () => {
    const gate = createRedisUpdateGate(redis, { prefix: "ug4:", chatLockMs: 50, chatLockWaitMs: 1_000 });
    const stale = await gate.enterChat("10", 4001, noLoss);
    // The refresher would keep it; a stuck instance is one whose lock lapsed all the same.
    await redis.set("ug4:lock:chat:10", "another-instance", "PX", 10_000);
    await stale.lock.release(4001);
    expect(await redis.get("ug4:lock:chat:10")).toBe("another-instance");
    expect(await gate.wasHandled(4001)).toBe(true);
  });
});
